package launch

import (
	"golive/checks"
	"slices"
	"strings"
	"testing"
	"time"

	"golive/ballot"
)

// gateRulesRunbook: two approvers, quorum 2, two checks, a window.
const gateRulesRunbook = `
[launch]
name = "rules"
approvers = ["alice", "bob"]
quorum = 2
window = { start = 2026-11-25T23:00:00Z, end = 2026-11-26T01:00:00Z }

[[preflight]]
id = "disk"
run = "true"

[[preflight]]
id = "api"
run = "true"

[[cutover]]
id = "a"
run = "true"
`

// castEv is a Vote event as the engine journals it.
func castEv(name, user string, gen int) Event {
	v := ballot.Vote{Name: name, Identity: "os_user " + user, OSUser: user, UID: 1000, Proof: ballot.ProofKernel, Generation: gen}
	return Event{Phase: PhaseGate, Body: VoteBody{Who: name, OSUser: user, Ballot: &v}}
}

func checkEv(id, status string) Event {
	return Event{Phase: PhasePreflight, ID: id, Body: CheckFinishedBody{Status: checks.Status(status), Reason: "exit 1"}}
}

// The gate's rules read from the fold alone: which conditions are unmet,
// which votes still count, and when the conditions generation moves.
func TestGateConditionsFromTheFold(t *testing.T) {
	rb := writeRunbook(t, gateRulesRunbook, false)
	rules, driver := ballot.RulesOf(rb), ballot.Driver{OSUser: "ops"}
	inWindow := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	before := time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	opened := Event{Phase: PhaseGate, Body: GateOpenedBody{}}
	cases := []struct {
		name    string
		evs     []Event
		now     time.Time
		gen     int
		counted int
		kinds   []ConditionKind
		words   []string // each must appear in the listed conditions
	}{
		{"nothing yet", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened}, inWindow, 0, 0,
			[]ConditionKind{CondVotes}, []string{"votes: 2 more GO needed (may still vote: alice, bob)"}},
		{"failed check and closed window", []Event{checkEv("disk", "pass"), checkEv("api", "fail"), opened}, before, 0, 0,
			[]ConditionKind{CondCheckFailed, CondWindow, CondVotes},
			[]string{"check api failed: exit 1", "outside the deployment window 2026-11-25 23:00 UTC – 2026-11-26 01:00 UTC (local time now 2026-11-25 22:00 UTC)"}},
		{"one vote", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened, castEv("alice", "alice", 0)}, inWindow, 0, 1,
			[]ConditionKind{CondVotes}, []string{"1 more GO needed (may still vote: bob)"}},
		{"quorum", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened, castEv("alice", "alice", 0), castEv("bob", "bob", 0)}, inWindow, 0, 2,
			nil, nil},
		{"a waiver takes the votes back", []Event{checkEv("disk", "pass"), checkEv("api", "fail"), opened, castEv("alice", "alice", 0), castEv("bob", "bob", 0),
			{Phase: PhasePreflight, ID: "api", Body: CheckWaivedBody{Reason: "known"}}}, inWindow, 1, 0,
			[]ConditionKind{CondVotes}, []string{"2 more GO needed"}},
		{"an override takes the votes back and lifts the window", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened, castEv("alice", "alice", 0),
			{Phase: PhaseGate, Body: OverrideBody{What: "window", Reason: "hotfix"}}}, before, 1, 0,
			[]ConditionKind{CondVotes}, []string{"2 more GO needed"}},
		{"an operator's re-run takes the votes back", []Event{checkEv("disk", "pass"), checkEv("api", "fail"), opened, castEv("alice", "alice", 0),
			{Phase: PhasePreflight, ID: "api", Body: CheckStartedBody{Who: "ops"}}}, inWindow, 1, 0,
			[]ConditionKind{CondCheckRunning, CondVotes}, []string{"check api is running"}},
		{"the engine's own re-run at GO does not", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened, castEv("alice", "alice", 0),
			{Phase: PhasePreflight, ID: "api", Body: CheckStartedBody{}}}, inWindow, 0, 1,
			[]ConditionKind{CondCheckRunning, CondVotes}, nil},
		{"a GO spent on a closed window", []Event{checkEv("disk", "pass"), checkEv("api", "pass"), opened, castEv("alice", "alice", 0), castEv("bob", "bob", 0),
			{Phase: PhaseGate, Body: GateRefusedBody{Spent: true, Reason: "outside the deployment window"}}}, inWindow, 1, 0,
			[]ConditionKind{CondVotes}, nil},
		{"votes after the change count", []Event{checkEv("disk", "pass"), checkEv("api", "fail"), opened, castEv("alice", "alice", 0),
			{Phase: PhasePreflight, ID: "api", Body: CheckWaivedBody{Reason: "known"}}, castEv("alice", "alice", 1), castEv("bob", "bob", 1)}, inWindow, 1, 2,
			nil, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := foldOf(rb, tc.evs...)
			if st.Gate.Generation != tc.gen {
				t.Fatalf("generation %d, want %d", st.Gate.Generation, tc.gen)
			}
			tally := gateTally(st, rules, driver)
			if len(tally.Counted) != tc.counted {
				t.Fatalf("%d votes count, want %d: %+v", len(tally.Counted), tc.counted, tally)
			}
			n := 0
			for _, v := range st.Gate.Votes {
				if v.Counted {
					n++
				}
			}
			if n != tc.counted {
				t.Fatalf("the fold marks %d votes counted, the tally %d", n, tc.counted)
			}
			cs := gateConditions(st, rb, gateView{now: tc.now, loc: time.UTC, tally: tally})
			var kinds []ConditionKind
			for _, c := range cs {
				kinds = append(kinds, c.Kind)
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Fatalf("conditions %q, want kinds %v", conditionLines(cs), tc.kinds)
			}
			all := strings.Join(conditionLines(cs), "\n")
			for _, w := range tc.words {
				if !strings.Contains(all, w) {
					t.Errorf("conditions lack %q:\n%s", w, all)
				}
			}
		})
	}
}

// A rehearsal and --outside-window list no window; a freeze is listed
// with its reason and times.
func TestGateConditionsWindowAndFreeze(t *testing.T) {
	rb := writeRunbook(t, `
[launch]
name = "freeze"
freeze = [{ start = 2026-11-27T00:00:00Z, end = 2026-11-28T00:00:00Z, reason = "Black Friday" }]

[[cutover]]
id = "a"
run = "true"
`, false)
	st := foldOf(rb, Event{Phase: PhaseGate, Body: GateOpenedBody{}})
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	open := ballot.Status{Open: true}
	cs := gateConditions(st, rb, gateView{now: now, loc: time.UTC, tally: open})
	if got := conditionLines(cs); len(got) != 1 || got[0] != "inside freeze Black Friday (2026-11-27 00:00 UTC – 2026-11-28 00:00 UTC) (local time now 2026-11-27 12:00 UTC)" {
		t.Fatalf("freeze: %q", got)
	}
	for _, v := range []gateView{{now: now, loc: time.UTC, tally: open, rehearse: true}, {now: now, loc: time.UTC, tally: open, overrode: true}} {
		if cs := gateConditions(st, rb, v); len(cs) != 0 {
			t.Errorf("%+v: %q", v, conditionLines(cs))
		}
	}
	// The local time alone changing is no new list to journal.
	later := gateConditions(st, rb, gateView{now: now.Add(time.Minute), loc: time.UTC, tally: open})
	if !sameConditions(cs, later) || cs[0].String() == later[0].String() {
		t.Errorf("%q vs %q", conditionLines(cs), conditionLines(later))
	}
}

// Headless, the gate waits only when people can still open it: votes,
// and checks that clear by themselves.
func TestOnlyVotesHoldAHeadlessGate(t *testing.T) {
	cases := []struct {
		kinds []ConditionKind
		wait  bool
	}{
		{nil, true},
		{[]ConditionKind{CondVotes}, true},
		{[]ConditionKind{CondCheckStale, CondVotes}, true},
		{[]ConditionKind{CondCheckRunning, CondVotes}, true},
		{[]ConditionKind{CondCheckFailed, CondVotes}, false},
		{[]ConditionKind{CondWindow, CondVotes}, false},
		{[]ConditionKind{CondFreeze}, false},
	}
	for _, c := range cases {
		var cs []Condition
		for _, k := range c.kinds {
			cs = append(cs, Condition{Kind: k})
		}
		if got := onlyVotes(cs); got != c.wait {
			t.Errorf("%v: waits %v, want %v", c.kinds, got, c.wait)
		}
	}
}
