package ballot

import (
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

var t0 = time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)

func kernel(user, as string) Ballot {
	return Ballot{Label: as, UID: 1000, OSUser: user, Proof: ProofKernel, At: t0}
}

func noGo(user, as, why string) Ballot {
	b := kernel(user, as)
	b.NoGo, b.Reason = true, why
	return b
}

func typed(user, as string) Ballot {
	b := kernel(user, as)
	b.Proof = ProofTypedInDriverCockpit
	return b
}

var people = []*runbook.Person{
	{Name: "alice", Roles: []runbook.Role{runbook.RoleDriver, runbook.RoleApprover}, OSUser: "alice",
		SSHKeys: []runbook.SSHKey{{Fingerprint: "SHA256:alicekey"}}},
	{Name: "bob", Roles: []runbook.Role{runbook.RoleApprover}, OSUser: "bob"},
	{Name: "carol", Roles: []runbook.Role{runbook.RoleApprover}, OSUser: "carol"},
	{Name: "dave", Roles: []runbook.Role{runbook.RoleWatcher}, OSUser: "dave"},
}

// step is one ballot cast in a scenario, with what the tally must say.
type step struct {
	gen     int // the conditions generation when it is cast
	b       Ballot
	accept  bool
	refusal Refusal
	name    string // counted as (when accepted)
	needed  int
	open    bool
	msg     string // a part of the message
}

func TestDecide(t *testing.T) {
	labels := Rules{Approvers: []string{"alice", "bob"}, Quorum: 2}
	sep := Rules{People: people, Approvers: []string{"alice", "bob"}, Quorum: 1, SeparateApprover: true}
	withPeople := Rules{People: people, Quorum: 2}
	driverRoot := Driver{OSUser: "root"}
	driverAlice := Driver{OSUser: "alice"}
	cases := []struct {
		name   string
		rules  Rules
		driver Driver
		steps  []step
	}{
		{
			name: "labels: one OS user typing two names counts once, the second says so", rules: labels, driver: driverRoot,
			steps: []step{
				{b: typed("root", "alice"), accept: true, name: "alice", needed: 1, msg: "1 more GO needed (may still vote: bob)"},
				{b: typed("root", "bob"), refusal: RefuseAlreadyVoted, needed: 1, msg: "os_user root already voted GO as alice: one identity counts once"},
				{b: kernel("bob", "bob"), accept: true, name: "bob", needed: 0, open: true, msg: "the quorum is reached"},
			},
		},
		{
			name: "labels: --as must be one of the approvers, and may be left out when the OS user is one", rules: labels, driver: driverRoot,
			steps: []step{
				{b: kernel("eve", "eve"), refusal: RefuseNotApprover, needed: 2, msg: `"eve" is not an approver of this launch (approvers: alice, bob)`},
				{b: kernel("eve", ""), refusal: RefuseNeedsName, needed: 2, msg: "--as NAME (approvers: alice, bob)"},
				{b: kernel("bob", ""), accept: true, name: "bob", needed: 1},
				{b: kernel("bob", "bob"), refusal: RefuseAlreadyVoted, needed: 1, msg: "bob already voted GO (os_user bob, at 22:00:00Z)"},
			},
		},
		{
			name: "labels without a list: anyone, one vote per identity", rules: Rules{Quorum: 2}, driver: driverRoot,
			steps: []step{
				{b: kernel("bob", ""), accept: true, name: "bob", needed: 1, msg: "1 more GO needed"},
				{b: kernel("carol", "release-lead"), accept: true, name: "release-lead", needed: 0, open: true},
			},
		},
		{
			name: "people: the OS user proves the person; a typed name cannot borrow another's identity", rules: withPeople, driver: driverAlice,
			steps: []step{
				{b: typed("alice", "bob"), refusal: RefuseIdentity, needed: 2, msg: "you are os_user alice, which proves alice, not bob"},
				{b: kernel("mallory", "bob"), refusal: RefuseIdentity, needed: 2, msg: "os_user mallory does not prove bob (bob is proven by os_user bob)"},
				{b: kernel("mallory", ""), refusal: RefuseNotApprover, needed: 2, msg: "os_user mallory is none of the [[people]]"},
				{b: kernel("mallory", "zed"), refusal: RefuseNotApprover, needed: 2, msg: `nobody called "zed"`},
				{b: kernel("dave", ""), refusal: RefuseNotApprover, needed: 2, msg: "dave is not an approver"},
				{b: typed("alice", ""), accept: true, name: "alice", needed: 1, msg: "may still vote: bob, carol"},
				{b: kernel("bob", ""), accept: true, name: "bob", needed: 0, open: true},
			},
		},
		{
			name: "people: one person over two proofs counts once", rules: withPeople, driver: driverRoot,
			steps: []step{
				{b: kernel("alice", "alice"), accept: true, name: "alice", needed: 1},
				{b: Ballot{UID: -1, Key: "SHA256:alicekey", Proof: ProofSSHKey, At: t0}, refusal: RefuseAlreadyVoted, needed: 1, msg: "alice already voted GO"},
			},
		},
		{
			name: "separate_approver: the driver's GO is refused, another approver opens the gate", rules: sep, driver: driverAlice,
			steps: []step{
				{b: typed("alice", "alice"), refusal: RefuseDriver, needed: 1, msg: "os_user alice drives this launch and separate_approver is set"},
				{b: Ballot{UID: -1, Key: "SHA256:alicekey", Proof: ProofSSHKey, At: t0}, refusal: RefuseDriver, needed: 1},
				{b: kernel("carol", ""), refusal: RefuseNotApprover, needed: 1, msg: "carol is not an approver of this launch (approvers: alice, bob)"},
				{b: kernel("bob", "bob"), accept: true, name: "bob", needed: 0, open: true},
			},
		},
		{
			name: "separate_approver without people: the driver's OS user never counts", rules: Rules{Quorum: 1, SeparateApprover: true}, driver: driverRoot,
			steps: []step{
				{b: typed("root", "alice"), refusal: RefuseDriver, needed: 1},
				{b: kernel("root", "alice"), refusal: RefuseDriver, needed: 1},
				{b: kernel("bob", "alice"), accept: true, name: "alice", open: true},
			},
		},
		{
			name: "a NO-GO closes the gate, even after GO votes, and nothing is counted after it", rules: labels, driver: driverRoot,
			steps: []step{
				{b: kernel("bob", "bob"), accept: true, name: "bob", needed: 1},
				{b: noGo("alice", "alice", ""), refusal: RefuseNoReason, needed: 1, msg: "a NO-GO needs a reason"},
				{b: noGo("bob", "bob", "error rate doubled"), accept: true, name: "bob", needed: 1, msg: "the gate is closed: error rate doubled"},
				{b: kernel("alice", "alice"), refusal: RefuseNoGate, needed: 1, msg: "already closed by a NO-GO from bob (error rate doubled)"},
			},
		},
		{
			name: "a NO-GO needs an approver too", rules: withPeople, driver: driverRoot,
			steps: []step{
				{b: noGo("dave", "", "looks bad"), refusal: RefuseNotApprover, needed: 2},
			},
		},
		{
			name: "conditions changed after a GO: the old vote no longer counts, the same person may vote again", rules: labels, driver: driverRoot,
			steps: []step{
				{gen: 1, b: kernel("alice", "alice"), accept: true, name: "alice", needed: 1},
				{gen: 2, b: kernel("bob", "bob"), accept: true, name: "bob", needed: 1, msg: "may still vote: alice"},
				{gen: 2, b: kernel("alice", "alice"), accept: true, name: "alice", needed: 0, open: true},
			},
		},
		{
			name: "auto votes from --yes --approver count per name", rules: labels, driver: driverRoot,
			steps: []step{
				{b: Ballot{Label: "alice", UID: -1, Proof: ProofAuto, At: t0}, accept: true, name: "alice", needed: 1},
				{b: Ballot{Label: "bob", UID: -1, Proof: ProofAuto, At: t0}, accept: true, name: "bob", open: true},
			},
		},
		{
			name: "a ballot without a proven identity is refused", rules: labels, driver: driverRoot,
			steps: []step{
				{b: Ballot{Label: "alice", UID: -1, Proof: ProofKernel, At: t0}, refusal: RefuseBadRequest, needed: 2},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var votes []Vote
			for i, s := range c.steps {
				d := Decide(c.rules, c.driver, s.gen, votes, s.b)
				a := d.Answer
				if d.Accepted != s.accept || a.Accepted != s.accept || a.Refusal != s.refusal {
					t.Fatalf("step %d: accepted=%v refusal=%q (%s), want accepted=%v refusal=%q", i, d.Accepted, a.Refusal, a.Message, s.accept, s.refusal)
				}
				if a.Needed != s.needed || a.Open != s.open || d.Status.Needed != s.needed {
					t.Fatalf("step %d: needed=%d open=%v, want needed=%d open=%v (%s)", i, a.Needed, a.Open, s.needed, s.open, a.Message)
				}
				if !strings.Contains(a.Message, s.msg) {
					t.Fatalf("step %d: message %q lacks %q", i, a.Message, s.msg)
				}
				if !s.accept {
					continue
				}
				if a.CountedAs != s.name || d.Vote.Name != s.name || d.Vote.Generation != s.gen || d.Vote.Proof != s.b.Proof {
					t.Fatalf("step %d: vote %+v, answer %+v, want counted as %s at generation %d", i, d.Vote, a, s.name, s.gen)
				}
				votes = append(votes, d.Vote)
			}
		})
	}
}

func TestVoteRecord(t *testing.T) {
	d := Decide(Rules{People: people, Quorum: 1}, Driver{OSUser: "root"}, 3, nil, kernel("bob", "bob"))
	want := Vote{Name: "bob", Identity: "os_user bob", OSUser: "bob", UID: 1000, Proof: ProofKernel, At: t0, Generation: 3}
	if d.Vote.Name != want.Name || d.Vote.Identity != want.Identity || d.Vote.OSUser != want.OSUser || d.Vote.UID != want.UID ||
		d.Vote.Proof != want.Proof || !d.Vote.At.Equal(want.At) || d.Vote.Generation != want.Generation || d.Vote.Label != "" {
		t.Fatalf("vote = %+v, want %+v", d.Vote, want)
	}
	d = Decide(Rules{Approvers: []string{"alice"}, Quorum: 1}, Driver{}, 0, nil, kernel("bob", "alice"))
	if d.Vote.Label != "" || d.Vote.Name != "alice" || d.Vote.Identity != "os_user bob" {
		t.Fatalf("label vote = %+v", d.Vote)
	}
}

func TestCount(t *testing.T) {
	r := Rules{Approvers: []string{"alice", "bob", "carol"}, Quorum: 2}
	votes := []Vote{
		{Name: "alice", Identity: "os_user alice", Generation: 1},
		{Name: "bob", Identity: "os_user bob", Generation: 2},
		{Name: "carol", Identity: "os_user bob", Generation: 2}, // journaled twice by mistake: still one identity
	}
	s := Count(r, Driver{}, 2, votes)
	if len(s.Counted) != 1 || s.Counted[0].Name != "bob" || len(s.Stale) != 1 || s.Needed != 1 || s.Open {
		t.Fatalf("status = %+v", s)
	}
	if strings.Join(s.MayVote, ",") != "alice,carol" {
		t.Fatalf("may vote = %v", s.MayVote)
	}
	if s := Count(r, Driver{}, 1, votes); s.Needed != 0 || !s.Open {
		t.Fatalf("at generation 1: %+v, want open", s)
	}
}

func TestStatusNeeds(t *testing.T) {
	r := Rules{Approvers: []string{"alice", "bob"}, Quorum: 2}
	if got := Count(r, Driver{}, 0, nil).Needs(); got != "2 more GO needed (may still vote: alice, bob)" {
		t.Errorf("none yet: %q", got)
	}
	if got := Count(Rules{Quorum: 1}, Driver{}, 0, nil).Needs(); got != "1 more GO needed" {
		t.Errorf("no list: %q", got)
	}
	if got := Count(Rules{Quorum: 1}, Driver{}, 0, []Vote{{Name: "x", Identity: "os_user x"}}).Needs(); got != "the quorum is reached" {
		t.Errorf("reached: %q", got)
	}
	if got := Count(r, Driver{}, 0, []Vote{{Name: "bob", NoGo: true, Reason: "db lag"}}).Needs(); got != "closed by a NO-GO from bob: db lag" {
		t.Errorf("closed: %q", got)
	}
}

// Voters names who may vote: every approver-role person, or only those
// launch.approvers lists, or the labels without [[people]].
func TestVoters(t *testing.T) {
	for _, tt := range []struct {
		name  string
		rules Rules
		want  string
	}{
		{"every approver", Rules{People: people}, "alice, bob, carol"},
		{"the listed ones", Rules{People: people, Approvers: []string{"bob"}}, "bob"},
		{"labels", Rules{Approvers: []string{"ops", "qa"}}, "ops, qa"},
	} {
		if got := strings.Join(tt.rules.Voters(), ", "); got != tt.want {
			t.Errorf("%s: Voters %q, want %q", tt.name, got, tt.want)
		}
	}
}
