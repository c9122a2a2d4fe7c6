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
package pane
