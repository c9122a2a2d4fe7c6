package launch

import (
	"path/filepath"
	"time"

	"golive/ballot"
	"golive/checks"
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

// Outcome is how a launch ended, or that it has not.
type Outcome string

// The launch outcomes of State.Outcome, also written by LaunchFinished.
const (
	OutcomeCompleted   Outcome = "completed"
	OutcomeFailed      Outcome = "failed"
	OutcomeAborted     Outcome = "aborted"
	OutcomeRolledBack  Outcome = "rolled_back"
	OutcomeInProgress  Outcome = "in_progress"
	OutcomeInterrupted Outcome = "interrupted"
)

// GateDecision is what the go/no-go gate decided.
type GateDecision string

// The gate's decisions, as GateDecided writes them.
const (
	GateGo      GateDecision = "go"
	GateNoGo    GateDecision = "no-go"
	GateTimeout GateDecision = "timeout"
)

// VerdictKind is how the soak ended.
type VerdictKind string

// The verdicts, as Verdict writes them.
const (
	VerdictStable     VerdictKind = "stable"
	VerdictRollback   VerdictKind = "rollback"
	VerdictEndedEarly VerdictKind = "ended_early"
)

// WaitKind is what a step waits for from a person.
type WaitKind string

// What a step can wait for, as StepWaiting writes it.
const (
	WaitConfirm  WaitKind = "confirm"  // confirm = true: Enter to run it
	WaitManual   WaitKind = "manual"   // a checklist to tick
	WaitHold     WaitKind = "hold"     // the hold is on
	WaitDecision WaitKind = "decision" // a decision about it (DecisionNeeded)
)

// RollbackResult is how a rollback ended.
type RollbackResult string

// The rollback's ends, as RollbackFinished writes them.
const (
	RollbackDone       RollbackResult = "done"
	RollbackFailed     RollbackResult = "failed"
	RollbackIncomplete RollbackResult = "incomplete"
)

// Level is how a probe sample compares with its thresholds.
type Level string

// The levels of a probe sample.
const (
	LevelOK   Level = "ok"
	LevelWarn Level = "warn"
	LevelCrit Level = "crit"
)

// Item is one check, cutover step, rollback step or probe, as the cockpit
// lists it.
//
// Waiting names what the item waits for. It is "decision" while the
// engine waits for the operator's decision about this item, whatever its
// Status: a failed or interrupted step keeps that status, and a step that
// timed out under on_timeout = "ask" is still running.
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
	Started    time.Time // start of the latest attempt
	Finished   time.Time
	ExpectedMS int64    // from the last rehearsal or launch; 0 = unknown
	Manual     []string // checklist items
	Ticked     []string // who ticked each item ("" = not yet)
	Waiting    WaitKind // what it waits for when Status is waiting
	// Decide is the decision the engine waits for about this item while
	// Waiting is "decision" ("" from journals older than the field).
	Decide     DecisionKind
	Background bool

	FirstStarted time.Time // start of the first attempt
	DurationMS   int64     // of the last finished attempt, as the engine measured it
	TimedOut     bool      // the latest attempt overran its timeout
	Succeeded    bool      // the latest attempt finished well (kept when later rolled back)
	Who          string    // who confirmed, skipped or marked it done
	Waiver       *NoteRec  // the waiver of a failed check
	Stopped      string    // how a background step ended

	// Stages is the ladder of a staged step (nil otherwise); StageAt is
	// the stage it is at, from 1 (0 before its first stage started).
	Stages  []StageState
	StageAt int
	// Fleet is a fleet step's hosts, folded from its FleetUpdate events
	// over every attempt (nil for other items).
	Fleet *checks.Fleet
	// FleetRetry names the hosts the next run of a fleet step covers,
	// chosen by a retry_failed or retry_rest decision (nil: every host).
	FleetRetry []string
	// Asked is when a checklist step was first put to the operator: it
	// has no process, so its duration runs from then.
	Asked time.Time
	// Description is the runbook's Markdown about the item, for the
	// report (the cockpit reads it from the runbook).
	Description string
	// Evidence is what a check observed, in short: "200 in 14ms",
	// "exit 0", "3 answers".
	Evidence string
}

// Duration is how long the item's latest attempt took (or has taken by
// now, when it is still running and now is given).
func (it *Item) Duration(now time.Time) time.Duration {
	staged := len(it.Stages) > 0 && !it.FirstStarted.IsZero()
	if it.DurationMS > 0 && !it.Finished.IsZero() && !staged {
		return time.Duration(it.DurationMS) * time.Millisecond
	}
	start := it.Started
	if staged {
		// A staged step has taken all its stages so far.
		start = it.FirstStarted
	}
	if start.IsZero() {
		start = it.Asked
	}
	if start.IsZero() {
		return 0
	}
	if !it.Finished.IsZero() {
		return it.Finished.Sub(start)
	}
	if now.IsZero() || now.Before(start) {
		return 0
	}
	return now.Sub(start)
}

// VoteRec is one vote the gate accepted: who it counted for, who proved
// it and how, and the gate conditions it saw.
type VoteRec struct {
	Name       string       `json:"name"`
	OSUser     string       `json:"os_user"`
	At         time.Time    `json:"at"`
	Auto       bool         `json:"auto"`
	Label      string       `json:"label,omitempty"` // the name given, when it differs from Name
	Identity   string       `json:"identity"`        // "os_user bob", "ssh-key SHA256:...", "auto alice"
	UID        int          `json:"uid"`
	Key        string       `json:"key,omitempty"`
	Proof      ballot.Proof `json:"proof"`
	NoGo       bool         `json:"no_go,omitempty"`
	Reason     string       `json:"reason,omitempty"`
	Generation int          `json:"generation"`
	// Conditions are the gate's unmet conditions when the vote was cast.
	Conditions []string `json:"conditions,omitempty"`
	// Counted: the vote counts toward the quorum as the gate stands (it
	// was not cast before the conditions last changed).
	Counted bool `json:"counted"`
	// bare: journaled before votes carried their record, when a later
	// change of conditions did not take a GO back.
	bare bool
}

// NoteRec is an operator note, an override, a waiver or a failed
// notification: something said at a moment, by someone, about something.
type NoteRec struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who,omitempty"`
	OSUser string    `json:"os_user,omitempty"`
	What   string    `json:"what,omitempty"` // what an override or notification was about
	Text   string    `json:"text"`
}

// DecisionRec is one operator (or automatic) decision about a step.
type DecisionRec struct {
	At     time.Time `json:"at"`
	Phase  Phase     `json:"phase,omitempty"`
	ID     string    `json:"id,omitempty"`
	Action Action    `json:"action"`
	Reason string    `json:"reason,omitempty"`
	Who    string    `json:"who,omitempty"`
	Auto   bool      `json:"auto,omitempty"`
}

// Pending is a decision the engine asked for (DecisionNeeded) and has not
// received yet. ID names a step, or a probe in the monitor phase.
type Pending struct {
	Phase  Phase
	ID     string
	Kind   DecisionKind
	Reason string
}

// GateState is the go/no-go gate.
type GateState struct {
	Open     bool
	OpenedAt time.Time
	Prompt   string
	Timeout  time.Duration
	Votes    []VoteRec // every accepted vote, oldest first
	// Generation counts the changes of the gate's conditions (waivers,
	// overrides, re-run checks, a GO refused by the window): a GO vote
	// counts only at the generation it was cast in.
	Generation int
	// Unmet are the gate's unmet conditions, as last journaled.
	Unmet     []string
	Decision  GateDecision // "" before the gate decided
	Reason    string
	Overrides []NoteRec
	Refusal   string // the last refusal, e.g. "outside the deployment window"

	DecidedBy   string
	DecidedAt   time.Time
	DecidedAuto bool // passed by --yes
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

	LastLatencyMS int64 // the latest sample's response time

	Unit        string // of the values: "ms", "d" or "" (see ProbeUnit)
	Description string // the runbook's Markdown about the probe
}

// HistoryLen bounds each probe's in-memory history.
const HistoryLen = 240

// MonitorState is the soak.
type MonitorState struct {
	Started     time.Time
	Duration    time.Duration // including extensions
	Probes      []*ProbeState
	Recommended string      // non-empty: ROLLBACK RECOMMENDED, naming the probe and reason
	Verdict     VerdictKind // "" before the soak ended
	Reason      string

	Extended  time.Duration // added by the operator
	VerdictBy string
	VerdictAt time.Time
}

// State is everything known about a launch: a pure fold of its events over
// the runbook's skeleton. The engine, the cockpit, watch, resume and report
// each keep their own State and Apply the same events to it.
//
// Outcome is "in_progress" from the first event until LaunchFinished says
// otherwise. The fold alone cannot tell a launch whose driver is alive
// (waiting for a decision, say) from one whose driver died: a reader that
// knows no driver holds the lock (see LockHolder) calls Orphaned, which
// turns "in_progress" into "interrupted".
type State struct {
	Launch         LaunchInfo
	Started        time.Time
	Finished       time.Time
	Phase          Phase
	Outcome        Outcome
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
	AfterRollback  AfterRollbackState // the post-rollback soak
	Decision       string             // id of the item waiting for a decision, if any
	Pending        *Pending           // the decision the engine waits for, if any
	Seq            int64              // the last applied event
	Notifies       []NoteRec          // failed notifications

	RollbackBy     string
	RollbackAt     time.Time
	RollbackStatus RollbackResult // "" until the rollback ended
	Decisions      []DecisionRec  // every decision, in order
	Resumes        []NoteRec      // every time a driver took the launch up again
	Last           time.Time      // the time of the last applied event
	// Disorder lists the events that were not folded because their seq
	// was not above the last one's: a journal edited or written twice.
	Disorder []string
	// Room is who was there: the sessions of `golive serve` and its drivers.
	Room Room
}

// NewState returns the state before any event: every item of rb pending.
// rb may be nil (a journal read without its runbook): items then appear as
// their events arrive.
func NewState(rb *runbook.Runbook) *State {
	s := &State{Phase: PhasePreflight, Outcome: OutcomeInProgress}
	if rb == nil {
		return s
	}
	s.Launch.Name = rb.Launch.Name
	s.Launch.Title = rb.Title()
	s.Launch.Hash = rb.Hash
	s.Launch.Rehearsal = rb.Rehearse
	for _, c := range rb.Preflight {
		if c == nil {
			continue
		}
		s.Items = append(s.Items, &Item{
			Phase: PhasePreflight, ID: c.ID, Name: nameOr(c.Name, c.ID),
			Command: CheckTarget(c), Status: StatusPending, Attempts: c.Retry.Attempts,
			Description: c.Description,
		})
	}
	for _, st := range rb.Cutover {
		if st == nil {
			continue
		}
		it := &Item{
			Phase: PhaseCutover, ID: st.ID, Name: nameOr(st.Name, st.ID),
			Command: firstNonEmpty(st.Run, st.Ansible.Target()), Rollback: st.Rollback, Status: StatusPending,
			Background: st.Background, Description: st.Description,
		}
		if len(st.Manual) > 0 {
			it.Manual = append([]string(nil), st.Manual...)
			it.Ticked = make([]string, len(st.Manual))
		}
		for i, v := range st.Stages {
			it.Stages = append(it.Stages, StageState{Value: v, Index: i + 1, Status: StagePending})
		}
		s.Items = append(s.Items, it)
	}
	s.Gate.Prompt = rb.Gate.Prompt
	s.Gate.Timeout = rb.Gate.Timeout
	if rb.Monitor != nil {
		s.Monitor.Duration = rb.Monitor.Duration
		for _, p := range rb.Monitor.Probes {
			if p == nil {
				continue
			}
			s.Monitor.Probes = append(s.Monitor.Probes, &ProbeState{ID: p.ID, Name: nameOr(p.Name, p.ID),
				Unit: ProbeUnit(p), Description: p.Description})
		}
	}
	return s
}

func nameOr(name, id string) string {
	if name != "" {
		return name
	}
	return id
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

// Probe returns the probe with id, or nil.
func (s *State) Probe(id string) *ProbeState {
	for _, p := range s.Monitor.Probes {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// Orphaned records that no driver is alive for a launch that never
// finished: the outcome becomes "interrupted", and a step that was running
// is interrupted too (its outcome is unknown). It does nothing to a
// finished launch.
func (s *State) Orphaned() {
	if s.Outcome != OutcomeInProgress {
		return
	}
	s.Outcome = OutcomeInterrupted
	for _, it := range s.Items {
		if it.Status == StatusRunning {
			it.Status = StatusInterrupted
		}
	}
}

// Done reports whether the launch has ended for good: a LaunchFinished
// with any outcome but interrupted.
func (s *State) Done() bool {
	return s.Outcome != OutcomeInProgress && s.Outcome != OutcomeInterrupted
}

// Fold applies events in order to NewState(rb).
func Fold(rb *runbook.Runbook, events []Event) *State {
	s := NewState(rb)
	for _, e := range events {
		s.Apply(e)
	}
	return s
}

// phaseRank orders items in State.Items.
func phaseRank(p Phase) int {
	switch p {
	case PhasePreflight:
		return 0
	case PhaseGate:
		return 1
	case PhaseCutover:
		return 2
	case PhaseRollback:
		return 3
	case PhaseMonitor:
		return 4
	}
	return 5
}

// ensure returns the item of phase p with id, creating it in phase order
// when the runbook did not name it (a rollback step, or a journal read
// without its runbook).
func (s *State) ensure(p Phase, id string) *Item {
	if it := s.Find(p, id); it != nil {
		return it
	}
	it := &Item{Phase: p, ID: id, Name: id, Status: StatusPending}
	it.ExpectedMS = s.Launch.Expected[BaselineKey(p, id)]
	if p == PhaseRollback {
		if src := s.Find(PhaseCutover, id); src != nil {
			it.Name = src.Name
			it.Command = src.Rollback
		}
	}
	at := len(s.Items)
	for i, x := range s.Items {
		if phaseRank(x.Phase) > phaseRank(p) {
			at = i
			break
		}
	}
	s.Items = append(s.Items, nil)
	copy(s.Items[at+1:], s.Items[at:])
	s.Items[at] = it
	return it
}

// findAny returns the item with id, preferring phase p, for events that do
// not say their phase.
func (s *State) findAny(p Phase, id string) *Item {
	if p != "" {
		return s.ensure(p, id)
	}
	if it := s.Find(PhasePreflight, id); it != nil {
		return it
	}
	for _, it := range s.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

func (s *State) probe(id string) *ProbeState {
	if p := s.Probe(id); p != nil {
		return p
	}
	p := &ProbeState{ID: id, Name: id}
	s.Monitor.Probes = append(s.Monitor.Probes, p)
	return p
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func copyFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// FoldLaunch folds the events of the launch directory dir, as read from
// its journal, and settles an unfinished launch: when no driver holds the
// lock of the launch's state root (dir's parent), its driver is gone and
// the launch is interrupted (see Orphaned). Readers such as report, plan
// --remaining and approve use it; a live driver folds its own events.
func FoldLaunch(rb *runbook.Runbook, dir string, events []Event) *State {
	s := Fold(rb, events)
	if s.Outcome == OutcomeInProgress {
		if _, held := LockHolder(filepath.Dir(dir)); !held {
			s.Orphaned()
		}
	}
	return s
}
