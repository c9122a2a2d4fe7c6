package ballot

import (
	"os"
	"time"
)

// Self is the driver as this process proves it: its own OS user. The
// engine records it when the launch starts and passes it to Decide.
func Self() Driver {
	return Driver{OSUser: userName(os.Getuid())}
}

// Typed is a vote typed in the driver's own cockpit: the name is the
// driver's claim, and the only identity proven is the driver's OS user,
// so one driver typing two names counts once.
func Typed(label string, noGo bool, reason string, at time.Time) Ballot {
	uid := os.Getuid()
	return Ballot{Label: label, UID: uid, OSUser: userName(uid), Proof: ProofTypedInDriverCockpit, NoGo: noGo, Reason: reason, At: at}
}

// Auto is a GO cast by --yes for an --approver NAME given on the command
// line; the driver vouches for the name and the record says so.
func Auto(label string, at time.Time) Ballot {
	return Ballot{Label: label, UID: -1, Proof: ProofAuto, At: at}
}

// NotAtGate is the engine's answer to a ballot that arrives while the
// launch is not waiting at its gate; state says where it is instead,
// e.g. "in the cutover".
func NotAtGate(state string) Answer {
	return Answer{Refusal: RefuseNoGate, Message: "the launch is not waiting at a gate: it is " + state}
}
