package launch

import "time"

// Type names what an event records. The names are written to the journal
// and shown in headless lines, so they never change once released.
type Type string

// Phase is where in the launch an event happened.
type Phase string

// The phases, as written in the journal, headless lines and reports.
const (
	PhasePreflight Phase = "preflight"
	PhaseGate      Phase = "gate"
	PhaseCutover   Phase = "cutover"
	PhaseMonitor   Phase = "monitor"
	PhaseRollback  Phase = "rollback"
	PhaseDone      Phase = "done"
)

// The event types. Each comment lists the fields the event carries.
const (
	// LaunchStarted opens every journal: Launch (all of LaunchInfo).
	LaunchStarted Type = "launch_started"
	// LaunchResumed: a driver took the launch up again. Who (USER@HOST),
	// Detail (pid).
	LaunchResumed Type = "launch_resumed"
	// PhaseStarted: Phase.
	PhaseStarted Type = "phase_started"

	// CheckStarted: Phase, ID, Attempts (the most that will be tried).
	CheckStarted Type = "check_started"
	// CheckAttempt: Phase, ID, Attempt, Attempts, Status, Reason. One per try.
	CheckAttempt Type = "check_attempt"
	// CheckFinished: Phase, ID, Status (pass|fail|error), Reason, Attempts,
	// DurationMS, Exit (run checks), Value (when the check measured one).
	CheckFinished Type = "check_finished"
	// CheckWaived: ID, Reason, Who, OSUser.
	CheckWaived Type = "check_waived"

	// GateOpened: Detail (the prompt), DurationMS (gate timeout, 0 = none).
	GateOpened Type = "gate_opened"
	// Vote: Who (approver name), OSUser, Auto, Ballot (the whole record:
	// proven identity, proof, conditions generation, unmet conditions).
	// Journals written before Ballot carry only Who, OSUser and Auto.
	Vote Type = "vote"
	// Override: Reason, Detail (what was overridden: "window" or "freeze ...").
	// It changes the gate's conditions: earlier GO votes stop counting.
	Override Type = "override"
	// GateRefused: Reason (e.g. "outside the deployment window ...";
	// "vote refused: ..." with Detail "vote", Who, OSUser when a ballot
	// was not counted).
	// The gate stays open. Status "spent": the GO the quorum gave was
	// refused by the window or a freeze, and its votes stop counting, so
	// the cutover never starts unattended when the window later opens.
	GateRefused Type = "gate_refused"
	// GateWaiting: Detail (the unmet gate conditions, one a line; empty
	// when all are met). Journaled whenever the list changes.
	GateWaiting Type = "gate_waiting"
	// GateDecided: Status (go|no-go|timeout), Reason, Who.
	GateDecided Type = "gate_decided"

	// StepWaiting: Phase, ID, Detail (confirm|manual|hold|decision).
	StepWaiting Type = "step_waiting"
	// StepConfirmed: Phase, ID, Who, Auto.
	StepConfirmed Type = "step_confirmed"
	// ItemTicked: Phase, ID, Item (the item's number, 1-based), Detail (the
	// item text), Who, Auto. Journals written before Item carried the
	// number in Attempt: see TickedItem.
	ItemTicked Type = "item_ticked"
	// StepStarted: Phase, ID, Attempt, Detail (the command, secrets masked).
	StepStarted Type = "step_started"
	// StepSimulated: Phase, ID — a rehearse = false step under --rehearse.
	StepSimulated Type = "step_simulated"
	// StepTimedOut: Phase, ID, DurationMS (elapsed so far).
	StepTimedOut Type = "step_timed_out"
	// StepFinished: Phase, ID, Attempt, Exit, DurationMS. The step succeeded
	// (verify included).
	StepFinished Type = "step_finished"
	// StepFailed: Phase, ID, Attempt, Exit (when it ran), DurationMS, Reason.
	StepFailed Type = "step_failed"
	// StepInterrupted: Phase, ID — it was running when the driver died;
	// its outcome is unknown.
	StepInterrupted Type = "step_interrupted"
	// StepSkipped: Phase, ID, Reason, Who.
	StepSkipped Type = "step_skipped"
	// BackgroundStopped: Phase, ID, Detail (how it ended).
	BackgroundStopped Type = "background_stopped"
	// DecisionNeeded: Phase, ID, Reason. The engine waits for a Decision.
	DecisionNeeded Type = "decision_needed"
	// Decision: Phase, ID, Status (retry|skip|rollback|abort|continue|wait|
	// stop|mark_done|retry_failed|retry_rest), Reason, Who, Auto.
	Decision Type = "decision"

	// HoldSet: Who, Status ("on"|"off").
	HoldSet Type = "hold"
	// Note: Detail (the text), Who.
	Note Type = "note"

	// RollbackStarted: Reason, Who, Auto.
	RollbackStarted Type = "rollback_started"
	// RollbackFinished: Status (done|failed|incomplete).
	RollbackFinished Type = "rollback_finished"

	// MonitorStarted: DurationMS (soak length).
	MonitorStarted Type = "monitor_started"
	// ProbeSample: ID, Status (pass|fail|error), Level (ok|warn|crit),
	// Value, DurationMS (latency), Reason. Batched in the journal.
	ProbeSample Type = "probe_sample"
	// RollbackRecommended: ID (the probe), Reason.
	RollbackRecommended Type = "rollback_recommended"
	// MonitorExtended: DurationMS (added), Who.
	MonitorExtended Type = "monitor_extended"
	// Verdict: Status (stable|rollback|ended_early), Reason, Who.
	Verdict Type = "verdict"

	// StageStarted: Phase, ID (the staged step), Stage, StageIndex. The
	// step's run follows as StepStarted and StepFinished or StepFailed.
	StageStarted Type = "stage_started"
	// AnalysisStarted: Phase, ID, Stage, StageIndex, DurationMS, Detail
	// (the probes watched, comma-separated).
	AnalysisStarted Type = "analysis_started"
	// AnalysisSteady: Phase, ID, Stage, StageIndex, Reason. The analysis
	// after the stage ended without a breach.
	AnalysisSteady Type = "stage_steady"
	// AnalysisBreach: Phase, ID, Stage, StageIndex, Detail (the probe),
	// Reason. A probe breached during the analysis after the stage.
	AnalysisBreach Type = "stage_breach"
	// StagePromotion: Phase, ID, Stage, StageIndex, Who, Auto. The launch
	// goes on to the next stage.
	StagePromotion Type = "stage_promoted"

	// NotifyFailed: Detail (the target), Reason.
	NotifyFailed Type = "notify_failed"
	// LaunchFinished: Status (the outcome: completed|failed|aborted|
	// rolled_back|interrupted), Reason, Exit (the process exit code).
	LaunchFinished Type = "launch_finished"
)

// Event is one immutable fact about a launch: where and when it
// happened (the envelope), and what it says (its Body, one struct per
// event type). Events are values: the engine never changes one after
// emitting it. The journal writes an event as one flat JSON object, the
// envelope's keys and the body's side by side (see MarshalJSON).
type Event struct {
	Seq   int64
	Time  time.Time
	Phase Phase
	ID    string
	Body  Body
}

// Type is what the event records: its body's type ("" without a body).
func (e Event) Type() Type {
	if e.Body == nil {
		return ""
	}
	return e.Body.Type()
}

// LaunchInfo describes a launch; it rides on LaunchStarted.
type LaunchInfo struct {
	ID        string            `json:"id"` // the launch id, also its directory name
	Name      string            `json:"name"`
	Title     string            `json:"title"`
	Runbook   string            `json:"runbook"` // absolute path
	Hash      string            `json:"hash"`    // sha256 of the runbook source
	Rehearsal bool              `json:"rehearsal"`
	Driver    string            `json:"driver"` // USER@HOST
	PID       int               `json:"pid"`
	Params    map[string]string `json:"params,omitempty"` // --set values, secrets masked
	// Expected is each step's expected duration in milliseconds by
	// "phase/id", from the last completed rehearsal (or launch) when this
	// one started, so every reader of the journal shows the same baseline.
	Expected map[string]int64 `json:"expected,omitempty"`
}

// Urgent reports whether the journal must be synced before the engine acts
// on this event. Probe samples, the attempts of a wait-until and a fleet
// step's per-host events are batched (the check's or step's end carries
// their outcome, and is synced); everything else is urgent.
func (e Event) Urgent() bool {
	return e.Type() != ProbeSample && e.Type() != CheckAttempt && e.Type() != FleetUpdate && e.Type() != HostChanged
}

// launchOf is the LaunchInfo a journal opens with, nil when its first
// event is not LaunchStarted or carries none.
func launchOf(events []Event) *LaunchInfo {
	if len(events) == 0 {
		return nil
	}
	if b, ok := events[0].Body.(LaunchStartedBody); ok {
		return b.Launch
	}
	return nil
}
