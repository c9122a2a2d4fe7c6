package launch

import (
	"golive/ballot"
	"golive/checks"
)

// Body is what an event says: one struct per event type, named after the
// type with "Body" added (StepFinished → StepFinishedBody). The event's
// Type is its body's, so a type and its payload never disagree. The set
// is sealed: only this package defines bodies.
//
// A body's fields keep the journal's key names in their tags, in the
// order the journal has always written them, so a line reads the same
// whatever golive wrote it.
type Body interface {
	Type() Type
	isBody()
}

// LaunchStartedBody opens every journal.
type LaunchStartedBody struct {
	Launch *LaunchInfo `json:"launch,omitempty"`
}

// LaunchResumedBody: a driver took the launch up again.
type LaunchResumedBody struct {
	Process string `json:"detail,omitempty"` // "pid N"
	Who     string `json:"who,omitempty"`    // USER@HOST
}

// PhaseStartedBody: the launch entered the event's Phase.
type PhaseStartedBody struct{}

// CheckStartedBody: a check (event ID) starts. Who is set when an
// operator re-ran it at the gate.
type CheckStartedBody struct {
	Attempts int    `json:"attempts,omitempty"` // the most that will be tried
	Who      string `json:"who,omitempty"`
}

// CheckAttemptBody is one try of a check.
type CheckAttemptBody struct {
	Attempt  int           `json:"attempt,omitempty"`
	Attempts int           `json:"attempts,omitempty"`
	Status   checks.Status `json:"status,omitempty"`
	Reason   string        `json:"reason,omitempty"`
}

// CheckFinishedBody is a check's result. Attempt is the attempts made;
// journals older than it carry only Attempts.
type CheckFinishedBody struct {
	Attempt    int           `json:"attempt,omitempty"`
	Attempts   int           `json:"attempts,omitempty"`
	Status     checks.Status `json:"status,omitempty"`
	Exit       *int          `json:"exit,omitempty"` // run checks
	Value      *float64      `json:"value,omitempty"`
	DurationMS int64         `json:"duration_ms,omitempty"`
	Reason     string        `json:"reason,omitempty"`
	Evidence   string        `json:"detail,omitempty"` // what it observed, in short
}

// CheckWaivedBody: a failed check was waived.
type CheckWaivedBody struct {
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
	OSUser string `json:"os_user,omitempty"`
}

// GateOpenedBody: the go/no-go gate opened.
type GateOpenedBody struct {
	TimeoutMS int64  `json:"duration_ms,omitempty"` // 0 = none
	Prompt    string `json:"detail,omitempty"`
}

// VoteBody is a vote the gate counted. Ballot is the whole record:
// proven identity, proof, conditions generation, unmet conditions;
// journals written before it carry only Who, OSUser and Auto.
type VoteBody struct {
	Decision GateDecision `json:"status,omitempty"` // go or no-go
	Reason   string       `json:"reason,omitempty"`
	Who      string       `json:"who,omitempty"` // the approver it counts for
	OSUser   string       `json:"os_user,omitempty"`
	Auto     bool         `json:"auto,omitempty"`
	Ballot   *ballot.Vote `json:"ballot,omitempty"`
}

// OverrideBody: a person overrode the window or a freeze. It changes the
// gate's conditions: earlier GO votes stop counting.
type OverrideBody struct {
	Reason string `json:"reason,omitempty"`
	What   string `json:"detail,omitempty"` // "window" or "freeze ..."
	Who    string `json:"who,omitempty"`
	OSUser string `json:"os_user,omitempty"`
}

// GateRefusedBody: the gate refused a GO or a vote and stays open.
// Reason says why ("outside the deployment window ...", "vote refused:
// ..."). Spent: the GO the quorum gave was refused by the window or a
// freeze and its votes stop counting, so the cutover never starts
// unattended when the window later opens. A refused vote has What
// "vote" and names the voter.
type GateRefusedBody struct {
	Spent  bool   `json:"-"` // journaled as status "spent"
	Reason string `json:"reason,omitempty"`
	What   string `json:"detail,omitempty"`
	Who    string `json:"who,omitempty"`
	OSUser string `json:"os_user,omitempty"`
}

// GateWaitingBody: the gate's unmet conditions (none when all are met).
// Journaled whenever the list changes, one condition a line.
type GateWaitingBody struct {
	Unmet []string `json:"-"`
}

// GateDecidedBody: the gate decided.
type GateDecidedBody struct {
	Decision GateDecision `json:"status,omitempty"`
	Reason   string       `json:"reason,omitempty"`
	Who      string       `json:"who,omitempty"`
	Auto     bool         `json:"auto,omitempty"`
}

// StepWaitingBody: a step waits for a person.
type StepWaitingBody struct {
	Wait WaitKind `json:"detail,omitempty"`
}

// StepConfirmedBody: a person (or --yes) confirmed a step.
type StepConfirmedBody struct {
	Who  string `json:"who,omitempty"`
	Auto bool   `json:"auto,omitempty"`
}

// ItemTickedBody: a checklist item was ticked. Item is its number, from
// 1; journals older than Item carried the number in OldItem ("attempt"):
// Number reads either.
type ItemTickedBody struct {
	OldItem int    `json:"attempt,omitempty"`
	Item    int    `json:"item,omitempty"`
	Text    string `json:"detail,omitempty"`
	Who     string `json:"who,omitempty"`
	Auto    bool   `json:"auto,omitempty"`
}

// Number is the 1-based number of the ticked item.
func (b ItemTickedBody) Number() int {
	if b.Item > 0 {
		return b.Item
	}
	return b.OldItem
}

// ItemUntickedBody: a tick was taken back.
type ItemUntickedBody struct {
	Item int    `json:"attempt,omitempty"` // the item's number, from 1
	Text string `json:"detail,omitempty"`
	Who  string `json:"who,omitempty"`
}

// StepStartedBody: an attempt of a step starts.
type StepStartedBody struct {
	Attempt int    `json:"attempt,omitempty"`
	Command string `json:"detail,omitempty"` // secrets masked
}

// StepSimulatedBody: a rehearse = false step under --rehearse.
type StepSimulatedBody struct{}

// StepTimedOutBody: a step overran its timeout.
type StepTimedOutBody struct {
	ElapsedMS int64 `json:"duration_ms,omitempty"`
}

// StepFinishedBody: the step succeeded (verify included).
type StepFinishedBody struct {
	Attempt    int    `json:"attempt,omitempty"`
	Exit       *int   `json:"exit,omitempty"`
	DurationMS int64  `json:"duration_ms,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// StepFailedBody: the step failed. Exit is set when it ran.
type StepFailedBody struct {
	Attempt    int    `json:"attempt,omitempty"`
	Exit       *int   `json:"exit,omitempty"`
	DurationMS int64  `json:"duration_ms,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// StepInterruptedBody: the step was running when the driver died; its
// outcome is unknown.
type StepInterruptedBody struct {
	Reason string `json:"reason,omitempty"`
}

// StepSkippedBody: a person left the step undone.
type StepSkippedBody struct {
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
}

// BackgroundStoppedBody: a background step ended.
type BackgroundStoppedBody struct {
	How string `json:"detail,omitempty"`
}

// DecisionNeededBody: the engine waits for a Decision about the event's
// item (a step, or a probe in the monitor phase).
type DecisionNeededBody struct {
	Reason string       `json:"reason,omitempty"`
	Kind   DecisionKind `json:"detail,omitempty"`
}

// DecisionBody: what a person (or a policy) decided.
type DecisionBody struct {
	Action Action `json:"status,omitempty"`
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
	Auto   bool   `json:"auto,omitempty"`
}

// HoldSetBody: the hold was put on or taken off.
type HoldSetBody struct {
	On  bool   `json:"-"` // journaled as status "on" or "off"
	Who string `json:"who,omitempty"`
}

// NoteBody: an operator's note.
type NoteBody struct {
	Text string `json:"detail,omitempty"`
	Who  string `json:"who,omitempty"`
}

// RollbackStartedBody: the rollback starts.
type RollbackStartedBody struct {
	Reason string `json:"reason,omitempty"`
	Who    string `json:"who,omitempty"`
	Auto   bool   `json:"auto,omitempty"`
}

// RollbackFinishedBody: the rollback ended.
type RollbackFinishedBody struct {
	Result RollbackResult `json:"status,omitempty"`
	Reason string         `json:"reason,omitempty"`
}

// MonitorStartedBody: the soak starts.
type MonitorStartedBody struct {
	SoakMS int64 `json:"duration_ms,omitempty"`
}

// ProbeSampleBody is one sample of the probe the event's ID names.
// Batched in the journal.
type ProbeSampleBody struct {
	Status    checks.Status `json:"status,omitempty"`
	Level     Level         `json:"level,omitempty"`
	Value     *float64      `json:"value,omitempty"`
	LatencyMS int64         `json:"duration_ms,omitempty"`
	Reason    string        `json:"reason,omitempty"`
	Detail    string        `json:"detail,omitempty"` // e.g. samples skipped while this one ran
}

// RollbackRecommendedBody: the monitor recommends a rollback because of
// the probe the event's ID names.
type RollbackRecommendedBody struct {
	Reason string `json:"reason,omitempty"`
}

// MonitorExtendedBody: a person lengthened the soak.
type MonitorExtendedBody struct {
	AddedMS int64  `json:"duration_ms,omitempty"`
	Who     string `json:"who,omitempty"`
}

// VerdictBody: how the soak ended.
type VerdictBody struct {
	Verdict VerdictKind `json:"status,omitempty"`
	Reason  string      `json:"reason,omitempty"`
	Who     string      `json:"who,omitempty"`
}

// StageStartedBody: a staged step (the event's ID) goes to a stage. Its
// run follows as StepStarted and StepFinished or StepFailed.
type StageStartedBody struct {
	Stage      string `json:"stage,omitempty"`       // the stage's value
	StageIndex int    `json:"stage_index,omitempty"` // its place in the ladder, from 1
}

// AnalysisStartedBody: the analysis after a stage starts.
type AnalysisStartedBody struct {
	DurationMS int64  `json:"duration_ms,omitempty"`
	Probes     string `json:"detail,omitempty"` // the probes watched, comma-separated
	Stage      string `json:"stage,omitempty"`
	StageIndex int    `json:"stage_index,omitempty"`
}

// AnalysisSteadyBody: the analysis after a stage ended without a breach.
type AnalysisSteadyBody struct {
	Reason     string `json:"reason,omitempty"`
	Stage      string `json:"stage,omitempty"`
	StageIndex int    `json:"stage_index,omitempty"`
}

// AnalysisBreachBody: a probe breached during the analysis after a stage.
type AnalysisBreachBody struct {
	Reason     string `json:"reason,omitempty"`
	Probe      string `json:"detail,omitempty"`
	Stage      string `json:"stage,omitempty"`
	StageIndex int    `json:"stage_index,omitempty"`
}

// StagePromotionBody: the launch goes on to the next stage.
type StagePromotionBody struct {
	Who        string `json:"who,omitempty"`
	Auto       bool   `json:"auto,omitempty"`
	Stage      string `json:"stage,omitempty"`
	StageIndex int    `json:"stage_index,omitempty"`
}

// NotifyFailedBody: a notification could not be delivered.
type NotifyFailedBody struct {
	Reason string `json:"reason,omitempty"`
	Target string `json:"detail,omitempty"`
}

// LaunchFinishedBody: the launch ended (or was interrupted).
type LaunchFinishedBody struct {
	Outcome Outcome `json:"status,omitempty"`
	Exit    *int    `json:"exit,omitempty"` // the process exit code
	Reason  string  `json:"reason,omitempty"`
}

// AfterRollbackStartedBody: the post-rollback soak starts.
type AfterRollbackStartedBody struct {
	DurationMS int64 `json:"duration_ms,omitempty"`
}

// AfterRollbackFinishedBody: the post-rollback soak ended.
type AfterRollbackFinishedBody struct {
	Verdict AfterVerdict `json:"status,omitempty"`
	Reason  string       `json:"reason,omitempty"` // what the probes saw
	Detail  string       `json:"detail,omitempty"` // samples and breaches
}

// FleetUpdateBody is one line of a fleet step's event stream: a play or
// batch, a task, a host's start or result, the recap. Batched in the
// journal, like probe samples.
type FleetUpdateBody struct {
	Attempt int                `json:"attempt,omitempty"`
	Fleet   *checks.FleetEvent `json:"fleet,omitempty"`
}

// HostChangedBody: a task changed a host's overall status. Reason is
// Ansible's message for a failed or unreachable host.
type HostChangedBody struct {
	Attempt int               `json:"attempt,omitempty"`
	Status  checks.HostStatus `json:"status,omitempty"`
	Reason  string            `json:"reason,omitempty"`
	Host    string            `json:"detail,omitempty"`
}

// SessionOpenedBody: an SSH session of `golive serve` opened.
type SessionOpenedBody struct {
	Who     string       `json:"who,omitempty"`
	Session *SessionInfo `json:"session,omitempty"`
}

// SessionClosedBody: an SSH session closed, with the size it had at the end.
type SessionClosedBody struct {
	Who     string       `json:"who,omitempty"`
	Session *SessionInfo `json:"session,omitempty"`
}

// DriverChangedBody: someone else drives (Who empty: nobody does).
type DriverChangedBody struct {
	Reason  string       `json:"reason,omitempty"`
	Who     string       `json:"who,omitempty"`
	Session *SessionInfo `json:"session,omitempty"` // the new driver's
}
