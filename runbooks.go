package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golive/launch"
	"golive/runbook"
)

// defaultRunbook is what golive opens when no runbook is named.
const defaultRunbook = "config.toml"

// runbookArg returns the one runbook argument, or the default.
func runbookArg(pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return defaultRunbook, nil
	case 1:
		return pos[0], nil
	default:
		return "", usagef("expected one runbook, got %d arguments: %s", len(pos), strings.Join(pos, " "))
	}
}

// loadRunbook loads path with the given rehearsal overlay and --set
// parameters, turning a missing file into a clear message.
func loadRunbook(path string, rehearse bool, sets []string) (*runbook.Runbook, error) {
	params, err := parseSets(sets)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, usagef("%s: no such runbook (create one with 'golive init %s')", path, path)
		}
		return nil, usagef("%s: %v", path, err)
	}
	return runbook.Load(path, runbook.LoadOptions{Rehearse: rehearse, Set: params})
}

// parseSets turns --set NAME=VALUE flags into variables.
func parseSets(sets []string) ([]runbook.EnvVar, error) {
	var out []runbook.EnvVar
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		if !ok || name == "" {
			return nil, usagef("--set %q: want NAME=VALUE", s)
		}
		out = append(out, runbook.EnvVar{Name: name, Value: value})
	}
	return out, nil
}

// launchTarget finds the launch a report or watch is about: ARG is a
// runbook file, a state root (.golive/NAME), the .golive directory itself,
// or one launch directory; sets are the --set parameters a runbook file
// needs to load (its state may be named by one). It returns the launch directory, its events and
// the runbook when one could be loaded.
func launchTarget(arg, stateFlag string, sets []string) (dir string, events []launch.Event, rb *runbook.Runbook, err error) {
	st, err := os.Stat(arg)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", nil, nil, usagef("%s: no such runbook or state directory", arg)
		}
		return "", nil, nil, err
	}
	if !st.IsDir() {
		rb, err = loadRunbook(arg, false, sets)
		if err != nil {
			return "", nil, nil, err
		}
		root := launch.StateRoot(rb, stateFlag)
		dir, events, err = launch.Latest(root)
		if errors.Is(err, launch.ErrNoLaunch) {
			return "", nil, rb, fmt.Errorf("%s has no launch on record yet (in %s)", arg, root)
		}
		return dir, events, rb, err
	}
	if _, err := os.Stat(filepath.Join(arg, "journal.jsonl")); err == nil {
		// A damaged journal still gives its good lines, beside the error.
		events, err = launch.ReadJournal(filepath.Join(arg, "journal.jsonl"))
		if events == nil && err != nil {
			return "", nil, nil, err
		}
		return arg, events, runbookOf(events), err
	}
	dir, events, err = launch.Latest(arg)
	if errors.Is(err, launch.ErrNoLaunch) {
		// Perhaps the .golive directory holding one root per runbook name:
		// take the newest launch among them.
		dir, events, err = newestUnder(arg)
	}
	if events == nil && err != nil {
		return "", nil, nil, err
	}
	return dir, events, runbookOf(events), err
}

// newestUnder looks one level down for state roots and returns the newest
// launch among them.
func newestUnder(parent string) (string, []launch.Event, error) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return "", nil, err
	}
	var bestDir string
	var best []launch.Event
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		d, evs, err := launch.Latest(filepath.Join(parent, e.Name()))
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

// runbookOf loads the runbook a journal names, when it is still there and
// valid, so the state has its full skeleton; otherwise nil.
func runbookOf(events []launch.Event) *runbook.Runbook {
	if len(events) == 0 || events[0].Launch == nil {
		return nil
	}
	info := events[0].Launch
	rb, err := runbook.Load(info.Runbook, runbook.LoadOptions{Rehearse: info.Rehearsal})
	if err != nil {
		return nil
	}
	return rb
}

// foldState replays the events of the launch in dir over the runbook's
// skeleton. A launch without an end whose driver no longer holds the lock
// is interrupted, not in progress.
func foldState(rb *runbook.Runbook, dir string, events []launch.Event) *launch.State {
	return launch.FoldLaunch(rb, dir, events)
}

// newFlags returns a flag set for a subcommand.
func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet("golive "+name, flag.ContinueOnError)
}
