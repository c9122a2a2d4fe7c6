package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
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
	dir, events, err = launch.Locate(arg)
	if events == nil && err != nil {
		return "", nil, nil, err
	}
	// A damaged journal still gives its good lines, beside the error.
	return dir, events, launch.RunbookOf(events), err
}

// newFlags returns a flag set for a subcommand.
func newFlags(name string) *flag.FlagSet {
	return flag.NewFlagSet("golive "+name, flag.ContinueOnError)
}
