package ui

import (
	"time"

	"github.com/charmbracelet/lipgloss"

	"golive/launch"
	"golive/runbook"
)

// Options wire a cockpit to a launch.
type Options struct {
	Runbook *runbook.Runbook
	// Send delivers a command to the engine; nil in watch mode.
	Send func(launch.Command)
	// ReadOnly is golive watch: no key may send anything.
	ReadOnly bool
	// Notice replaces the header's "(watching, read-only)" when set, e.g.
	// to say this cockpit takes over once the driver ends.
	Notice   string
	Rehearse bool
	// Driver is who drives (USER@HOST), shown in the header and used as
	// the Who of commands typed here.
	Driver string
	// LaunchDir is the launch's directory, for step log paths; watch mode
	// tails the step logs in it.
	LaunchDir string
	// ExitOnFinish leaves the cockpit when the launch ends (--exit).
	ExitOnFinish bool
	// Renderer draws the cockpit's styles for its terminal, with that
	// terminal's colour profile and background. Nil means lipgloss's
	// default renderer, for this process's own terminal (it honours
	// NO_COLOR); a server gives each session a renderer of its own.
	Renderer *lipgloss.Renderer
	// Clock is the time source; nil means time.Now.
	Clock func() time.Time
	// Outputs holds the step output panes the engine writes into; nil
	// makes a private registry (watch mode fills it from the logs).
	Outputs *Outputs
	// Relay is where the cockpit pulls the launch's state from: the
	// engine publishes every event into it and never waits for the
	// cockpit. Nil leaves the cockpit to be fed EventMsgs.
	Relay *launch.Relay
	// TailLogs reads step output from the logs in LaunchDir, as watch
	// mode does, instead of from Outputs the engine writes: each SSH
	// session of `golive serve` reads only the step it shows, at its own
	// pace, and the engine's output path knows nothing of sessions.
	TailLogs bool
	// Remote is a cockpit drawn for someone at another machine (a session
	// of golive serve): no key of theirs may start a program here, so the
	// pane's log pager, which would run $PAGER on this machine with the
	// session as its terminal (and less runs shell commands), is off.
	Remote bool
	// Frame is the shortest time between two frames drawn for new step
	// output; the pane's own 30 a second when zero. golive serve draws
	// each person's cockpit less often, so twenty people watching a flood
	// cost the step little.
	Frame time.Duration
	// History are the events of a launch being resumed, folded before
	// anything else when there is no Relay (a relay is built with them).
	History []launch.Event
}

// EventMsg carries one event to a cockpit that has no Relay. It is
// folded at once; the engine itself publishes to a Relay instead, which
// never blocks it.
type EventMsg struct{ E launch.Event }

// InterruptMsg says the process got SIGINT or SIGTERM, as a signal (the
// Ctrl-C key is a key). As in a headless launch, the engine then stops at
// the next safe point, or, on a second signal (Again), stops the running
// step too; the header says which until the cockpit ends, so the operator
// is not left wondering why nothing new starts.
type InterruptMsg struct{ Again bool }

// tickMsg re-draws the clocks once a second.
type tickMsg time.Time
