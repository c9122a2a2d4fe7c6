// Package pane is the output pane of a step: it turns the raw bytes a step
// prints into lines a terminal would show, keeps a bounded ring of them,
// and draws the visible part as a bubbletea component.
//
// The parts, from the bytes up:
//
//   - Screen applies what a terminal would to a stream of output: colours,
//     carriage returns, backspaces, erase-in-line and cursor motion within
//     the last LiveLines lines (so docker, npm and apt progress show their
//     latest state). Every other control sequence is dropped by the safe
//     package before it gets here.
//   - Under a flood, Screen skims whole lines that can only act on
//     themselves and keeps them raw, to be interpreted only when a frame,
//     a search or the pager reads them (lazy.go).
//   - Buffer wraps a Screen for the reader goroutine: Write under a lock and
//     a one-slot signal, so that a burst of writes becomes one redraw.
//   - Model is the component the cockpit embeds: follow mode, scrolling,
//     search, the log in $PAGER. View draws only the visible lines and
//     wraps only those, so its cost does not depend on how much is buffered.
//
// # Where the time goes under a flood
//
// A flood is a step printing as fast as it can while the cockpit shows it:
// `seq 1 2000000`, and 200,000 coloured progress lines each redrawn ten
// times after '\r' (bench/gen). Profiles: `go test -run '^$' -bench Write
// -cpuprofile` on this package, and `perf record -g` of the cockpit inside
// a 200x50 tmux pane during bench/flood.sh's workloads.
//
// Before. Every byte became a 40-byte cell holding a string, so a
// progress bar's overwrite was a store the garbage collector had to watch
// (write barriers); every finished line was rendered from its cells into a
// string of its own (2 million allocations for `seq`), and the slice of
// live lines was shifted by one on every line feed. In the Write
// benchmarks the cell stores (Print) took 38% of the time, the scanner
// 25%, rendering finished lines 11%, the shift 10%: `seq` went through at
// 30 MB/s, the progress flood at 58 MB/s. In the cockpit under the
// progress flood, golive took 67% of the CPU samples, the step 33%; of
// golive's, the pane's Write took 32 points (Print 16), reading the PTY
// 11, the terminal-query answerer 5, the step's log 5, the cockpit's View
// 3. The cockpit was 2.1-2.3x `script` on that flood, against 0.92x
// headless.
//
// What changed, in the order the profile asked for it:
//
//   - A line holds text while output only appends to it or rewrites it
//     whole after '\r' (textline.go): one byte per column, the SGR
//     sequences written once per change of style. Finishing it is a copy.
//     Backspaces, cursor motion, erasing inside it and text outside ASCII
//     turn it into cells once; FuzzTextMode checks both forms render the
//     same.
//   - Cells hold no pointer (24 bytes): a rune, a width and the style;
//     clusters of several runes sit in a per-line list.
//   - Finished lines are rendered into 64 KiB slabs and shared from there,
//     and the live lines are a window sliding along a buffer twice their
//     number: no allocation and no shift per line.
//   - Lines are rendered in the very form wrapLine writes rows in, so View
//     passes a line that fits as its own row; wrapLine copies ASCII runs
//     whole and pads in blocks (FuzzWrap checks it against the byte-at-a-
//     time form).
//   - The scanner reads a CSI sequence in one loop. The PTY reader
//     gathers what a flood has ready into 32 KiB before the log, the
//     masker and the pane see it, and hands it to a writer goroutine so
//     the next read overlaps (checks/proc_unix.go). Output frames come
//     at most 30 times a second, and Write takes the lock 4 KiB at a
//     time so a key never waits for a whole read.
//
// After, on the same 2-core machine, loaded by other work throughout
// (load average 4-48), so absolute times are inflated and only figures
// taken side by side mean much. The Write benchmarks, the code before and
// after run alternately, thread CPU time per stream: `seq` 452-540 ms
// before, 202-215 ms after (2 million allocations before, 423 after);
// the progress flood 1714-1839 ms before, 1348-1370 ms after, now bound by
// the scanner's parsing of four SGR sequences per redraw (about half of
// the pane's time). In the cockpit under the progress flood, golive takes
// 61% of the samples: the pane 23-25 points (scanner 14, text 8), the PTY
// reads 11, the answerer 6 (before it rejected "ESC [ 0 m" at its final
// byte), the log 3, the cockpit's View under 3. View of a 200x50 frame
// over 1M lines, following: 24 µs of CPU (43 µs wall at load 48); with a
// search highlighted 86 µs of CPU. bench/flood.sh, 5 alternating runs:
// `seq` in the cockpit 1.95-2.02 s, 0.54-0.58x a bare tmux pane,
// 1.51-1.53x `script`, headless 1.12-1.57x; the progress flood 6.15-6.83
// s, 0.41-0.53x tmux, 1.58-1.96x `script` (2.1-2.3x before), headless
// 0.98-1.23x (two invocations).
//
// What remained after that round: the SGR parsing of the progress flood
// and, for `seq`, a gap to `script` that headless mode shared.
//
// # The second round: an honest comparison, then the parser
//
// The `script` row used to be `script -qfc CMD /dev/null` outside tmux:
// no log file, its output thrown away, timed outside the pane. Now every
// row runs in a fresh tmux pane, `script` writes every byte to a log file
// as golive does (its stdout is still /dev/null: nothing draws it, so it
// is the floor for reading a PTY and keeping a log, not a terminal to
// watch), and each row has two figures: wall seconds, and CPU seconds of
// the command and what it waited for (the workload included), plus for
// the rows drawn in the pane the CPU the tmux server spent meanwhile. On
// this shared machine a run's wall time moved by 2-3x within one
// invocation (load 5-16) while its CPU time moved by about 15%, so the
// CPU ratios are the ones to trust. Drawing the cockpit's frames costs
// the tmux server 0.06 s for `seq` and 0.15 s for the progress flood.
//
// Profiles (perf record -e cpu-clock -g of golive in the 200x50 pane,
// the progress flood; the step takes 40% of the samples, golive 60%):
// of golive's share, the pane's Write took about a third (the scanner
// and its CSI states 16 points of the whole, printing 8, Style.Apply 2);
// reading the PTY 12 points, nearly all in the kernel's tty code; the Go
// scheduler and sysmon 7 (golive is woken for every read, as any reader
// of a PTY is); the step's log 4; the answerer of terminal queries 2;
// the cockpit's own View 4. The read path alone (checks'
// BenchmarkPTYFlood: seq into a PTY and a log file) did not move when
// gathering waited longer, read 64 KiB at a time or did not nap at all:
// 1190-1330 ms of CPU for all variants, seq included, about what
// `script` spends. Headless is within 1.05-1.19x of `script` in CPU.
//
// What changed:
//
//   - The safe Scanner reads a CSI sequence of digits and semicolons that
//     lies whole in one read in a single pass with its state in
//     registers (safe/csifast.go); FuzzFastCSI checks it hands the
//     Handler exactly what the byte-at-a-time states do. Style.Apply
//     skips the sub-parameter walk when no ':' was seen.
//   - A line rewritten after '\r' hands its text to the layer under it
//     instead of copying it.
//   - A hidden pane stops waiting for output until it is shown again
//     (Model.SetHidden), so a step flooding in the background wakes the
//     cockpit once instead of 30 times a second.
//   - A frame with a search highlighted reuses one buffer for the plain
//     text of every line (match.go, FuzzMatcher), cuts wrapped rows from
//     one buffer without copying them, and sizes the frame once.
//
// After, the pane benchmarks run before and after alternately, 5 times,
// thread CPU, medians: the progress flood 1287 ms before, 891 ms after;
// `seq` 163 ms before, 198 ms after (within the noise: 145-236 ms);
// View over 1M lines scrolled with a search highlighted 85 µs before, 38
// µs after, following 22 µs before, 17 µs after. The worst key while
// flooding: 9-16 ms (median 0.015-0.022 ms). bench/flood.sh, 5
// alternating runs each, medians (the invocations before and after were
// separate, load 5-16): `seq` in the cockpit 1.88 s of CPU before, 1.72
// s after, 1.43x `script` (1.20 s) in CPU and 1.20x in wall time, 0.59x
// tmux in CPU and 0.41x in wall time; the progress flood 6.07 s of CPU
// before, 5.28 s after, 2.06x `script` (2.56 s) in CPU and 1.29x in wall
// time (the cockpit uses both cores), 0.51x tmux in CPU, 0.24x in wall
// time. Peak RSS 19.6 MB. A second invocation after, at load 5: `seq`
// 1.71x `script` in CPU and 1.34x in wall time, 0.57x tmux in CPU; the
// progress flood 1.84x `script` in CPU and 1.25x in wall time, 0.53x
// tmux in CPU.
//
// What remains: the goals against `script` (1.15x) are not met. In CPU
// the cockpit spends 0.46 s more than headless on `seq` and 2.4 s more
// on the progress flood. The pane's Write accounts for 0.2 s of the
// first and, by the profile of the cockpit, about 1.3 s of the second
// (0.9 s in its own benchmark, which has a core to itself); the
// cockpit's View and the tmux server's drawing for a few tenths. Parsing
// and applying four SGR sequences per redraw is still most of the pane's
// share on the progress flood; the cockpit's View (outside this
// package) is the next cost. The read path is at `script`'s cost.
//
// # The third round: lines nobody sees are not interpreted
//
// Profile before (perf record -e cpu-clock -g of the cockpit in a 200x50
// tmux pane, the progress flood): golive 60% of the samples, gen 40%; of
// all samples the pane's Write took 21 points (the scanner 5, printing
// 6, the CSI states and Style.Apply 6), reading the PTY 12 (nearly all
// in the kernel's tty code), the runtime's monitor (sysmon) 6 and
// switching threads 7, the cockpit's View and bubbletea 4, the log 3.
// bench/flood.sh at load 2-8, 5 runs: the cockpit 1.54x `script` in CPU
// on `seq`, 1.66x on the progress flood (headless 1.17x and 1.18x).
//
// What changed:
//
//   - Lazy lines (lazy.go). When the cursor is at the start of a fresh
//     last line, Write looks for each '\n' and checks the line can only
//     act on itself: printable text, SGR, '\r', '\b', '\t', erase to the
//     end, controls that do nothing. Such a line is not interpreted: plain
//     ASCII is kept as its own rendering, anything else as its raw bytes
//     behind the SGR sequence of the style at its start, and when its last
//     rewrite after '\r' is plain or erases to the end and covers the
//     rest, only that rewrite is kept (a progress line redrawn eleven
//     times keeps one redraw's 50 bytes). The style at the line's end is
//     found from its last reset on, so a line ending in "ESC[0m" parses no
//     SGR at all. Lines are interpreted when a frame, a search or the
//     pager reads them, or the cursor comes back to them (cursor motion
//     only reaches the last LiveLines lines, which stay live lines, raw or
//     not). FuzzLazy checks the lazy screen against the eager one, with
//     lines read early, late and after the cursor went back. Buffer cuts
//     its 4 KiB slices after a '\n' so each slice starts a line.
//   - The PTY master is read through the runtime's poller (non-blocking),
//     not by a thread blocked in the kernel, which the runtime's monitor
//     kept handing off (checks/proc_unix.go).
//   - Once output has been waiting for four frames in a row, the pane
//     draws at most every 100 ms (FloodInterval): each frame costs a View
//     of the whole cockpit (0.4 ms of CPU) and a redraw of the pane by the
//     terminal, and a flood scrolls by too fast to read at 30 frames a
//     second. Keys are drawn at once as before; a pause in the output
//     brings 30 frames a second back.
//   - When a flood is read, the reader waits for the rest of it with a
//     read deadline on the poller instead of napping 200 µs and looking
//     again (checks/proc_unix.go).
//
// After. The machine was far busier than in the rounds before (load
// average 20-30 throughout), which stretches every wall time and, for
// the cockpit, the number of frames drawn; figures taken side by side
// are the ones to read. The Write benchmarks, main and this round
// alternately, 3 times, thread CPU: `seq` 207-232 ms before, 108-134 ms
// after; the progress flood 957-1026 ms before, 389-441 ms after. View
// over 1M lines, CPU, three runs each side by side: following 18-25 µs
// before, 17-21 µs after; scrolled with a search 52-63 µs before, 40-58
// µs after (a frame reads lines already interpreted, so View does not
// change; the spread is the load). The worst key while flooding
// (KeyWhileFlooding, 2000 keys, twice) 115-117 ms before, 78-96 ms after,
// median 0.013-0.015 ms: at this load the goal of 50 ms is not met, by
// either. bench/flood.sh 5 with BASE set to main's build (this round
// without the gathering on the poller, which came after and was measured
// on its own: `seq` in the cockpit 2.06 s of CPU against 2.14 s, 3 runs
// side by side at load 27-29), medians of 5 alternating runs at load
// 21-30: `seq` in the cockpit 2.20 s of CPU
// (main 2.48 s, 0.89x), 1.88x `script` in CPU (headless 1.50x) and 1.14x
// in wall time, 0.58x tmux; the progress flood 6.31 s of CPU (main 8.64
// s, 0.73x; wall 0.71x), 1.66x `script` in CPU (headless 1.25x) and 1.10x
// in wall time, 0.50x tmux. The tmux server's drawing of the cockpit's
// frames fell from 0.78 s to 0.24 s on the progress flood. Peak RSS 29-31
// MB, of which headless golive alone takes 27 MB: the binary has grown
// to 30 MB.
//
// What remains: against `script` the cockpit meets 1.15x in wall time
// but not in CPU, and neither does headless golive at this load
// (1.25-1.50x): the read path costs golive more than it costs `script`
// once the machine is saturated (the runtime's monitor, thread switches
// and wake-ups per read), and that, not the pane, is now most of the gap.
// Of the cockpit's own share the pane's skimming is the largest part
// (about 7% of the samples on the progress flood, most of it checking
// each line byte by byte), then the frames.
//
// # The fourth round: the whole machine's CPU, then the stalls
//
// On an idle 2-core machine the progress flood in the cockpit is bound by
// the CPU of everything that moves the bytes, not by one thread. perf
// sched timehist of one run: gen 1.66 s of CPU, the kernel's tty workers
// (kworker, flush_to_ldisc: the PTY's own copying) 0.54 s, golive 1.1 s,
// tmux 0.02 s, in 2.1 s of wall time; `script` spends about 0.5 s where
// golive spends 1.1 s. Every CPU millisecond golive saves is about half a
// millisecond of wall time. Profile of the cockpit before this round
// (perf record -g, 200x50 tmux pane): golive 43% of the samples, gen
// 57%; of all samples the pane's skimming 8 points, the terminal-query
// answerer 5, switching threads 7 (the writer goroutine's hand-offs and
// the runtime's monitor), reading the PTY 12 (the kernel's tty code, as
// for `script`). After the first two changes below: golive 40%, of
// which reading the PTY 14 points, the pane 11, the scheduler 3, the
// answerer 3.7, the log 3, the cockpit's View under 1.
//
// What changed:
//
//   - The query answerer (checks/termquery.go) looks at eight bytes at a
//     time for ESC and turns colours away without a call:
//     BenchmarkQueryAnswerer on gen's lines 36 µs per 32 KiB before, 21
//     µs after.
//   - The PTY reader writes each chunk itself before the next read: the
//     writer goroutine of the second round cost 100k context switches
//     against 78k and 0.1 s more CPU (perf stat), more than the overlap
//     gave on two cores.
//   - A skimmed line's style is passed by pointer. By value it was stored
//     field by field and read back as one 16-byte word, a failed
//     store-to-load forward on every line (perf annotate: half of
//     plainLine). WriteSeq 74.5 ms before, 69.2 ms after; WriteProgress
//     249 ms before, 236 ms after (medians of 4).
//
// Tried and left out, each measured against the build before in the same
// bench/flood.sh run: feeding the pane from a goroutine of its own behind
// a 256 KiB queue (the reader only copying) made the progress flood
// slower, 2.24 s against 1.97 s of wall time; GOMAXPROCS=1 changed
// nothing (2.01 s against 2.04 s); working out the style of each '\r'
// part only at the end of the line, parsing CSI sequences inline, and
// finding plain lines without IndexByte were each 3-8% slower in the
// Write benchmarks.
//
// With these three, bench/flood.sh 7 with BASE the build before (idle
// machine, load 0.6-2.2, medians of 7 alternating runs): the progress
// flood in the cockpit 1.98-2.09 s of wall time against 2.06-2.12 s
// before, 2.19-2.24 s of CPU against 2.31-2.47 s (0.89-0.97x), still
// 1.19-1.37x `script`; `seq` 0.62-0.63 s, 1.17-1.19x `script`, within the
// noise of the build before.
//
//   - Then the step's own share. perf sched timehist of the progress
//     flood: gen 1.66 s of CPU, the kernel's tty workers 0.54 s, golive
//     1.1 s; and n_tty_write, in the step's write, was gen's largest cost
//     (13% of all samples): with output processing on (OPOST, ONLCR) the
//     kernel looks at every byte the step writes to turn '\n' into
//     "\r\n", which the pane then reads back as the '\n' it starts a
//     line at column 0 for anyway. The step's terminal now has output
//     processing off (checks/pty_linux.go): the pane shows the same, the
//     log keeps the step's own line ends, and a flood of short lines
//     costs the kernel a copy instead of a walk.
//
// After, two invocations of bench/flood.sh 7 with BASE the build before
// this change (load 0-1.5): `seq` in the cockpit 0.23 s of wall time
// against 0.64 s (0.36x), 0.44-0.45x `script`, 0.20-0.21x a bare tmux
// pane, headless 0.11-0.12 s; the progress flood 1.66-1.75 s against
// 1.86-2.06 s (0.85-0.89x), 1.11-1.17x `script` in wall time and
// 1.06-1.10x in CPU, 0.30-0.32x tmux, headless 0.92-1.00x `script`. Two
// more invocations (progress only): 1.13x and 1.10x `script` in wall
// time, 1.08x and 1.03x in CPU. View over 1M lines: following 11.6 µs, scrolled with a search
// 36 µs; the worst key while flooding 4.1 ms.
//
// What remains: what keeps the progress flood near 1.15x `script` is the
// pane's skimming, about 0.2 s of CPU that headless mode does not spend
// (11% of the samples): the skim keeps one redraw of each progress line,
// so what is left is reading every byte of the other ten, and its time
// goes to mispredicted branches at the edges of short runs and
// sequences, not to any one statement (finding the end of a run from
// the eight-byte mask instead of byte by byte changed nothing
// measurable). Feeding the pane from its own goroutine was still slower
// once the machine had CPU to spare (1.65 s against 1.56 s). Peak RSS is
// 28.4-28.7 MB against a goal of 25 MB: `golive version` alone peaks at
// 23.7 MB, mostly pages of the 30 MB binary touched by the packages'
// init, and a program that only imports glamour peaks at 13.8 MB
// against 4.3 MB for one that only imports bubbletea (chroma's lexers
// and styles: 20 ms and 4 MB of allocations at every start,
// GODEBUG=inittrace=1). The heap itself stays at 2-5 MB through the
// flood (GODEBUG=gctrace=1), and returning freed memory at start
// (debug.FreeOSMemory) took 0.5 MB off.
//
// Where the rest of the memory was: of the idle cockpit's 26.8 MB, 18.8
// MB were pages of golive's own binary (7.8 MB of code, 8.9 MB of
// read-only data), and 14 MB of them were resident before main ran.
// Linux maps a binary's pages 64 KB around each page touched, so the
// inits' scattered reads (chroma's embedded XML above all) leave most of
// the binary resident: a test program touching one byte in 64 KB of a
// 16 MB embedded file had all 16 MB resident, madvise(MADV_RANDOM) or
// not. main now hands the read-only pages of the binary back once every
// init has run (internal/startpages): the page cache keeps them, and
// what the cockpit runs is mapped back on first touch. bench/flood.sh 7
// with BASE the build before: peak RSS 22.7 MB for `seq` and 22.8 MB for
// the progress flood, against 28.9-29.9 MB (goal 25 MB met); the peak is
// now the inits' own, before main; wall and CPU times within the noise
// of the build before (`seq` 0.24 s against 0.25 s, progress 1.77 s
// against 1.71 s, CPU 1.88 s against 1.81 s, each run of either build
// in 1.77-2.02 s).
//
// The progress flood's pane cost, measured once more: with every part
// before a line's last '\r' skipped outright (a wrong result, as a bound),
// BenchmarkWriteProgress takes 79 ms instead of 245: two thirds of the
// pane's time is reading the rewrites the last one hides. Tried against
// it and left out (alternating runs of the benchmark): reading those
// parts from escape to escape with IndexByte, 292 ms against 251 (a call
// per sequence costs more than the byte loop); the SGR spans stored one
// end at a time, or packed in a uint64, 260-268 ms against 249-253;
// skipping styleOf at a '\r' when no sequence is pending, within the
// noise; and a SWAR csiEnd, whose bound (finding the final byte without
// any check) was 3-4%. In the cockpit, a pane fed from a goroutine of its
// own was again no faster (2.03 s against 2.00 s of wall time, more
// CPU), and a cockpit whose pane took nothing at all bounds what is left
// to win: 1.58-1.73 s against 1.94-2.01 s in the same runs.
package pane
