// Package ui is golive's cockpit: bubbletea views of a launch's state. It
// pulls its own copy of the launch.State from a launch.Relay, draws it,
// and turns the operator's keys into launch.Commands. It runs no process
// itself.
//
// The cockpit is a root Model over child components, each owning its
// state, keys (keys_*.go, key.Binding with help) and view:
//
//   - stepsScreen: the step list, its selection and following, the
//     selected item's detail, checklist cursor and decision menus;
//   - gateScreen: the go/no-go gate and its check cursor;
//   - monitorScreen: the probes, the selected probe and its chart;
//   - summaryScreen: the end of the launch;
//   - questions: the footer's open text prompt or y/n question;
//   - autoRollback: the countdown of monitor.auto_rollback;
//   - markdown: the runbook's descriptions rendered by glamour for this
//     terminal's width and colour profile.
//
// Whatever is selected, one line says what the launch waits on a person
// for and the keys that answer (waiting.go: waitingOn is the one place
// that knows every kind of wait, for that line, the footer, the compact
// view below 80x24 and the presentation mode). Those keys answer from any
// row, and Enter on any row goes to what waits. Every confirmation says
// what it will do (consequences.go).
//
// The root holds the state snapshot, routes each message by an explicit
// mode (mode.go, route.go), hands every child its size after each message
// (layout) and a frame of the snapshot for each key and draw (screen.go).
// It reacts to changes of the state (a new phase, the launch's end), not
// to single events, so a view that skipped events while its terminal was
// slow reacts all the same. Several cockpits may share one relay: each
// has its own snapshot, components, size and renderer.
package ui
