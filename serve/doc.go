// Package serve is golive's SSH server: each person who connects with
// `ssh -p PORT HOST` is known by their public key and gets their own
// bubbletea program, drawn at their own terminal size and colour profile.
//
// The server offers exactly one thing, an interactive session with a PTY
// running the model the caller's factory builds. Passwords,
// keyboard-interactive, unknown keys, commands (`ssh host cmd`),
// subsystems (sftp), port forwarding in either direction, X11 and agent
// forwarding are all refused, each explicitly and, where the SSH protocol
// carries one, with a message the client prints.
//
// # A slow client costs only its own frames
//
// A frozen laptop keeps its TCP connection open for minutes. Once its SSH
// channel window and the socket buffers are full, the write of its frame
// blocks, on a goroutine of the session's own: the session computes no
// further frame until the client has taken that one, then draws the
// present in one frame. Nothing else waits on it: each session has its own connection,
// goroutines and program, resize events are coalesced so the SSH request
// loop never waits on the program, and the server never calls into a
// session while holding a lock another session needs.
//
// # What a session costs
//
// Each session draws its own frames (frames.go) instead of bubbletea's
// renderer, which calls View after every message and rewrites each changed
// line whole. The model's View runs at most once per Options.Frame, and
// only after a message that may have changed it (a model implementing
// Quiet names the ones that cannot). The frame is compared cell by cell
// with what the client's terminal shows, and only the changed cells are
// sent, after a cursor move; a run of cells that moved one column left (a
// sparkline taking a sample) is moved on the terminal with one delete and
// one insert. A key is drawn at once; the other frames take turns across
// sessions, one at a time, so twenty watchers of a flood keep at most one
// core and the driver's key never waits behind their frames. An idle
// monitor then costs a session about 2 KB a second, a flood a few tens
// of KB in all; the README's speed table has the figures and commands.
//
// Twenty watchers cost a flood little: `seq 1 2000000` as a step takes
// about as long watched as with the driver alone (the e2e benchmark
// ServeFlood; the README has the figures). The step's output leaves its
// pseudo-terminal a few KiB a read, each read a round trip with the
// kernel's worker, so what other work on the machine lengthens is that
// round trip more than anyone's CPU. The 1.37x once measured was not the
// frames: the flood started before the hold for a driver took effect,
// while the watchers' SSH handshakes ran (perf sched: `seq` slept 2-3
// times as long on the full terminal); within serve no lock held up the
// reader. Drawing watchers' floods at 4 frames a second instead of 10
// changed nothing measurable. Since a step's terminal passes its output
// on unprocessed (checks/pty_linux.go), that flood takes 80-150 ms
// instead of 450-570, and the frames every session draws when the driver
// connects as the step starts cost 20-35 ms of it: 1.26-1.37x. A
// session drawing a frame nobody typed for now keeps the turn as long
// again as the frame took, so those frames together use at most half a
// core: 1.16-1.18x, against 1.24-1.25x for the build before in the same
// runs. Keys are drawn at once, outside the turns (the driver's worst
// key during a flood with 20 watchers: 3.3 ms).
//
// The one thing the package cannot enforce is how the caller feeds the
// models, so the factory has a contract:
//
//   - A model must never be fed with tea.Program.Send or by a goroutine
//     that blocks until the session takes a value: Send blocks while the
//     program is stuck writing to a client that does not read.
//   - Feed it instead with pull-based, non-blocking signals: the publisher
//     stores the latest state and does a non-blocking send on a one-slot
//     channel; the model's re-arming tea.Cmd waits on that channel (and on
//     Session.Done) and reads the latest state when it runs. A stalled
//     session then skips straight to the present when it reads again.
//   - Subscriptions end when Session.Done is closed.
//
// The audit hooks (Options.OnOpen, OnClose, OnResize, OnRefuse) run on the
// goroutine of the session or connection they describe, never with a
// server lock held, so they run concurrently for different sessions and
// must be safe for that; a hook that blocks delays only that session.
//
// A model that panics ends its own session; bubbletea prints the panic on
// the server's standard output.
package serve
