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

// The event types. Each event's payload is the body named after its type
// (StepFinished → StepFinishedBody, see body.go); each comment says which
// envelope fields it uses besides Seq and Time, and what it records.
const (
	// LaunchStarted opens every journal. Body: LaunchStartedBody (all of
	// LaunchInfo).
	LaunchStarted Type = "launch_started"
	// LaunchResumed: a driver took the launch up again. Body:
	// LaunchResumedBody (who, "pid N").
	LaunchResumed Type = "launch_resumed"
	// PhaseStarted: Phase. Body: PhaseStartedBody (empty).
	PhaseStarted Type = "phase_started"

	// CheckStarted: Phase, ID. Body: CheckStartedBody (the most attempts
	// that will be tried; who, when re-run at the gate).
	CheckStarted Type = "check_started"
	// CheckAttempt: Phase, ID. Body: CheckAttemptBody. One per try.
	CheckAttempt Type = "check_attempt"
	// CheckFinished: Phase, ID. Body: CheckFinishedBody (status, attempts,
	// exit of run checks, value when the check measured one, evidence).
	CheckFinished Type = "check_finished"
	// CheckWaived: ID. Body: CheckWaivedBody (reason, who, OS user).
	CheckWaived Type = "check_waived"

	// GateOpened. Body: GateOpenedBody (prompt, timeout; 0 = none).
	GateOpened Type = "gate_opened"
	// Vote. Body: VoteBody (the approver, and the whole Ballot record:
	// proven identity, proof, conditions generation, unmet conditions).
	// Journals written before Ballot carry only who, OS user and auto.
	Vote Type = "vote"
	// Override. Body: OverrideBody (reason, what: "window" or "freeze
	// ..."). It changes the gate's conditions: earlier GO votes stop
	// counting.
	Override Type = "override"
	// GateRefused. Body: GateRefusedBody (why; Spent when the GO the
	// quorum gave was refused by the window or a freeze; the voter of a
	// refused vote). The gate stays open.
	GateRefused Type = "gate_refused"
	// GateWaiting. Body: GateWaitingBody (the unmet gate conditions; none
	// when all are met). Journaled whenever the list changes.
	GateWaiting Type = "gate_waiting"
	// GateDecided. Body: GateDecidedBody (a GateDecision, reason, who).
	GateDecided Type = "gate_decided"

	// StepWaiting: Phase, ID. Body: StepWaitingBody (a WaitKind).
	StepWaiting Type = "step_waiting"
	// StepConfirmed: Phase, ID. Body: StepConfirmedBody (who, auto).
	StepConfirmed Type = "step_confirmed"
	// ItemTicked: Phase, ID. Body: ItemTickedBody (the item's number from
	// 1, its text, who). Journals written before its Item field carried
	// the number in "attempt": see ItemTickedBody.Number.
	ItemTicked Type = "item_ticked"
	// StepStarted: Phase, ID. Body: StepStartedBody (attempt, the command
	// with secrets masked).
	StepStarted Type = "step_started"
	// StepSimulated: Phase, ID — a rehearse = false step under --rehearse.
	// Body: StepSimulatedBody (empty).
	StepSimulated Type = "step_simulated"
	// StepTimedOut: Phase, ID. Body: StepTimedOutBody (elapsed so far).
	StepTimedOut Type = "step_timed_out"
	// StepFinished: Phase, ID. Body: StepFinishedBody (attempt, exit,
	// duration). The step succeeded (verify included).
	StepFinished Type = "step_finished"
	// StepFailed: Phase, ID. Body: StepFailedBody (attempt, exit when it
	// ran, duration, reason).
	StepFailed Type = "step_failed"
	// StepInterrupted: Phase, ID — it was running when the driver died;
	// its outcome is unknown. Body: StepInterruptedBody.
	StepInterrupted Type = "step_interrupted"
	// StepSkipped: Phase, ID. Body: StepSkippedBody (reason, who).
	StepSkipped Type = "step_skipped"
	// BackgroundStopped: Phase, ID. Body: BackgroundStoppedBody (how it
	// ended).
	BackgroundStopped Type = "background_stopped"
	// DecisionNeeded: Phase, ID. Body: DecisionNeededBody (the
	// DecisionKind asked for, reason). The engine waits for a Decision.
	DecisionNeeded Type = "decision_needed"
	// Decision: Phase, ID. Body: DecisionBody (the Action, reason, who,
	// auto).
	Decision Type = "decision"

	// HoldSet. Body: HoldSetBody (on or off, who).
	HoldSet Type = "hold"
	// Note. Body: NoteBody (the text, who).
	Note Type = "note"

	// RollbackStarted. Body: RollbackStartedBody (reason, who, auto).
	RollbackStarted Type = "rollback_started"
	// RollbackFinished. Body: RollbackFinishedBody (a RollbackResult).
	RollbackFinished Type = "rollback_finished"

	// MonitorStarted. Body: MonitorStartedBody (the soak's length).
	MonitorStarted Type = "monitor_started"
	// ProbeSample: ID (the probe). Body: ProbeSampleBody (status, Level,
	// value, latency, reason). Batched in the journal.
	ProbeSample Type = "probe_sample"
	// RollbackRecommended: ID (the probe). Body: RollbackRecommendedBody.
	RollbackRecommended Type = "rollback_recommended"
	// MonitorExtended. Body: MonitorExtendedBody (time added, who).
	MonitorExtended Type = "monitor_extended"
	// Verdict. Body: VerdictBody (a VerdictKind, reason, who).
	Verdict Type = "verdict"

	// StageStarted: Phase, ID (the staged step). Body: StageStartedBody
	// (the stage and its place). The step's run follows as StepStarted
	// and StepFinished or StepFailed.
	StageStarted Type = "stage_started"
	// AnalysisStarted: Phase, ID. Body: AnalysisStartedBody (the stage,
	// its length, the probes watched).
	AnalysisStarted Type = "analysis_started"
	// AnalysisSteady: Phase, ID. Body: AnalysisSteadyBody. The analysis
	// after the stage ended without a breach.
	AnalysisSteady Type = "stage_steady"
	// AnalysisBreach: Phase, ID. Body: AnalysisBreachBody (the probe,
	// reason). A probe breached during the analysis after the stage.
	AnalysisBreach Type = "stage_breach"
	// StagePromotion: Phase, ID. Body: StagePromotionBody (who, auto). The
	// launch goes on to the next stage.
	StagePromotion Type = "stage_promoted"

	// NotifyFailed. Body: NotifyFailedBody (the target, reason).
	NotifyFailed Type = "notify_failed"
	// LaunchFinished. Body: LaunchFinishedBody (the Outcome, reason, the
	// process exit code).
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
// on this event. Probe samples, the attempts of a wait-until and the lines
// of a fleet step's event stream are batched (the check's or step's end
// carries their outcome, and is synced); everything else is urgent. A
// host's change of state (HostChanged) is urgent although the stream lines
// before it say the same: syncing it makes them durable too, so a driver
// killed mid-playbook resumes knowing every host it said had finished,
// and retries only the others.
func (e Event) Urgent() bool {
	return e.Type() != ProbeSample && e.Type() != CheckAttempt && e.Type() != FleetUpdate
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
