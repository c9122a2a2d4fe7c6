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
// channel window and the socket buffers are full, every write to that
// session blocks, and with it that session's bubbletea renderer and event
// loop. Nothing else waits on it: each session has its own connection,
// goroutines and program, resize events are coalesced so the SSH request
// loop never waits on the program, and the server never calls into a
// session while holding a lock another session needs.
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
