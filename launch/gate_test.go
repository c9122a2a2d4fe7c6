package launch

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golive/ballot"
)

// realLaunch turns a rig into a real (not rehearsal) launch.
func realLaunch(o *Options) { o.Rehearse = false }

const gateCutover = `
[[cutover]]
id = "switch"
run = "touch switched"
`

func TestGateQuorumCountsDistinctProvenIdentities(t *testing.T) {
	r := newRig(t, `
[launch]
name = "quorum"
approvers = ["alice", "bob", "carol"]
quorum = 2
`+gateCutover, func(o *Options) { cockpit(o); realLaunch(o) })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "mallory"})
	if n := r.waitType(GateRefused, ""); !strings.Contains(n.Reason(), "vote refused: not an approver") {
		t.Fatalf("refusal %q", n.Reason())
	}
	// The driver typing two names is one proven identity: it counts once.
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(Vote, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "bob"})
	if n := r.waitType(GateRefused, ""); !strings.Contains(n.Reason(), "one identity counts once") || !strings.Contains(n.Reason(), "1 more GO needed") {
		t.Fatalf("second name of one identity: %q", n.Reason())
	}
	if d := find(r.events(), GateDecided); len(d) != 0 {
		t.Fatalf("one identity made a quorum of two: %+v", d)
	}
	// Another OS user, proven by the front end that took the vote.
	a := r.vote(kernelBallot("bob", "bobs-login", 4242))
	if !a.Accepted || a.CountedAs != "bob" || !a.Open {
		t.Fatalf("answer %+v", a)
	}
	if d := r.waitType(GateDecided, ""); d.Body.(GateDecidedBody).Decision != "go" || d.Who() != "alice, bob" {
		t.Fatalf("decision %+v", d)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	votes := find(r.journal(), Vote)
	if len(votes) != 2 {
		t.Fatalf("votes %+v", votes)
	}
	b0, b1 := votes[0].Body.(VoteBody).Ballot, votes[1].Body.(VoteBody).Ballot
	if b0.Proof != ballot.ProofTypedInDriverCockpit || b1.Identity != "os_user bobs-login" ||
		b1.Proof != ballot.ProofKernel || b1.Generation != b0.Generation {
		t.Fatalf("votes %+v", votes)
	}
	if c := b0.Conditions; len(c) != 1 || !strings.Contains(c[0], "2 more GO needed") {
		t.Fatalf("the first vote saw %q", c)
	}
}

func TestSeparateApproverCannotApproveAlone(t *testing.T) {
	r := newRig(t, `
[launch]
name = "separate"
approvers = ["tester", "alice"]
separate_approver = true
`+gateCutover, func(o *Options) { cockpit(o); realLaunch(o) })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if n := r.waitType(GateRefused, ""); !strings.Contains(n.Reason(), string(ballot.RefuseDriver)) {
		t.Fatalf("the driver's own vote: %q", n.Reason())
	}
	if d := find(r.events(), GateDecided); len(d) != 0 {
		t.Fatalf("the driver approved alone: %+v", d)
	}
	if a := r.vote(kernelBallot("alice", "alice-login", 4343)); !a.Accepted || !a.Open {
		t.Fatalf("answer %+v", a)
	}
	r.waitType(GateDecided, "")
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}

// windowed builds a runbook whose window or freeze sits around now.
func windowed(table string) string {
	return `
[launch]
name = "window"
approvers = ["alice"]
` + table + gateCutover
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func TestWindowAndFreezeAtGo(t *testing.T) {
	now := time.Now()
	future := fmt.Sprintf("window = { start = %s, end = %s }", rfc(now.Add(62*time.Minute+30*time.Second)), rfc(now.Add(3*time.Hour)))
	past := fmt.Sprintf("window = { start = %s, end = %s }", rfc(now.Add(-3*time.Hour)), rfc(now.Add(-time.Hour)))
	open := fmt.Sprintf("window = { start = %s, end = %s }", rfc(now.Add(-time.Hour)), rfc(now.Add(time.Hour)))
	freeze := fmt.Sprintf(`freeze = [{ start = %s, end = %s, reason = "Black Friday" }]`, rfc(now.Add(-time.Hour)), rfc(now.Add(time.Hour)))
	cases := []struct {
		name, table, override string
		rehearse              bool
		code                  int
		refusal               string
	}{
		{"before", future, "", false, 1, "outside the deployment window (opens in 1h2m)"},
		{"after", past, "", false, 1, "outside the deployment window"},
		{"inside", open, "", false, 0, ""},
		{"freeze", freeze, "", false, 1, "inside freeze Black Friday"},
		{"override", past, "hotfix approved by the CTO", false, 0, "window"},
		{"override-freeze", freeze, "security fix", false, 0, "freeze Black Friday"},
		{"rehearsal", past, "", true, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, windowed(tc.table), func(o *Options) {
				o.Rehearse = tc.rehearse
				o.Approvers = []string{"alice"}
				o.OutsideWindow = tc.override
			})
			if code := r.run(); code != tc.code {
				t.Fatalf("exit %d, want %d; events:\n%s", code, tc.code, r.dump())
			}
			switch {
			case tc.override != "":
				ov := r.last(Override)
				if ov.Reason() != tc.override || ov.Body.(OverrideBody).What != tc.refusal {
					t.Fatalf("override %+v", ov)
				}
			case tc.code == 1:
				ref := r.last(GateRefused)
				if !strings.HasPrefix(ref.Reason(), tc.refusal+": ") || !strings.Contains(ref.Reason(), "local time now") {
					t.Fatalf("refusal %q, want %q", ref.Reason(), tc.refusal)
				}
				if fin := r.last(LaunchFinished); !strings.Contains(fin.Reason(), tc.refusal) || fin.Body.(LaunchFinishedBody).Outcome != OutcomeFailed {
					t.Fatalf("finished %+v", fin)
				}
				if n := len(find(r.events(), StepStarted)); n != 0 {
					t.Fatal("the cutover ran despite the refusal")
				}
			}
		})
	}
}

func TestOverrideFromTheCockpitLetsGoThrough(t *testing.T) {
	now := time.Now()
	r := newRig(t, windowed(fmt.Sprintf("window = { start = %s, end = %s }", rfc(now.Add(-3*time.Hour)), rfc(now.Add(-time.Hour)))),
		func(o *Options) { cockpit(o); realLaunch(o) })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if ref := r.waitType(GateRefused, ""); !strings.HasPrefix(ref.Reason(), "outside the deployment window: window ") {
		t.Fatalf("refusal %q", ref.Reason())
	}
	r.e.Send(Command{Kind: CmdOverride, Reason: "incident fix", Who: "alice"})
	// The GO was given before the override: it is asked for again.
	r.waitFor(func(ev Event) bool {
		w, ok := ev.Body.(GateWaitingBody)
		return ok && len(w.Unmet) > 0 && strings.HasPrefix(w.Unmet[0], "votes: 1 more GO needed")
	}, "GO asked again")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if d := r.waitType(GateDecided, ""); d.Body.(GateDecidedBody).Decision != "go" {
		t.Fatalf("decision %+v", d)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if ov := r.last(Override); ov.Body.(OverrideBody).What != "window" || ov.Who() != "alice" {
		t.Fatalf("override %+v", ov)
	}
}

func TestNoGoAbortsTheLaunch(t *testing.T) {
	r := newRig(t, windowed(""), cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdNoGo, Reason: "payments team not ready", Who: "alice"})
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	d := r.last(GateDecided)
	if d.Body.(GateDecidedBody).Decision != "no-go" || d.Reason() != "payments team not ready" || d.Who() != "alice" {
		t.Fatalf("decision %+v", d)
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeAborted {
		t.Fatalf("outcome %q", fin.Body.(LaunchFinishedBody).Outcome)
	}
}

func TestGateTimeout(t *testing.T) {
	for _, policy := range []string{"abort", "wait"} {
		t.Run(policy, func(t *testing.T) {
			clock := newFakeClock()
			r := newRig(t, windowed(`
[gate]
timeout = "30m"
on_timeout = "`+policy+`"
`), func(o *Options) { cockpit(o); o.Clock = clock })
			r.start(t.Context())
			r.waitType(GateOpened, "")
			clock.Advance(31 * time.Minute)
			if policy == "abort" {
				if code := r.wait(); code != 1 {
					t.Fatalf("exit %d", code)
				}
				if d := r.last(GateDecided); d.Body.(GateDecidedBody).Decision != "timeout" {
					t.Fatalf("decision %+v", d)
				}
				if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeAborted || !strings.Contains(fin.Reason(), "timed out") {
					t.Fatalf("finished %+v", fin)
				}
				return
			}
			if n := r.waitType(Note, ""); !strings.Contains(n.Body.(NoteBody).Text, "still waiting") {
				t.Fatalf("note %q", n.Body.(NoteBody).Text)
			}
			r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
			if code := r.wait(); code != 0 {
				t.Fatalf("exit %d", code)
			}
		})
	}
}

func TestHeadlessGateWithoutYesWaitsForVotes(t *testing.T) {
	r := newRig(t, windowed(""), func(o *Options) { o.Yes = false })
	r.start(t.Context())
	if w := r.waitType(GateWaiting, ""); strings.Join(w.Body.(GateWaitingBody).Unmet, "\n") != "votes: 1 more GO needed (may still vote: alice)" {
		t.Fatalf("waiting %q", w.Body.(GateWaitingBody).Unmet)
	}
	if line := FormatLine(r.last(GateWaiting), time.UTC); !strings.HasSuffix(line, "gate - waiting for: votes: 1 more GO needed (may still vote: alice)") {
		t.Fatalf("line %q", line)
	}
	a := r.vote(kernelBallot("alice", "alice-login", 4444))
	if !a.Accepted || !a.Open || a.CountedAs != "alice" || a.Identity != "os_user alice-login" {
		t.Fatalf("answer %+v", a)
	}
	if line := FormatLine(r.last(Vote), time.UTC); !strings.Contains(line, "gate - vote GO alice os_user=alice-login proof=kernel generation=0") {
		t.Fatalf("line %q", line)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
}

func TestFailedCheckIsWaivedOrRerunAtTheGate(t *testing.T) {
	r := newRig(t, `
[launch]
name = "waive"

[[preflight]]
id = "flaky"
run = "test -f ready"

[[preflight]]
id = "broken"
run = "exit 3"
`+gateCutover, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.e.Send(Command{Kind: CmdNote, Text: "barrier"})
	r.waitType(Note, "")
	if d := find(r.events(), GateDecided); len(d) != 0 {
		t.Fatal("GO with failed checks")
	}
	touch(t, r.dir, "ready")
	r.e.Send(Command{Kind: CmdRerun, ID: "flaky"})
	if f := r.waitType(CheckFinished, "flaky"); f.Body.(CheckFinishedBody).Status != "pass" {
		t.Fatalf("re-run %+v", f)
	}
	r.e.Send(Command{Kind: CmdWaive, ID: "broken", Who: "alice"}) // no reason: ignored
	r.e.Send(Command{Kind: CmdWaive, ID: "broken", Reason: "known, ticket OPS-1", Who: "alice"})
	if w := r.waitType(CheckWaived, "broken"); w.Reason() != "known, ticket OPS-1" || w.Who() != "alice" {
		t.Fatalf("waived %+v", w)
	}
	// alice's GO saw failed checks: after the re-run and the waiver the
	// gate asks for GO again rather than cutting over on it.
	r.waitFor(func(ev Event) bool {
		w, ok := ev.Body.(GateWaitingBody)
		return ok && len(w.Unmet) > 0 && strings.HasPrefix(w.Unmet[0], "votes: 1 more GO needed")
	}, "GO asked again")
	if d := find(r.events(), GateDecided); len(d) != 0 {
		t.Fatal("GO on a vote cast before the waiver")
	}
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
}

func TestHeadlessFailedCheckEndsBeforeTheGate(t *testing.T) {
	r := newRig(t, `
[launch]
name = "fail"

[[preflight]]
id = "broken"
run = "exit 3"
`+gateCutover, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if n := len(find(r.events(), GateOpened)); n != 0 {
		t.Fatal("the gate opened after a failed check")
	}
	if fin := r.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeFailed || !strings.Contains(fin.Reason(), "broken") {
		t.Fatalf("finished %+v", fin)
	}
}

func TestStaleChecksAreRerunAtGo(t *testing.T) {
	clock := newFakeClock()
	r := newRig(t, `
[launch]
name = "stale"

[[preflight]]
id = "fresh"
run = "echo ok"

[gate]
max_check_age = "15m"
`+gateCutover, func(o *Options) { cockpit(o); o.Clock = clock })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	clock.Advance(20 * time.Minute)
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(GateDecided, "")
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if n := len(find(r.events(), CheckFinished)); n != 2 {
		t.Fatalf("the check ran %d times, want 2 (once more at GO)", n)
	}
	var order []Type
	for _, ev := range r.events() {
		if ev.Type() == CheckFinished || ev.Type() == GateDecided || ev.Type() == GateOpened {
			order = append(order, ev.Type())
		}
	}
	if fmt.Sprint(order) != fmt.Sprint([]Type{CheckFinished, GateOpened, CheckFinished, GateDecided}) {
		t.Fatalf("order %v: GO must wait for the re-run", order)
	}
}

func TestRefusedGoWaitsForTheWindowAndAFreshApproval(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now().Add(10 * time.Minute)
	r := newRig(t, windowed(fmt.Sprintf("window = { start = %s, end = %s }", rfc(start), rfc(start.Add(time.Hour)))),
		func(o *Options) { cockpit(o); realLaunch(o); o.Clock = clock })
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if ref := r.waitType(GateRefused, ""); !strings.HasPrefix(ref.Reason(), "outside the deployment window (opens in 10m): window ") {
		t.Fatalf("refusal %q", ref.Reason())
	}
	// The window opens: nothing cuts over by itself.
	clock.Advance(11 * time.Minute)
	r.e.Send(Command{Kind: CmdNote, Text: "barrier"})
	r.waitType(Note, "")
	if d := find(r.events(), GateDecided); len(d) != 0 {
		t.Fatalf("GO happened unattended when the window opened: %+v", d)
	}
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	if d := r.waitType(GateDecided, ""); d.Body.(GateDecidedBody).Decision != "go" {
		t.Fatalf("decision %+v", d)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
