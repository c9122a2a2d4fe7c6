package launch

import (
	"golive/checks"
	"slices"
	"testing"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// decideRunbook has two checks and four cutover steps: c has no command
// of its own, d no rollback.
const decideRunbook = `
[launch]
name = "decide"
approvers = ["alice", "bob"]
quorum = 2

[[preflight]]
id = "disk"
run = "true"

[[preflight]]
id = "api"
run = "true"

[[cutover]]
id = "a"
run = "true"
rollback = "true"

[[cutover]]
id = "b"
run = "true"
rollback = "true"

[[cutover]]
id = "c"
manual = ["done by hand"]

[[cutover]]
id = "d"
run = "true"
`

// foldOf folds events (numbered and timed a second apart) over rb.
func foldOf(rb *runbook.Runbook, evs ...Event) *State {
	st := NewState(rb)
	for i, ev := range evs {
		ev.Seq = int64(i + 1)
		ev.Time = t0.Add(time.Duration(i) * time.Second)
		st.Apply(ev)
	}
	return st
}

func started(id string) Event {
	return Event{Phase: PhaseCutover, ID: id, Body: StepStartedBody{Attempt: 1}}
}
func finished(id string) Event {
	return Event{Phase: PhaseCutover, ID: id, Body: StepFinishedBody{Attempt: 1}}
}
func failed(id string) Event {
	return Event{Phase: PhaseCutover, ID: id, Body: StepFailedBody{Attempt: 1}}
}

func ids(steps []*runbook.Step) []string {
	var out []string
	for _, s := range steps {
		out = append(out, s.ID)
	}
	return out
}

func TestRollbackSetFromTheFold(t *testing.T) {
	rb := writeRunbook(t, decideRunbook, false)
	cases := []struct {
		name string
		evs  []Event
		want []string
	}{
		{"nothing ran", nil, nil},
		{"latest first", []Event{started("a"), finished("a"), started("b"), finished("b")}, []string{"b", "a"}},
		{"a failed step is rolled back too", []Event{started("a"), finished("a"), started("b"), failed("b")}, []string{"b", "a"}},
		{"a skipped step is not", []Event{started("a"), finished("a"), started("b"), failed("b"),
			{Phase: PhaseCutover, ID: "b", Body: DecisionBody{Action: ActSkip, Reason: "by hand"}}}, []string{"a"}},
		{"a step without a command never ran", []Event{started("a"), finished("a"), {Phase: PhaseCutover, ID: "c", Body: StepFinishedBody{}}}, []string{"a"}},
		{"an interrupted step is left to the operator", []Event{started("a"), finished("a"), started("b"),
			{Phase: PhaseCutover, ID: "b", Body: StepInterruptedBody{}}}, []string{"a"}},
		{"rolled back already", []Event{started("a"), finished("a"), started("b"), finished("b"), {Body: RollbackStartedBody{}},
			{Phase: PhaseRollback, ID: "b", Body: StepStartedBody{}}, {Phase: PhaseRollback, ID: "b", Body: StepFinishedBody{}}}, []string{"a"}},
		{"a rollback step skipped", []Event{started("a"), finished("a"), started("b"), finished("b"), {Body: RollbackStartedBody{}},
			{Phase: PhaseRollback, ID: "b", Body: StepStartedBody{}}, {Phase: PhaseRollback, ID: "b", Body: StepFailedBody{}},
			{Phase: PhaseRollback, ID: "b", Body: StepSkippedBody{Reason: "by hand"}}}, []string{"a"}},
		{"simulated under rehearse", []Event{{Phase: PhaseCutover, ID: "a", Body: StepSimulatedBody{}}, started("b"), finished("b")}, []string{"b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := ids(rollbackSet(foldOf(rb, c.evs...), rb)); !slices.Equal(got, c.want) {
				t.Fatalf("rollback set %v, want %v", got, c.want)
			}
		})
	}
}

func TestResumePointFromTheFold(t *testing.T) {
	rb := writeRunbook(t, decideRunbook, false)
	gone := []Event{{Body: GateDecidedBody{Decision: GateGo}}, started("a"), finished("a")}
	cases := []struct {
		name     string
		evs      []Event
		from     int
		running  []string
		finished Outcome
		need     string
	}{
		{"before the gate", nil, 0, nil, "", ""},
		{"after the gate", []Event{{Body: GateDecidedBody{Decision: GateGo}}}, 0, nil, "", ""},
		{"mid-step", append(slices.Clone(gone), started("b")), 1, []string{"b"}, "", ""},
		{"interrupted and still undecided", append(slices.Clone(gone), started("b"), Event{Phase: PhaseCutover, ID: "b", Body: StepInterruptedBody{}},
			Event{Phase: PhaseCutover, ID: "b", Body: DecisionNeededBody{Kind: DecideInterrupted}}), 1, []string{"b"}, "", "b"},
		{"marked done", append(slices.Clone(gone), started("b"), Event{Phase: PhaseCutover, ID: "b", Body: StepInterruptedBody{}},
			Event{Phase: PhaseCutover, ID: "b", Body: DecisionBody{Action: ActMarkDone, Reason: "checked"}}), 2, nil, "", ""},
		{"at a failure's decision", append(slices.Clone(gone), started("b"), failed("b"),
			Event{Phase: PhaseCutover, ID: "b", Body: DecisionNeededBody{Kind: DecideFailed}}), 1, nil, "", "b"},
		{"a timed-out step still running", append(slices.Clone(gone), started("b"), Event{Phase: PhaseCutover, ID: "b", Body: StepTimedOutBody{}},
			Event{Phase: PhaseCutover, ID: "b", Body: DecisionNeededBody{Kind: DecideTimedOut}}), 1, []string{"b"}, "", "b"},
		{"finished", append(slices.Clone(gone), Event{Body: LaunchFinishedBody{Outcome: OutcomeAborted, Exit: exitp(1)}}), 1, nil, OutcomeAborted, ""},
		{"interrupted launch", append(slices.Clone(gone), Event{Body: LaunchFinishedBody{Outcome: OutcomeInterrupted, Exit: exitp(3)}}), 1, nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := foldOf(rb, c.evs...)
			pt := resumeAt(st)
			var running []string
			for _, it := range pt.running {
				running = append(running, it.ID)
			}
			if !slices.Equal(running, c.running) {
				t.Errorf("running %v, want %v", running, c.running)
			}
			if got := resumeFrom(st, rb); got != c.from {
				t.Errorf("resumes at step %d, want %d", got, c.from)
			}
			switch {
			case c.finished == "" && pt.finished != nil:
				t.Errorf("finished %+v, want the launch to go on", pt.finished)
			case c.finished != "" && (pt.finished == nil || pt.finished.outcome != c.finished):
				t.Errorf("finished %+v, want %s", pt.finished, c.finished)
			}
			switch {
			case c.need == "" && pt.need != nil:
				t.Errorf("pending %+v, want none", pt.need)
			case c.need != "" && (pt.need == nil || pt.need.ID != c.need):
				t.Errorf("pending %+v, want one about %s", pt.need, c.need)
			}
		})
	}
}

func TestGateRulesFromTheFold(t *testing.T) {
	rb := writeRunbook(t, decideRunbook, false)
	pass := func(id string) Event {
		return Event{Phase: PhasePreflight, ID: id, Body: CheckFinishedBody{Status: checks.Pass}}
	}
	fail := func(id string) Event {
		return Event{Phase: PhasePreflight, ID: id, Body: CheckFinishedBody{Status: checks.Fail, Reason: "exit 1"}}
	}
	vote := func(who string) Event { return Event{Phase: PhaseGate, Body: VoteBody{Who: who}} }
	cases := []struct {
		name    string
		evs     []Event
		osUser  string
		auto    bool
		failed  int
		quorum  bool
		todo    int
		waiveOK bool // may api be waived?
	}{
		{"nothing ran", nil, "", false, 0, false, 2, false},
		{"one failed", []Event{pass("disk"), fail("api")}, "", false, 1, false, 1, true},
		{"waived", []Event{pass("disk"), fail("api"), {ID: "api", Body: CheckWaivedBody{Reason: "known"}}}, "", false, 0, false, 0, false},
		{"re-running", []Event{pass("disk"), fail("api"), {Phase: PhasePreflight, ID: "api", Body: CheckStartedBody{}}}, "", false, 0, false, 1, false},
		{"one vote of two", []Event{pass("disk"), pass("api"), vote("alice")}, "", false, 0, false, 0, false},
		{"a vote counts once", []Event{vote("alice"), vote("alice")}, "", false, 0, false, 2, false},
		{"quorum", []Event{pass("disk"), pass("api"), vote("alice"), vote("bob")}, "", false, 0, true, 0, false},
		{"rehearsal with --yes", nil, "", true, 0, true, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := foldOf(rb, c.evs...)
			if got := failedChecks(st, rb); len(got) != c.failed {
				t.Errorf("failed checks %v, want %d", got, c.failed)
			}
			if tally := gateTally(st, ballot.RulesOf(rb), ballot.Driver{OSUser: c.osUser}); (tally.Open || c.auto) != c.quorum {
				t.Errorf("quorum %v (%s), want %v", tally.Open, tally.Needs(), c.quorum)
			}
			if got := checksToRun(st, rb); len(got) != c.todo {
				t.Errorf("%d checks to run, want %d", len(got), c.todo)
			}
			if got := canWaive(st, "api", "known"); got != c.waiveOK {
				t.Errorf("can waive api: %v, want %v", got, c.waiveOK)
			}
		})
	}
	if canWaive(foldOf(rb, fail("api")), "api", "  ") {
		t.Error("a waiver without a reason was accepted")
	}
}

func TestStaleChecks(t *testing.T) {
	rb := writeRunbook(t, decideRunbook, false)
	st := foldOf(rb, Event{Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass}})
	if got := staleChecks(st, rb, t0.Add(time.Minute), 30*time.Second); len(got) != 1 || got[0].ID != "disk" {
		t.Errorf("stale %v, want disk", ids2(got))
	}
	if got := staleChecks(st, rb, t0.Add(10*time.Second), 30*time.Second); len(got) != 0 {
		t.Errorf("stale %v, want none yet", ids2(got))
	}
}

func ids2(cs []*runbook.Check) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestEveryDecisionOffersWhatItAccepts(t *testing.T) {
	cases := []struct {
		kind DecisionKind
		want []Action
	}{
		{DecideFailed, []Action{ActRetry, ActSkip, ActRollback, ActAbort}},
		{DecideTimedOut, []Action{ActWait, ActStop}},
		{DecideInterrupted, []Action{ActRerun, ActMarkDone, ActRollback, ActAbort}},
		{DecideRollback, []Action{ActRetry, ActSkip, ActAbort}},
		{DecideMonitor, []Action{ActRollback}},
	}
	for _, c := range cases {
		if got := Offered(c.kind); !slices.Equal(got, c.want) {
			t.Errorf("%s offers %v, want %v", c.kind, got, c.want)
		}
	}
}

// ItemTicked names its checklist item in Item; journals older than the
// field named it in Attempt, and still fold the same.
func TestTickedItemNewAndOld(t *testing.T) {
	rb := writeRunbook(t, decideRunbook, false)
	st := foldOf(rb,
		Event{Phase: PhaseCutover, ID: "c", Body: ItemTickedBody{Item: 1, Who: "new"}},
	)
	old := foldOf(rb,
		Event{Phase: PhaseCutover, ID: "c", Body: ItemTickedBody{OldItem: 1, Who: "old"}},
	)
	if got := st.Find(PhaseCutover, "c").Ticked; len(got) != 1 || got[0] != "new" {
		t.Errorf("ticked %q", got)
	}
	if got := old.Find(PhaseCutover, "c").Ticked; len(got) != 1 || got[0] != "old" {
		t.Errorf("ticked from an old journal %q", got)
	}
	if it := st.Find(PhaseCutover, "c"); it.Attempt != 0 {
		t.Errorf("a tick counted as an attempt: %d", it.Attempt)
	}
}

// The monitor recommends a rollback after rollback_after critical samples
// in a row; an ok or warn sample, or a resume, breaks the run.
func TestBreachingFromTheFold(t *testing.T) {
	rb := writeRunbook(t, decideRunbook+`
[monitor]
duration = "1m"
interval = "1s"
[[monitor.probe]]
id = "up"
run = "true"
`, false)
	crit := Event{ID: "up", Body: ProbeSampleBody{Status: checks.Fail, Level: LevelCrit}}
	ok := Event{ID: "up", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelOK}}
	warn := Event{ID: "up", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelWarn}}
	resumed := Event{Body: LaunchResumedBody{}}
	cases := []struct {
		name   string
		evs    []Event
		n      int
		breach bool
	}{
		{"none yet", nil, 0, false},
		{"two of three", []Event{crit, crit}, 2, false},
		{"three in a row", []Event{crit, crit, crit}, 3, true},
		{"an ok sample breaks the run", []Event{crit, crit, ok, crit}, 1, false},
		{"so does a warn", []Event{crit, crit, warn, crit, crit}, 2, false},
		{"so does a resume", []Event{crit, crit, resumed, crit}, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, breach := breaching(foldOf(rb, c.evs...), "up", 3)
			if n != c.n || breach != c.breach {
				t.Fatalf("breaching = %d, %v; want %d, %v", n, breach, c.n, c.breach)
			}
		})
	}
}
