package launch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golive/runbook"
)

// Locate finds the launch a path names, for report and watch: a launch
// directory (one holding a journal), a state root (.golive/NAME) whose
// latest launch it takes, or the .golive directory holding one root per
// runbook name, whose newest launch among them it takes.
func Locate(path string) (dir string, events []Event, err error) {
	j := filepath.Join(path, JournalFile)
	if _, err := os.Stat(j); err == nil {
		events, err := ReadJournal(j)
		return path, events, err
	}
	dir, events, err = Latest(path)
	if errors.Is(err, ErrNoLaunch) {
		return newestUnder(path)
	}
	return dir, events, err
}

// newestUnder looks one level down for state roots and returns the newest
// launch among them.
func newestUnder(parent string) (string, []Event, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return "", nil, err
	}
	var bestDir string
	var best []Event
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		d, evs, err := Latest(filepath.Join(parent, e.Name()))
		if err != nil || len(evs) == 0 {
			continue
		}
		if best == nil || evs[0].Time.After(best[0].Time) {
			bestDir, best = d, evs
		}
	}
	if best == nil {
		return "", nil, fmt.Errorf("%s: no launch on record", parent)
	}
	return bestDir, best, nil
}

// RunbookOf loads the runbook a journal names, when it is still there and
// valid, so a fold has its full skeleton; otherwise nil.
func RunbookOf(events []Event) *runbook.Runbook {
	info := launchOf(events)
	if info == nil {
		return nil
	}
	rb, err := runbook.Load(info.Runbook, runbook.LoadOptions{Rehearse: info.Rehearsal})
	if err != nil {
		return nil
	}
	return rb
}
