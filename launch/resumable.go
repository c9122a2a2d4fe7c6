package launch

import (
	"fmt"
	"strings"

	"golive/runbook"
)

// Resumable is the latest launch of a runbook when it has not ended: the
// candidate for --resume.
type Resumable struct {
	Dir     string
	Events  []Event
	State   *State   // the fold, with Orphaned applied
	Changes []string // how the runbook changed since the launch started; nil: it did not
}

// EndedError says that the latest launch ended, so there is nothing to
// resume.
type EndedError struct{ Outcome Outcome }

func (e *EndedError) Error() string { return "the latest launch has ended (" + string(e.Outcome) + ")" }

// FindResumable returns the latest launch under root when it did not end,
// folded over rb and compared with it. It returns ErrNoLaunch when there
// is no launch, and an *EndedError when the latest one ended.
func FindResumable(rb *runbook.Runbook, root string) (*Resumable, error) {
	dir, events, err := Latest(root)
	if err != nil {
		return nil, err
	}
	st := FoldLaunch(rb, dir, events)
	if st.Outcome != OutcomeInProgress && st.Outcome != OutcomeInterrupted {
		return nil, &EndedError{Outcome: st.Outcome}
	}
	return &Resumable{Dir: dir, Events: events, State: st, Changes: RunbookChanges(dir, events, rb)}, nil
}

// ResumeFlags are the flags of golive run that choose about an unfinished
// launch.
type ResumeFlags struct {
	Resume, Fresh, Headless, AcceptChanges bool
}

// ResumeChoice is what to do about an unfinished launch.
type ResumeChoice int

// The choices.
const (
	StartFresh  ResumeChoice = iota // leave it and start a new launch
	ResumeIt                        // continue it
	AskOperator                     // the cockpit asks (Summary says what about)
)

// ChooseResume decides from the flags what to do with r, an unfinished
// launch of the runbook at path. A changed runbook is resumed only with
// --accept-changes, or after the operator saw the changes in the cockpit.
func ChooseResume(r *Resumable, path string, f ResumeFlags) (ResumeChoice, error) {
	if f.Fresh {
		return StartFresh, nil
	}
	if len(r.Changes) > 0 && !f.AcceptChanges && (f.Headless || f.Resume) {
		return StartFresh, fmt.Errorf("%s changed since launch %s started:\n  - %s\nAdd --accept-changes to resume with the changed runbook, or --fresh to start anew",
			path, r.State.Launch.ID, strings.Join(r.Changes, "\n  - "))
	}
	if f.Resume {
		return ResumeIt, nil
	}
	if f.Headless {
		return StartFresh, fmt.Errorf("%s Add --resume to continue it or --fresh to start anew", r.Summary())
	}
	return AskOperator, nil
}

// Summary tells the operator about the unfinished launch and, when the
// runbook changed, what resuming it accepts.
func (r *Resumable) Summary() string {
	st := r.State
	s := fmt.Sprintf("An unfinished launch of %s exists: %s, started %s by %s, now in %s.",
		st.Launch.Name, st.Launch.ID, st.Started.Local().Format("2006-01-02 15:04:05"), st.Launch.Driver, st.Phase)
	if len(r.Changes) > 0 {
		s += fmt.Sprintf("\n\nThe runbook changed since it started; resuming accepts:\n  - %s", strings.Join(r.Changes, "\n  - "))
	}
	return s
}
