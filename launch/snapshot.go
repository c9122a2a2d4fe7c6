package launch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"golive/runbook"
)

// SnapshotFile is the copy of the runbook a launch runs with, kept in its
// directory so a resume can say exactly what changed since.
const SnapshotFile = "runbook.toml"

// SnapshotRunbook keeps a copy of the runbook source in the launch
// directory dir. A failure only loses the detail of a later change
// summary: the caller reports it and the launch goes on.
func SnapshotRunbook(dir string, rb *runbook.Runbook) error {
	src, err := os.ReadFile(rb.Path)
	if err == nil {
		tmp := filepath.Join(dir, SnapshotFile+".tmp")
		if err = os.WriteFile(tmp, src, 0o600); err == nil {
			err = os.Rename(tmp, filepath.Join(dir, SnapshotFile))
		}
	}
	if err != nil {
		return fmt.Errorf("could not keep a copy of the runbook: %w", err)
	}
	return nil
}

// RunbookChanges compares rb with the runbook the launch in dir (whose
// journal is events) last ran with: nil when it is the same, else one line
// a change. When no copy was kept, the journal's hash still tells that it
// changed.
func RunbookChanges(dir string, events []Event, rb *runbook.Runbook) []string {
	if rb == nil {
		return nil
	}
	info := launchOf(events)
	src, err := os.ReadFile(filepath.Join(dir, SnapshotFile))
	if err != nil {
		if info == nil || info.Hash == rb.Hash {
			return nil
		}
		return []string{"the runbook's content differs from the one the launch started with (no copy was kept to compare)"}
	}
	sum := sha256.Sum256(src)
	if hex.EncodeToString(sum[:]) == rb.Hash {
		return nil
	}
	old, err := runbook.Parse(rb.Path, src, runbook.LoadOptions{Rehearse: rb.Rehearse, Set: rb.Params})
	if err != nil {
		return []string{"the runbook differs from the one the launch started with (which no longer loads)"}
	}
	changes := runbook.Diff(old, rb)
	if len(changes) == 0 {
		changes = []string{"comments or formatting only"}
	}
	return changes
}
