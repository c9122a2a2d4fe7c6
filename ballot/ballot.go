package ballot

import "time"

// Request is what `golive approve` sends: one JSON object on one line.
// Nothing in it is trusted as identity; As is only the name the voter
// claims, checked against what the kernel proves.
type Request struct {
	As     string `json:"as,omitempty"`
	NoGo   bool   `json:"no_go,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Ballot is a vote as the server hands it to the engine: the claim of the
// request joined to the identity the system proved.
type Ballot struct {
	Label  string    // the name the voter gave (--as, or typed); may be empty
	UID    int       // the proven uid (kernel and cockpit proofs); -1 when none
	OSUser string    // the OS user name of UID, or "uid N" when it has none
	Key    string    // SHA256 fingerprint of the voter's key (ssh-key proof)
	Proof  Proof     // how the identity was proven
	NoGo   bool      // a NO-GO vote: closes the gate with Reason
	Reason string    // why (required for NO-GO, optional for GO)
	At     time.Time // when the server received it
}

// Refusal says why a ballot was not counted. The words are stable: the
// client prints them and scripts may match them.
type Refusal string

// The reasons a ballot is refused.
const (
	RefuseNotApprover    Refusal = "not an approver"
	RefuseIdentity       Refusal = "identity does not match the name"
	RefuseNoGate         Refusal = "no launch waiting at a gate"
	RefuseAlreadyVoted   Refusal = "already voted"
	RefuseDriver         Refusal = "the driver cannot approve (separate_approver)"
	RefuseNeedsName      Refusal = "say which approver you are"
	RefuseNoReason       Refusal = "a NO-GO needs a reason"
	RefuseBadRequest     Refusal = "bad request"
	RefuseServerShutdown Refusal = "the launch stopped listening for votes"
)

// Answer is the engine's reply to one ballot, sent back to the voter as
// one JSON line.
type Answer struct {
	Accepted  bool    `json:"accepted"`
	CountedAs string  `json:"counted_as,omitempty"` // the approver the vote counts for
	Identity  string  `json:"identity,omitempty"`   // the proven identity, e.g. "os_user bob"
	Needed    int     `json:"needed"`               // GO votes still needed for the quorum
	Open      bool    `json:"open,omitempty"`       // the quorum is reached
	Closed    bool    `json:"closed,omitempty"`     // a NO-GO closed the gate
	Refusal   Refusal `json:"refusal,omitempty"`    // why not, when not Accepted
	Message   string  `json:"message"`              // one sentence for the voter
}
