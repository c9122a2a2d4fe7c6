package main

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/ui"
)

// cmdWatch opens a read-only cockpit on a launch driven by another process
// on this host, following its journal and step logs.
func cmdWatch(args []string) (int, error) {
	fs := newFlags("watch")
	state := fs.String("state", "", "state directory")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage, err
	}
	arg, err := runbookArg(pos)
	if err != nil {
		return exitUsage, err
	}
	dir, events, rb, err := launchTarget(arg, *state)
	if err != nil {
		return exitUsage, err
	}
	if rb == nil {
		rb = runbookOf(events)
	}
	model := ui.NewModel(ui.Options{
		Runbook:   rb,
		ReadOnly:  true,
		LaunchDir: dir,
		Rehearse:  len(events) > 0 && events[0].Launch != nil && events[0].Launch.Rehearsal,
	})
	p := tea.NewProgram(model, tea.WithAltScreen())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for e := range launch.Follow(ctx, dir, 200*time.Millisecond) {
			p.Send(ui.EventMsg{E: e})
		}
	}()
	if _, err := p.Run(); err != nil {
		return exitFailed, err
	}
	return exitOK, nil
}
