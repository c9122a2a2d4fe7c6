package launch

import (
	"time"

	"golive/runbook"
)

// ItemStatus is where a check, step or probe stands.
type ItemStatus string

// The item statuses.
const (
	StatusPending     ItemStatus = "pending"
	StatusRunning     ItemStatus = "running"
	StatusWaiting     ItemStatus = "waiting"     // confirm, checklist or a decision
	StatusPassed      ItemStatus = "passed"      // checks
	StatusDone        ItemStatus = "done"        // steps
	StatusFailed      ItemStatus = "failed"      // a check failed or a step failed
	StatusError       ItemStatus = "error"       // a check could not be evaluated
	StatusSkipped     ItemStatus = "skipped"     // by the operator, with a reason
	StatusWaived      ItemStatus = "waived"      // a failed check waived, with a reason
	StatusSimulated   ItemStatus = "simulated"   // rehearse = false under --rehearse
	StatusInterrupted ItemStatus = "interrupted" // running when the driver died
	StatusRolledBack  ItemStatus = "rolled_back" // its rollback ran
)

// Item is one check, cutover step, rollback step or probe, as the cockpit
// lists it.
type Item struct {
	Phase      Phase
	ID         string
	Name       string
	Command    string // run command, or the check's target
	Rollback   string // the rollback command of a cutover step
	Status     ItemStatus
	Attempt    int
	Attempts   int
	Exit       *int
	Value      *float64
	Reason     string
	Started    time.Time
	Finished   time.Time
	ExpectedMS int64    // from the last rehearsal or launch; 0 = unknown
	Manual     []string // checklist items
	Ticked     []string // who ticked each item ("" = not yet)
	Waiting    string   // confirm|manual|decision|hold when Status is waiting
	Background bool
}

// Vote is one GO vote.
type VoteRec struct {
	Name   string    `json:"name"`
	OSUser string    `json:"os_user"`
	At     time.Time `json:"at"`
	Auto   bool      `json:"auto"`
}

// NoteRec is an operator note or an override.
type NoteRec struct {
	At   time.Time `json:"at"`
	Who  string    `json:"who,omitempty"`
	Text string    `json:"text"`
}

// GateState is the go/no-go gate.
type GateState struct {
	Open      bool
	OpenedAt  time.Time
	Prompt    string
	Timeout   time.Duration
	Votes     []VoteRec
	Decision  string // go|no-go|timeout|"" (none)
	Reason    string
	Overrides []NoteRec
	Refusal   string // the last refusal, e.g. "outside the deployment window"
}

// ProbeState is one monitor probe.
type ProbeState struct {
	ID          string
	Name        string
	Samples     int
	Warn        int // samples at warn level
	Crit        int // samples at crit level (failed expect counts as crit)
	Last        *float64
	LastStatus  string // pass|fail|error
	LastLevel   string // ok|warn|crit
	LastReason  string
	LastAt      time.Time
	Consecutive int       // consecutive critical samples now
	History     []float64 // the most recent values, oldest first, at most HistoryLen
	Levels      []string  // the level of each History value
	Times       []time.Time
}

// HistoryLen bounds each probe's in-memory history.
const HistoryLen = 240

// MonitorState is the soak.
type MonitorState struct {
	Started     time.Time
	Duration    time.Duration // including extensions
	Probes      []*ProbeState
	Recommended string // non-empty: ROLLBACK RECOMMENDED, naming the probe and reason
	Verdict     string // stable|rollback|ended_early|"" (none yet)
	Reason      string
}

// State is everything known about a launch: a pure fold of its events over
// the runbook's skeleton. The engine, the cockpit, watch, resume and report
// each keep their own State and Apply the same events to it.
type State struct {
	Launch         LaunchInfo
	Started        time.Time
	Finished       time.Time
	Phase          Phase
	Outcome        string // completed|failed|aborted|rolled_back|in_progress|interrupted
	Exit           int
	Reason         string
	Items          []*Item // pre-flight checks, cutover steps, rollback steps, probes, in that order
	Gate           GateState
	Monitor        MonitorState
	Hold           bool
	Notes          []NoteRec
	Rollback       bool // a rollback was started
	RollbackReason string
	RollbackAuto   bool
	Decision       string    // id of the item waiting for a decision, if any
	Seq            int64     // the last applied event
	Notifies       []NoteRec // failed notifications
}

// NewState returns the state before any event: every item of rb pending.
// rb may be nil (a journal read without its runbook): items then appear as
// their events arrive.
func NewState(rb *runbook.Runbook) *State {
	panic("NewState: to be written")
}

// Apply folds one event into s. Applying the same events in the same order
// always yields the same State.
func (s *State) Apply(e Event) {
	panic("Apply: to be written")
}

// Find returns the item of phase p with id, or nil.
func (s *State) Find(p Phase, id string) *Item {
	for _, it := range s.Items {
		if it.Phase == p && it.ID == id {
			return it
		}
	}
	return nil
}
