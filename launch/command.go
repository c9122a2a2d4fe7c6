package launch

import (
	"time"

	"golive/ballot"
)

// CommandKind names what the operator (or a script) asks of the engine.
type CommandKind string

// The commands. Each comment lists the fields of Command it reads.
const (
	CmdConfirm  CommandKind = "confirm"  // ID (the waiting step), Who
	CmdTick     CommandKind = "tick"     // ID, Index (0-based item), Who
	CmdApprove  CommandKind = "approve"  // Who (approver name): a GO vote typed in the driver's cockpit
	CmdVote     CommandKind = "vote"     // Ballot, Reply: a vote whose identity a front end proved
	CmdNoGo     CommandKind = "no_go"    // Reason, Who
	CmdOverride CommandKind = "override" // Reason: window/freeze override for GO
	CmdWaive    CommandKind = "waive"    // ID (a failed check), Reason, Who
	CmdRerun    CommandKind = "rerun"    // ID (a check): run it again alone
	CmdDecide   CommandKind = "decide"   // ID, Action (one Offered for the decision asked), Reason, Who
	CmdHold     CommandKind = "hold"     // On: stop after the current step / release
	CmdNote     CommandKind = "note"     // Text, Who
	CmdRollback CommandKind = "rollback" // Reason, Who: start the rollback now
	CmdEndSoak  CommandKind = "end_soak" // Reason, Who: end the monitor early
	CmdExtend   CommandKind = "extend"   // Duration, Who: lengthen the soak
	CmdAbort    CommandKind = "abort"    // Reason, Who
	CmdResize   CommandKind = "resize"   // Cols, Rows: pseudo-terminal size of steps
	CmdInput    CommandKind = "input"    // ID, Data: keystrokes for an interactive step
)

// Command is one request to the engine. The engine validates it against the
// current state and ignores (with a Note-free refusal) what does not apply.
type Command struct {
	Kind     CommandKind
	ID       string
	Index    int
	Who      string
	Reason   string
	Action   Action
	Text     string
	On       bool
	Duration time.Duration
	Cols     int
	Rows     int
	Data     []byte
	// Ballot is the vote of a CmdVote, its identity proven by the front
	// end that took it (e.g. ballot.ProofSSHKey from `golive serve`).
	Ballot *ballot.Ballot
	// Reply, when set, receives the engine's answer to a CmdVote. It
	// must be buffered: the engine sends once and never blocks on it.
	Reply chan<- ballot.Answer
}
