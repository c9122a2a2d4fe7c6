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
// What remains: on `seq` the cockpit is as fast as headless, and
// headless itself is half again `script` (the PTY read path, the log and
// the Go runtime's scheduling, not the pane); on the progress flood the
// SGR parsing in the safe package is the largest single cost left, then
// the PTY reads. Neither goal (0.9x tmux and 1.15x `script` for `seq`,
// 1.15x `script` for progress) is met against `script` yet.
package pane
