package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"golive/launch"
	"golive/runbook"
)

// snapshotFile is the copy of the runbook a launch runs with, kept in its
// directory so a resume can say exactly what changed since.
const snapshotFile = "runbook.toml"

// snapshotRunbook keeps a copy of the runbook source in the launch
// directory. A failure only loses the detail of a later change summary, so
// it is reported and the launch goes on.
func snapshotRunbook(dir string, rb *runbook.Runbook) {
	src, err := os.ReadFile(rb.Path)
	if err == nil {
		tmp := filepath.Join(dir, snapshotFile+".tmp")
		if err = os.WriteFile(tmp, src, 0o600); err == nil {
			err = os.Rename(tmp, filepath.Join(dir, snapshotFile))
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "golive: could not keep a copy of the runbook: %v\n", err)
	}
}

// runbookChanges compares rb with the runbook the unfinished launch in dir
// last ran with: nil when it is the same, else one line a change. When no
// copy was kept, the journal's hash still tells that it changed.
func runbookChanges(dir string, events []launch.Event, rb *runbook.Runbook) ([]string, error) {
	var info *launch.LaunchInfo
	if len(events) > 0 {
		info = events[0].Launch
	}
	src, err := os.ReadFile(filepath.Join(dir, snapshotFile))
	if err != nil {
		if info == nil || info.Hash == rb.Hash {
			return nil, nil
		}
		return []string{"the runbook's content differs from the one the launch started with (no copy was kept to compare)"}, nil
	}
	sum := sha256.Sum256(src)
	if hex.EncodeToString(sum[:]) == rb.Hash {
		return nil, nil
	}
	old, err := runbook.Parse(rb.Path, src, runbook.LoadOptions{Rehearse: rb.Rehearse, Set: rb.Params})
	if err != nil {
		return []string{"the runbook differs from the one the launch started with (which no longer loads)"}, nil
	}
	changes := runbook.Diff(old, rb)
	if len(changes) == 0 {
		changes = []string{"comments or formatting only"}
	}
	return changes, nil
}
