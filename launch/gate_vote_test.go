package launch

import (
	"strings"
	"testing"

	"golive/ballot"
)

// A NO-GO ballot from an approver closes the gate with its reason, and
// the record says who proved it.
func TestNoGoBallotClosesTheGate(t *testing.T) {
	r := newRig(t, windowed(""), func(o *Options) { cockpit(o); realLaunch(o) })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	b := kernelBallot("alice", "alice-login", 4646)
	b.NoGo, b.Reason = true, "payments not ready"
	if a := r.vote(b); !a.Accepted || !a.Closed || !strings.Contains(a.Message, "NO-GO recorded for alice") {
		t.Fatalf("answer %+v", a)
	}
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if d := r.last(GateDecided); d.Body.(GateDecidedBody).Decision != "no-go" || d.Reason() != "payments not ready" || d.Who() != "alice" {
		t.Fatalf("decision %+v", d)
	}
	if v := r.last(Vote); v.Body.(VoteBody).Ballot == nil || !v.Body.(VoteBody).Ballot.NoGo || v.Body.(VoteBody).Ballot.Identity != "os_user alice-login" {
		t.Fatalf("vote %+v", v)
	}
}

// A vote that reaches the engine away from its gate is answered at once,
// saying where the launch is, and never journaled.
func TestVoteAwayFromTheGateIsAnswered(t *testing.T) {
	r := newRig(t, `
[launch]
name = "early"

[[preflight]]
id = "slow"
run = "sleep 30"
`+gateCutover, cockpit)
	r.start(t.Context())
	r.waitType(CheckStarted, "slow")
	a := r.vote(kernelBallot("alice", "alice-login", 4747))
	if a.Accepted || a.Refusal != ballot.RefuseNoGate || !strings.Contains(a.Message, "running its pre-flight checks") {
		t.Fatalf("answer %+v", a)
	}
	r.e.Send(Command{Kind: CmdAbort, Reason: "done testing"})
	r.e.Interrupt()
	r.wait()
	if v := find(r.events(), Vote); len(v) != 0 {
		t.Fatalf("a vote away from the gate was journaled: %+v", v)
	}
}

// The engine takes votes on its voting socket from the moment it runs:
// `golive approve`'s path, proven by the kernel.
func TestEngineTakesVotesOnItsSocket(t *testing.T) {
	r := newRig(t, windowed(""), func(o *Options) { o.Yes = false })
	r.start(t.Context())
	r.waitType(GateWaiting, "")
	a, err := ballot.Cast(t.Context(), []string{r.e.o.Root}, ballot.Request{As: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	me := ballot.Self().OSUser
	if !a.Accepted || a.Identity != "os_user "+me || !a.Open {
		t.Fatalf("answer %+v", a)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if v := r.last(Vote); v.Body.(VoteBody).Ballot == nil || v.Body.(VoteBody).Ballot.Proof != ballot.ProofKernel || v.Body.(VoteBody).Ballot.OSUser != me {
		t.Fatalf("vote %+v", v)
	}
}

// A launch driven over SSH counts a GO typed in its cockpit for the
// session's key, and separate_approver refuses it as the driver's.
func TestTypedVoteOfAnSSHDriverIsItsKey(t *testing.T) {
	r := newRig(t, `
[launch]
name = "ssh"
approvers = ["alice", "bob"]
separate_approver = true
`+gateCutover, func(o *Options) {
		cockpit(o)
		realLaunch(o)
		o.Identity = ballot.Driver{Key: "SHA256:driverkey"}
	})
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if n := r.waitType(GateRefused, ""); !strings.Contains(n.Reason(), "ssh-key SHA256:driverkey drives this launch") {
		t.Fatalf("refusal %q", n.Reason())
	}
	if a := r.vote(kernelBallot("bob", "bob-login", 4848)); !a.Accepted || !a.Open {
		t.Fatalf("answer %+v", a)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
