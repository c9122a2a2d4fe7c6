package main

import (
	"context"
	"fmt"
	"os"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/runbook"
	"golive/ui"
)

// cmdWatch opens a read-only cockpit on a launch driven by another process
// on this host, following its journal and step logs.
func cmdWatch(args []string) (int, error) {
	fs := newFlags("watch")
	state := fs.String("state", "", "state directory")
	var sets listFlag
	addSetFlags(fs, &sets)
	arg, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	dir, events, rb, err := launchTarget(arg, *state, sets)
	if err != nil {
		return exitUsage, err
	}
	if rb == nil {
		rb = launch.RunbookOf(events)
	}
	return exitOK, watchLaunch(dir, events, rb, "", nil)
}

// watchLaunch shows the launch in dir read-only until the operator quits
// or until closes.
func watchLaunch(dir string, events []launch.Event, rb *runbook.Runbook, notice string, until <-chan struct{}) error {
	relay := launch.NewRelay(rb, nil)
	model := ui.NewModel(ui.Options{
		Runbook:   rb,
		ReadOnly:  true,
		Notice:    notice,
		LaunchDir: dir,
		Rehearse:  rehearsal(events),
		Relay:     relay,
	})
	defer model.Close()
	p := tea.NewProgram(model, tea.WithAltScreen())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for e := range launch.Follow(ctx, dir, 200*time.Millisecond) {
			relay.Publish(e)
		}
	}()
	if until != nil {
		go func() {
			select {
			case <-until:
				p.Quit()
			case <-ctx.Done():
			}
		}()
	}
	_, err := p.Run()
	return err
}

// watchUntilFree watches the launch the holder of root's lock drives, and
// takes the lock when it is released with the launch unfinished. It
// returns a nil lock and nil error when the operator quit, or when the
// launch ended under its driver (then nothing is left to take over).
func watchUntilFree(root string, rb *runbook.Runbook, holder *launch.LockedError) (*launch.Lock, error) {
	dir, events, err := launch.Latest(root)
	if err != nil {
		return nil, holder
	}
	freed := make(chan struct{})
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(300 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if _, held := launch.LockHolder(root); !held {
					close(freed)
					return
				}
			}
		}
	}()
	notice := fmt.Sprintf("read-only: %s drives (pid %d); this cockpit takes over if it leaves the launch unfinished", holder.Holder, holder.PID)
	if err := watchLaunch(dir, events, rb, notice, freed); err != nil {
		return nil, err
	}
	select {
	case <-freed:
	default:
		return nil, nil // the operator quit the watch
	}
	_, events, err = launch.Latest(root)
	if err != nil {
		return nil, err
	}
	if st := launch.FoldLaunch(rb, dir, events); st.Outcome != launch.OutcomeInProgress && st.Outcome != launch.OutcomeInterrupted {
		fmt.Fprintf(os.Stderr, "golive: the launch ended under its driver (%s); see 'golive report %s'\n", st.Outcome, rb.Path)
		return nil, nil
	}
	return launch.AcquireLock(root, driver())
}

// rehearsal reports whether the journal's launch is a rehearsal.
func rehearsal(events []launch.Event) bool {
	if len(events) == 0 {
		return false
	}
	b, ok := events[0].Body.(launch.LaunchStartedBody)
	return ok && b.Launch != nil && b.Launch.Rehearsal
}
