package ballot

import (
	"os"
	"testing"
)

// A driver typing two names in its own cockpit is one identity: the second
// name is refused, as the "alice GO, bob GO" gate shows.
func TestTypedIsTheDriversIdentity(t *testing.T) {
	r := Rules{Approvers: []string{"alice", "bob"}, Quorum: 2}
	d := Self()
	if d.OSUser == "" {
		t.Fatal("Self has no OS user")
	}
	first := Decide(r, d, 0, nil, Typed("alice", false, "", t0))
	if !first.Accepted || first.Vote.Proof != ProofTypedInDriverCockpit || first.Vote.UID != os.Getuid() || first.Vote.OSUser != d.OSUser {
		t.Fatalf("first = %+v", first)
	}
	second := Decide(r, d, 0, []Vote{first.Vote}, Typed("bob", false, "", t0))
	if second.Accepted || second.Answer.Refusal != RefuseAlreadyVoted || second.Status.Needed != 1 {
		t.Fatalf("second = %+v", second.Answer)
	}
	noGo := Decide(r, d, 0, []Vote{first.Vote}, Typed("alice", true, "db lag", t0))
	if !noGo.Accepted || !noGo.Answer.Closed || noGo.Status.Open {
		t.Fatalf("no-go = %+v", noGo.Answer)
	}
}

func TestAutoAndNotAtGate(t *testing.T) {
	b := Auto("alice", t0)
	if id, ok := identityOf(b); !ok || id != "auto alice" || b.Proof != ProofAuto {
		t.Fatalf("auto = %+v (%s)", b, id)
	}
	a := NotAtGate("in the cutover")
	if a.Accepted || a.Refusal != RefuseNoGate || a.Message != "the launch is not waiting at a gate: it is in the cutover" {
		t.Fatalf("answer = %+v", a)
	}
}
