package launch

import (
	"errors"
	"time"

	"golive/runbook"
)

// ErrNoLaunch says a runbook has no launch on record.
var ErrNoLaunch = errors.New("no launch on record")

// StateRoot is the directory of all launches of rb: <state>/<launch.name>,
// where state is the --state flag or .golive beside the runbook.
func StateRoot(rb *runbook.Runbook, stateFlag string) string {
	panic("to be written")
}

// NewLaunchDir creates a fresh launch directory under root, named by a
// sortable launch id derived from now, and returns both.
func NewLaunchDir(root string, now time.Time) (id, dir string, err error) {
	panic("to be written")
}

// Latest returns the directory and events of the most recent launch under
// root, or ErrNoLaunch.
func Latest(root string) (dir string, events []Event, err error) {
	panic("to be written")
}

// StepLogPath is the raw output log of one step or check of a launch.
func StepLogPath(launchDir string, p Phase, id string) string {
	panic("to be written")
}

// Baselines returns the expected duration in milliseconds of each item
// ("phase/id") from the last completed rehearsal under root (rehearsal
// true) or the last completed real launch, falling back to the other.
func Baselines(root string, rehearsal bool) map[string]int64 {
	panic("to be written")
}

// CastVote records a GO vote from another terminal in the launch directory.
func CastVote(launchDir string, v VoteRec) error {
	panic("to be written")
}

// ReadVotes returns the votes cast from other terminals, oldest first.
func ReadVotes(launchDir string) ([]VoteRec, error) {
	panic("to be written")
}
