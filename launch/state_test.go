package launch

import (
	"golive/checks"
	"reflect"
	"testing"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// testRunbook is built by hand so these tests do not depend on Load.
func testRunbook() *runbook.Runbook {
	return &runbook.Runbook{
		Path: "demo/launch.toml",
		Dir:  "demo",
		Hash: "abc123",
		Launch: runbook.Launch{Name: "demo", Title: "Demo go-live", Approvers: []string{"ann", "bob"}, Quorum: 1,
			Window: &runbook.Window{Start: t0, End: t0.Add(90 * time.Minute)}},
		Env: []runbook.EnvVar{{Name: "NEW_URL", Value: "http://127.0.0.1:18081"}, {Name: "DEPLOY_TOKEN", Value: "s3cr3t-t0ken"}},
		Preflight: []*runbook.Check{
			{ID: "disk", Kind: runbook.KindRun, Run: "df -P /", Retry: runbook.Retry{Attempts: 1}},
			{ID: "health", Name: "New stack answers", Kind: runbook.KindHTTP, HTTP: &runbook.HTTPCheck{URL: "http://127.0.0.1:18081/healthz"}, Retry: runbook.Retry{Attempts: 5, Interval: time.Second}},
		},
		Gate: runbook.Gate{Prompt: "Switch traffic?", Timeout: 30 * time.Minute},
		Cutover: []*runbook.Step{
			{ID: "start", Run: "./serve &", Background: true, Rehearse: true},
			{ID: "switch", Name: "Point the LB at v2", Run: "./switch.sh v2", Rollback: "./switch.sh v1", Confirm: true, Rehearse: true},
			{ID: "migrate", Run: "./migrate.sh up", Rollback: "./migrate.sh down", Rehearse: true},
			{ID: "announce", Manual: []string{"Post the note", "Tell support"}, Rehearse: true},
		},
		Monitor: &runbook.Monitor{Duration: 15 * time.Minute, Interval: 10 * time.Second, RollbackAfter: 3,
			Probes: []*runbook.Check{{ID: "latency", Name: "Health latency", Kind: runbook.KindHTTP, HTTP: &runbook.HTTPCheck{URL: "http://127.0.0.1:18081/healthz"}}}},
	}
}

func at(s int) time.Time { return t0.Add(time.Duration(s) * time.Second) }

func TestNewStateSeedsItems(t *testing.T) {
	s := NewState(testRunbook())
	var got []string
	for _, it := range s.Items {
		got = append(got, string(it.Phase)+"/"+it.ID+"/"+string(it.Status))
	}
	want := []string{"preflight/disk/pending", "preflight/health/pending", "cutover/start/pending",
		"cutover/switch/pending", "cutover/migrate/pending", "cutover/announce/pending"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("items %v\nwant %v", got, want)
	}
	if it := s.Find(PhasePreflight, "health"); it.Command != "GET http://127.0.0.1:18081/healthz" || it.Name != "New stack answers" || it.Attempts != 5 {
		t.Errorf("health seeded as %+v", it)
	}
	if it := s.Find(PhaseCutover, "switch"); it.Rollback != "./switch.sh v1" || it.Command != "./switch.sh v2" {
		t.Errorf("switch seeded as %+v", it)
	}
	if it := s.Find(PhaseCutover, "announce"); len(it.Manual) != 2 || len(it.Ticked) != 2 {
		t.Errorf("announce seeded as %+v", it)
	}
	if !s.Find(PhaseCutover, "start").Background {
		t.Error("background step not marked")
	}
	if len(s.Monitor.Probes) != 1 || s.Monitor.Probes[0].Name != "Health latency" || s.Monitor.Duration != 15*time.Minute {
		t.Errorf("monitor seeded as %+v", s.Monitor)
	}
	if s.Outcome != OutcomeInProgress || s.Gate.Prompt != "Switch traffic?" {
		t.Errorf("outcome %q prompt %q", s.Outcome, s.Gate.Prompt)
	}
	if n := NewState(nil); n.Outcome != OutcomeInProgress || len(n.Items) != 0 {
		t.Errorf("NewState(nil) = %+v", n)
	}
}

// applyCase applies events to a fresh state of testRunbook and checks it.
type applyCase struct {
	name   string
	events []Event
	check  func(t *testing.T, s *State)
}

func applyCases() []applyCase {
	return []applyCase{
		{"launch_started", []Event{{Time: at(0), Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "L1", Name: "demo", Title: "Demo", Rehearsal: true, Driver: "ann@h", Params: map[string]string{"V": "2"}}}}},
			func(t *testing.T, s *State) {
				if s.Launch.ID != "L1" || !s.Launch.Rehearsal || s.Launch.Params["V"] != "2" || !s.Started.Equal(at(0)) || s.Outcome != OutcomeInProgress {
					t.Errorf("%+v", s.Launch)
				}
			}},
		{"launch_resumed", []Event{
			{Time: at(1), Body: LaunchFinishedBody{Outcome: OutcomeInterrupted, Exit: intp(3)}},
			{Time: at(2), Body: LaunchResumedBody{Who: "bob@h2", Process: "4242"}}},
			func(t *testing.T, s *State) {
				if s.Outcome != OutcomeInProgress || s.Launch.Driver != "bob@h2" || len(s.Resumes) != 1 || s.Resumes[0].Text != "4242" {
					t.Errorf("outcome %q driver %q resumes %+v", s.Outcome, s.Launch.Driver, s.Resumes)
				}
			}},
		{"phase_started", []Event{{Phase: PhaseCutover, Body: PhaseStartedBody{}}},
			func(t *testing.T, s *State) {
				if s.Phase != PhaseCutover {
					t.Errorf("phase %q", s.Phase)
				}
			}},
		{"check_started", []Event{{Time: at(1), Phase: PhasePreflight, ID: "health", Body: CheckStartedBody{Attempts: 5}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhasePreflight, "health")
				if it.Status != StatusRunning || it.Attempts != 5 || !it.Started.Equal(at(1)) {
					t.Errorf("%+v", it)
				}
			}},
		{"check_attempt", []Event{
			{Time: at(1), Phase: PhasePreflight, ID: "health", Body: CheckStartedBody{Attempts: 5}},
			{Time: at(2), Phase: PhasePreflight, ID: "health", Body: CheckAttemptBody{Attempt: 2, Attempts: 5, Status: checks.Fail, Reason: "status 503, want 200"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhasePreflight, "health")
				if it.Status != StatusRunning || it.Attempt != 2 || it.Reason != "status 503, want 200" {
					t.Errorf("%+v", it)
				}
			}},
		{"check_finished", []Event{
			{Time: at(1), Phase: PhasePreflight, ID: "disk", Body: CheckStartedBody{}},
			{Time: at(3), Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass, Attempts: 1, Exit: intp(0), Value: floatp(123), DurationMS: 1500}},
			{Time: at(4), Phase: PhasePreflight, ID: "health", Body: CheckFinishedBody{Status: checks.Error, Reason: "bad json", DurationMS: 10}}},
			func(t *testing.T, s *State) {
				d := s.Find(PhasePreflight, "disk")
				if d.Status != StatusPassed || *d.Exit != 0 || *d.Value != 123 || d.DurationMS != 1500 || d.Attempt != 1 || !d.Finished.Equal(at(3)) {
					t.Errorf("disk %+v", d)
				}
				h := s.Find(PhasePreflight, "health")
				if h.Status != StatusError || h.Reason != "bad json" || h.Started.IsZero() {
					t.Errorf("health %+v", h)
				}
			}},
		{"check_waived", []Event{
			{Time: at(1), Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Fail, Reason: "low"}},
			{Time: at(2), ID: "disk", Body: CheckWaivedBody{Reason: "known, cleaned up tonight", Who: "ann", OSUser: "ann"}}},
			func(t *testing.T, s *State) {
				d := s.Find(PhasePreflight, "disk")
				if d.Status != StatusWaived || d.Waiver == nil || d.Waiver.Text != "known, cleaned up tonight" || d.Waiver.Who != "ann" {
					t.Errorf("%+v", d)
				}
			}},
		{"gate_opened", []Event{{Time: at(5), Body: GateOpenedBody{Prompt: "Go now?", TimeoutMS: 60000}}},
			func(t *testing.T, s *State) {
				g := s.Gate
				if !g.Open || g.Prompt != "Go now?" || g.Timeout != time.Minute || !g.OpenedAt.Equal(at(5)) || s.Phase != PhaseGate {
					t.Errorf("%+v", g)
				}
			}},
		{"vote", []Event{
			{Time: at(6), Body: VoteBody{Who: "ann", OSUser: "ann"}},
			{Time: at(7), Body: VoteBody{Who: "bob", OSUser: "ops", Auto: true}},
			{Time: at(8), Body: VoteBody{Who: "ann", OSUser: "other"}}},
			func(t *testing.T, s *State) {
				want := []VoteRec{
					{Name: "ann", OSUser: "ann", At: at(6), UID: -1, Identity: "os_user ann", Proof: ballot.ProofKernel, Counted: true, bare: true},
					{Name: "bob", OSUser: "ops", At: at(7), Auto: true, UID: -1, Identity: "auto bob", Proof: ballot.ProofAuto, Counted: true, bare: true},
				}
				if !reflect.DeepEqual(s.Gate.Votes, want) {
					t.Errorf("votes %+v", s.Gate.Votes)
				}
			}},
		{"override", []Event{{Time: at(6), Body: OverrideBody{What: "window", Reason: "incident fix", Who: "ann"}}},
			func(t *testing.T, s *State) {
				if len(s.Gate.Overrides) != 1 || s.Gate.Overrides[0].What != "window" || s.Gate.Overrides[0].Text != "incident fix" {
					t.Errorf("%+v", s.Gate.Overrides)
				}
			}},
		{"gate_refused", []Event{{Body: GateOpenedBody{}}, {Body: GateRefusedBody{Reason: "outside the deployment window (opens in 2h)"}}},
			func(t *testing.T, s *State) {
				if !s.Gate.Open || s.Gate.Refusal != "outside the deployment window (opens in 2h)" {
					t.Errorf("%+v", s.Gate)
				}
			}},
		{"gate_decided", []Event{{Body: GateOpenedBody{}}, {Time: at(9), Body: GateDecidedBody{Decision: GateNoGo, Reason: "db lag", Who: "bob"}}},
			func(t *testing.T, s *State) {
				g := s.Gate
				if g.Open || g.Decision != "no-go" || g.Reason != "db lag" || g.DecidedBy != "bob" {
					t.Errorf("%+v", g)
				}
			}},
		{"step_waiting", []Event{{Phase: PhaseCutover, ID: "switch", Body: StepWaitingBody{Wait: WaitConfirm}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "switch")
				if it.Status != StatusWaiting || it.Waiting != "confirm" {
					t.Errorf("%+v", it)
				}
			}},
		{"step_confirmed", []Event{
			{Phase: PhaseCutover, ID: "switch", Body: StepWaitingBody{Wait: WaitConfirm}},
			{Phase: PhaseCutover, ID: "switch", Body: StepConfirmedBody{Auto: true}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "switch")
				if it.Status != StatusPending || it.Waiting != "" || it.Who != "auto" {
					t.Errorf("%+v", it)
				}
			}},
		{"item_ticked", []Event{
			{Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 2, Text: "Tell support", Who: "ann"}},
			{Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 0, Who: "bad index"}},
			{Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 4, Text: "Extra", Auto: true}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "announce")
				if !reflect.DeepEqual(it.Ticked, []string{"", "ann", "", "auto"}) || it.Manual[3] != "Extra" || it.Manual[1] != "Tell support" {
					t.Errorf("ticked %q manual %q", it.Ticked, it.Manual)
				}
			}},
		{"step_started", []Event{{Time: at(10), Phase: PhaseCutover, ID: "switch", Body: StepStartedBody{Attempt: 1, Command: "./switch.sh v2"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "switch")
				if it.Status != StatusRunning || it.Attempt != 1 || !it.Started.Equal(at(10)) || it.Command != "./switch.sh v2" {
					t.Errorf("%+v", it)
				}
			}},
		{"step_simulated", []Event{{Time: at(10), Phase: PhaseCutover, ID: "migrate", Body: StepSimulatedBody{}}},
			func(t *testing.T, s *State) {
				if it := s.Find(PhaseCutover, "migrate"); it.Status != StatusSimulated {
					t.Errorf("%+v", it)
				}
			}},
		{"step_timed_out", []Event{
			{Time: at(10), Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Attempt: 1}},
			{Time: at(70), Phase: PhaseCutover, ID: "migrate", Body: StepTimedOutBody{ElapsedMS: 60000}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "migrate")
				if it.Status != StatusRunning || !it.TimedOut || it.Reason != "timed out after 1m00s" {
					t.Errorf("%+v", it)
				}
			}},
		{"step_finished", []Event{
			{Time: at(10), Phase: PhaseCutover, ID: "switch", Body: StepStartedBody{Attempt: 1}},
			{Time: at(11), Phase: PhaseCutover, ID: "switch", Body: StepFailedBody{Attempt: 1, Exit: intp(1), Reason: "exit 1"}},
			{Time: at(20), Phase: PhaseCutover, ID: "switch", Body: StepStartedBody{Attempt: 2}},
			{Time: at(22), Phase: PhaseCutover, ID: "switch", Body: StepFinishedBody{Attempt: 2, Exit: intp(0), DurationMS: 2100}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "switch")
				if it.Status != StatusDone || it.Attempt != 2 || *it.Exit != 0 || it.DurationMS != 2100 || it.Reason != "" ||
					!it.FirstStarted.Equal(at(10)) || !it.Started.Equal(at(20)) || it.Duration(time.Time{}) != 2100*time.Millisecond {
					t.Errorf("%+v", it)
				}
			}},
		{"step_failed", []Event{{Time: at(11), Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Attempt: 1, Exit: intp(2), DurationMS: 900, Reason: "exit 2, want 0"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "migrate")
				if it.Status != StatusFailed || *it.Exit != 2 || it.Reason != "exit 2, want 0" {
					t.Errorf("%+v", it)
				}
			}},
		{"step_interrupted", []Event{
			{Time: at(10), Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Attempt: 1}},
			{Time: at(30), Phase: PhaseCutover, ID: "migrate", Body: StepInterruptedBody{}}},
			func(t *testing.T, s *State) {
				if it := s.Find(PhaseCutover, "migrate"); it.Status != StatusInterrupted {
					t.Errorf("%+v", it)
				}
			}},
		{"step_skipped", []Event{{Time: at(12), Phase: PhaseCutover, ID: "migrate", Body: StepSkippedBody{Reason: "done by hand", Who: "ann"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "migrate")
				if it.Status != StatusSkipped || it.Reason != "done by hand" || it.Who != "ann" {
					t.Errorf("%+v", it)
				}
			}},
		{"background_stopped", []Event{{Phase: PhaseCutover, ID: "start", Body: BackgroundStoppedBody{How: "ended with the launch (SIGINT)"}}},
			func(t *testing.T, s *State) {
				if it := s.Find(PhaseCutover, "start"); it.Stopped != "ended with the launch (SIGINT)" {
					t.Errorf("%+v", it)
				}
			}},
		{"decision_needed", []Event{
			{Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Exit: intp(1), Reason: "exit 1"}},
			{Phase: PhaseCutover, ID: "migrate", Body: DecisionNeededBody{Reason: "migrate failed: exit 1"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "migrate")
				if s.Decision != "migrate" || it.Status != StatusFailed || it.Waiting != "decision" {
					t.Errorf("decision %q item %+v", s.Decision, it)
				}
			}},
		{"decision", []Event{
			{Phase: PhaseCutover, ID: "migrate", Body: StepInterruptedBody{}},
			{Phase: PhaseCutover, ID: "migrate", Body: DecisionNeededBody{}},
			{Time: at(40), Phase: PhaseCutover, ID: "migrate", Body: DecisionBody{Action: ActMarkDone, Reason: "checked by hand", Who: "ann"}}},
			func(t *testing.T, s *State) {
				it := s.Find(PhaseCutover, "migrate")
				if s.Decision != "" || it.Status != StatusDone || it.Waiting != "" || len(s.Decisions) != 1 || s.Decisions[0].Action != "mark_done" {
					t.Errorf("decision %q item %+v decisions %+v", s.Decision, it, s.Decisions)
				}
			}},
		{"decision_needed_in_monitor", []Event{
			{Phase: PhaseMonitor, ID: "latency", Body: DecisionNeededBody{Reason: "rollback recommended: 3 critical samples"}},
			{Phase: PhaseMonitor, ID: "latency", Body: DecisionBody{Action: ActRollback, Auto: true}}},
			func(t *testing.T, s *State) {
				if s.Find(PhaseMonitor, "latency") != nil || len(s.Items) != 6 {
					t.Errorf("a monitor decision made an item: %d items", len(s.Items))
				}
				if s.Decision != "" || len(s.Decisions) != 1 {
					t.Errorf("decision %q decisions %+v", s.Decision, s.Decisions)
				}
			}},
		{"hold", []Event{{Body: HoldSetBody{On: true, Who: "ann"}}},
			func(t *testing.T, s *State) {
				if !s.Hold {
					t.Error("hold not set")
				}
				s.Apply(Event{Body: HoldSetBody{}})
				if s.Hold {
					t.Error("hold not released")
				}
			}},
		{"note", []Event{{Time: at(3), Body: NoteBody{Text: "db lag 2s", Who: "bob"}}},
			func(t *testing.T, s *State) {
				if len(s.Notes) != 1 || s.Notes[0] != (NoteRec{At: at(3), Who: "bob", Text: "db lag 2s"}) {
					t.Errorf("%+v", s.Notes)
				}
			}},
		{"rollback_started", []Event{{Time: at(50), Body: RollbackStartedBody{Reason: "errors up", Who: "ann"}}},
			func(t *testing.T, s *State) {
				if !s.Rollback || s.RollbackReason != "errors up" || s.RollbackBy != "ann" || s.Phase != PhaseRollback {
					t.Errorf("%+v", s)
				}
			}},
		{"rollback_finished", []Event{
			{Phase: PhaseCutover, ID: "switch", Body: StepFinishedBody{Exit: intp(0)}},
			{Body: RollbackStartedBody{Auto: true}},
			{Phase: PhaseRollback, ID: "switch", Body: StepStartedBody{Attempt: 1, Command: "./switch.sh v1"}},
			{Phase: PhaseRollback, ID: "switch", Body: StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 300}},
			{Body: RollbackFinishedBody{Result: RollbackDone}}},
			func(t *testing.T, s *State) {
				r := s.Find(PhaseRollback, "switch")
				if r == nil || r.Status != StatusDone || r.Name != "Point the LB at v2" {
					t.Fatalf("rollback item %+v", r)
				}
				if c := s.Find(PhaseCutover, "switch"); c.Status != StatusRolledBack {
					t.Errorf("cutover item %+v", c)
				}
				if s.RollbackStatus != "done" || !s.RollbackAuto {
					t.Errorf("status %q auto %v", s.RollbackStatus, s.RollbackAuto)
				}
				// Rollback items sit after the cutover steps.
				if s.Items[len(s.Items)-1] != r {
					t.Errorf("rollback item not last: %v", s.Items)
				}
			}},
		{"monitor_started", []Event{{Time: at(60), Body: MonitorStartedBody{SoakMS: 300000}}},
			func(t *testing.T, s *State) {
				if s.Phase != PhaseMonitor || s.Monitor.Duration != 5*time.Minute || !s.Monitor.Started.Equal(at(60)) {
					t.Errorf("%+v", s.Monitor)
				}
			}},
		{"probe_sample", []Event{
			{Time: at(61), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelOK, Value: floatp(12), LatencyMS: 12}},
			{Time: at(62), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelWarn, Value: floatp(250)}},
			{Time: at(63), ID: "latency", Body: ProbeSampleBody{Status: checks.Fail, Reason: "status 503"}},
			{Time: at(64), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelCrit, Value: floatp(900)}}},
			func(t *testing.T, s *State) {
				p := s.Probe("latency")
				if p.Samples != 4 || p.Warn != 1 || p.Crit != 2 || p.Consecutive != 2 || *p.Last != 900 || p.LastLevel != "crit" {
					t.Errorf("%+v", p)
				}
				if !reflect.DeepEqual(p.Levels, []string{"ok", "warn", "crit", "crit"}) || len(p.History) != 4 || len(p.Times) != 4 {
					t.Errorf("history %v levels %v", p.History, p.Levels)
				}
			}},
		{"rollback_recommended", []Event{{ID: "latency", Body: RollbackRecommendedBody{Reason: "3 critical samples in a row"}}},
			func(t *testing.T, s *State) {
				if s.Monitor.Recommended != "latency: 3 critical samples in a row" {
					t.Errorf("%q", s.Monitor.Recommended)
				}
			}},
		{"monitor_extended", []Event{{Body: MonitorStartedBody{SoakMS: 60000}}, {Body: MonitorExtendedBody{AddedMS: 30000, Who: "ann"}}},
			func(t *testing.T, s *State) {
				if s.Monitor.Duration != 90*time.Second || s.Monitor.Extended != 30*time.Second {
					t.Errorf("%+v", s.Monitor)
				}
			}},
		{"verdict", []Event{{Time: at(99), Body: VerdictBody{Verdict: VerdictStable, Reason: "no breach in 15m"}}},
			func(t *testing.T, s *State) {
				if s.Monitor.Verdict != "stable" || s.Monitor.Reason != "no breach in 15m" {
					t.Errorf("%+v", s.Monitor)
				}
			}},
		{"notify_failed", []Event{{Time: at(5), Body: NotifyFailedBody{Target: "https://hooks.example.com/x", Reason: "status 500"}}},
			func(t *testing.T, s *State) {
				if len(s.Notifies) != 1 || s.Notifies[0].What != "https://hooks.example.com/x" || s.Notifies[0].Text != "status 500" {
					t.Errorf("%+v", s.Notifies)
				}
			}},
		{"launch_finished", []Event{{Time: at(100), Body: LaunchFinishedBody{Outcome: OutcomeRolledBack, Reason: "migrate failed", Exit: intp(1)}}},
			func(t *testing.T, s *State) {
				if s.Outcome != OutcomeRolledBack || s.Exit != 1 || s.Phase != PhaseDone || !s.Finished.Equal(at(100)) || !s.Done() {
					t.Errorf("%+v", s)
				}
			}},
	}
}

// allTypes lists every event type of event.go; the Apply table must cover
// each, so that a new type cannot be added without a test.
var allTypes = []Type{LaunchStarted, LaunchResumed, PhaseStarted, CheckStarted, CheckAttempt,
	CheckFinished, CheckWaived, GateOpened, Vote, Override, GateRefused, GateDecided, StepWaiting,
	StepConfirmed, ItemTicked, StepStarted, StepSimulated, StepTimedOut, StepFinished, StepFailed,
	StepInterrupted, StepSkipped, BackgroundStopped, DecisionNeeded, Decision, HoldSet, Note,
	RollbackStarted, RollbackFinished, MonitorStarted, ProbeSample, RollbackRecommended,
	MonitorExtended, Verdict, NotifyFailed, LaunchFinished}

func TestApply(t *testing.T) {
	covered := map[Type]bool{}
	for _, c := range applyCases() {
		covered[Type(c.name)] = true
		t.Run(c.name, func(t *testing.T) {
			s := NewState(testRunbook())
			for i, e := range c.events {
				e.Seq = int64(i + 1)
				s.Apply(e)
			}
			if s.Seq != int64(len(c.events)) {
				t.Errorf("Seq %d after %d events", s.Seq, len(c.events))
			}
			c.check(t, s)
		})
	}
	for _, ty := range allTypes {
		if !covered[ty] {
			t.Errorf("no Apply case for %q", ty)
		}
	}
}

func TestApplyWithoutRunbook(t *testing.T) {
	s := NewState(nil)
	for _, e := range []Event{
		{Phase: PhaseCutover, ID: "b", Body: StepStartedBody{}},
		{Phase: PhasePreflight, ID: "a", Body: CheckStartedBody{}},
		{Phase: PhaseRollback, ID: "b", Body: StepStartedBody{}},
		{Phase: PhaseCutover, ID: "c", Body: StepStartedBody{}},
		{ID: "p", Body: ProbeSampleBody{Status: checks.Pass}},
		{Seq: 7, Body: UnknownBody{Name: Type("from_the_future")}},
	} {
		s.Apply(e)
	}
	var got []string
	for _, it := range s.Items {
		got = append(got, string(it.Phase)+"/"+it.ID)
	}
	want := []string{"preflight/a", "cutover/b", "cutover/c", "rollback/b"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items %v, want %v (phase order)", got, want)
	}
	if s.Probe("p") == nil || s.Seq != 7 {
		t.Errorf("probe %v seq %d", s.Probe("p"), s.Seq)
	}
}

func TestHistoryIsBounded(t *testing.T) {
	s := NewState(testRunbook())
	for i := 0; i < HistoryLen+50; i++ {
		s.Apply(Event{ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelOK, Value: floatp(float64(i))}})
	}
	p := s.Probe("latency")
	if len(p.History) != HistoryLen || len(p.Levels) != HistoryLen || len(p.Times) != HistoryLen {
		t.Fatalf("history %d levels %d times %d, want %d", len(p.History), len(p.Levels), len(p.Times), HistoryLen)
	}
	if p.History[0] != 50 || p.History[HistoryLen-1] != float64(HistoryLen+49) || p.Samples != HistoryLen+50 {
		t.Errorf("history runs %v..%v, samples %d", p.History[0], p.History[HistoryLen-1], p.Samples)
	}
}

// fullLaunch is a rehearsal that fails at migrate and rolls back.
func fullLaunch() []Event {
	ev := []Event{
		{Time: at(0), Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "20261125T220000Z-abcd", Name: "demo", Title: "Demo go-live", Rehearsal: true, Driver: "ann@bastion", Runbook: "demo/launch.toml", Hash: "abc123"}}},
		{Time: at(0), Phase: PhasePreflight, Body: PhaseStartedBody{}},
		{Time: at(0), Phase: PhasePreflight, ID: "disk", Body: CheckStartedBody{Attempts: 1}},
		{Time: at(0), Phase: PhasePreflight, ID: "health", Body: CheckStartedBody{Attempts: 5}},
		{Time: at(1), Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass, Attempts: 1, Exit: intp(0), DurationMS: 900}},
		{Time: at(3), Phase: PhasePreflight, ID: "health", Body: CheckFinishedBody{Status: checks.Fail, Attempts: 5, DurationMS: 3000, Reason: "status 503, want 200"}},
		{Time: at(4), ID: "health", Body: CheckWaivedBody{Reason: "staging only", Who: "ann", OSUser: "ann"}},
		{Time: at(5), Phase: PhaseGate, Body: GateOpenedBody{Prompt: "Switch traffic?"}},
		{Time: at(6), Phase: PhaseGate, Body: VoteBody{Who: "bob", OSUser: "bob"}},
		{Time: at(6), Phase: PhaseGate, Body: OverrideBody{What: "window", Reason: "rehearsal at noon", Who: "ann"}},
		{Time: at(7), Phase: PhaseGate, Body: GateDecidedBody{Decision: GateGo, Who: "bob"}},
		{Time: at(7), Phase: PhaseCutover, Body: PhaseStartedBody{}},
		{Time: at(8), Phase: PhaseCutover, ID: "start", Body: StepStartedBody{Attempt: 1, Command: "./serve &"}},
		{Time: at(9), Phase: PhaseCutover, ID: "start", Body: StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 1000}},
		{Time: at(9), Phase: PhaseCutover, ID: "switch", Body: StepWaitingBody{Wait: WaitConfirm}},
		{Time: at(10), Phase: PhaseCutover, ID: "switch", Body: StepConfirmedBody{Who: "ann"}},
		{Time: at(10), Phase: PhaseCutover, ID: "switch", Body: StepStartedBody{Attempt: 1, Command: "./switch.sh v2"}},
		{Time: at(12), Phase: PhaseCutover, ID: "switch", Body: StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 2100}},
		{Time: at(13), Body: NoteBody{Text: "LB took 2s", Who: "ann"}},
		{Time: at(14), Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Attempt: 1, Command: "./migrate.sh up"}},
		{Time: at(15), Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Attempt: 1, Exit: intp(4), DurationMS: 1000, Reason: "exit 4, want 0"}},
		{Time: at(16), Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Attempt: 2, Command: "./migrate.sh up"}},
		{Time: at(17), Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Attempt: 2, Exit: intp(4), DurationMS: 1000, Reason: "exit 4, want 0"}},
		{Time: at(18), Phase: PhaseCutover, ID: "migrate", Body: DecisionBody{Action: ActRollback, Reason: "schema lock", Who: "ann"}},
		{Time: at(18), Phase: PhaseRollback, Body: RollbackStartedBody{Reason: "migrate failed", Who: "ann"}},
		{Time: at(19), Phase: PhaseRollback, ID: "migrate", Body: StepStartedBody{Attempt: 1, Command: "./migrate.sh down"}},
		{Time: at(20), Phase: PhaseRollback, ID: "migrate", Body: StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 500}},
		{Time: at(20), Phase: PhaseRollback, ID: "switch", Body: StepStartedBody{Attempt: 1, Command: "./switch.sh v1"}},
		{Time: at(21), Phase: PhaseRollback, ID: "switch", Body: StepFinishedBody{Attempt: 1, Exit: intp(0), DurationMS: 700}},
		{Time: at(21), Phase: PhaseRollback, Body: RollbackFinishedBody{Result: RollbackDone}},
		{Time: at(22), Phase: PhaseCutover, ID: "start", Body: BackgroundStoppedBody{How: "ended with the launch"}},
		{Time: at(22), Body: LaunchFinishedBody{Outcome: OutcomeRolledBack, Reason: "migrate failed", Exit: intp(1)}},
	}
	for i := range ev {
		ev[i].Seq = int64(i + 1)
	}
	return ev
}

func TestFoldIsDeterministic(t *testing.T) {
	a := Fold(testRunbook(), fullLaunch())
	b := Fold(testRunbook(), fullLaunch())
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same events folded into different states")
	}
	if a.Outcome != OutcomeRolledBack || a.Find(PhaseCutover, "switch").Status != StatusRolledBack ||
		a.Find(PhaseCutover, "migrate").Status != StatusRolledBack || a.Find(PhaseCutover, "migrate").Attempt != 2 {
		t.Errorf("outcome %q switch %q migrate %+v", a.Outcome, a.Find(PhaseCutover, "switch").Status, a.Find(PhaseCutover, "migrate"))
	}
}

func TestCloneSharesNothing(t *testing.T) {
	s := Fold(testRunbook(), fullLaunch())
	s.Apply(Event{ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Value: floatp(1)}})
	s.Launch.Params = map[string]string{"V": "1"}
	c := s.Clone()
	if !reflect.DeepEqual(s, c) {
		t.Fatal("clone differs from the original")
	}
	c.Items[0].Status = StatusFailed
	*c.Items[0].Exit = 99
	c.Find(PhaseCutover, "announce").Ticked[0] = "x"
	c.Monitor.Probes[0].History[0] = 42
	*c.Monitor.Probes[0].Last = 42
	c.Gate.Votes[0].Name = "mallory"
	c.Launch.Params["V"] = "9"
	c.Notes[0].Text = "changed"
	c.Find(PhasePreflight, "health").Waiver.Text = "changed"
	if s.Items[0].Status == StatusFailed || *s.Items[0].Exit == 99 || s.Find(PhaseCutover, "announce").Ticked[0] == "x" ||
		s.Monitor.Probes[0].History[0] == 42 || *s.Monitor.Probes[0].Last == 42 || s.Gate.Votes[0].Name == "mallory" ||
		s.Launch.Params["V"] == "9" || s.Notes[0].Text == "changed" || s.Find(PhasePreflight, "health").Waiver.Text == "changed" {
		t.Error("changing the clone changed the original")
	}
}

func TestOrphaned(t *testing.T) {
	ev := fullLaunch()[:21] // migrate's second attempt is running
	ev = append(ev, Event{Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Attempt: 2}})
	s := Fold(testRunbook(), ev)
	if s.Outcome != OutcomeInProgress {
		t.Fatalf("outcome %q before Orphaned", s.Outcome)
	}
	s.Orphaned()
	if s.Outcome != OutcomeInterrupted || s.Find(PhaseCutover, "migrate").Status != StatusInterrupted {
		t.Errorf("outcome %q migrate %q", s.Outcome, s.Find(PhaseCutover, "migrate").Status)
	}
	done := Fold(testRunbook(), fullLaunch())
	done.Orphaned()
	if done.Outcome != OutcomeRolledBack {
		t.Errorf("Orphaned changed a finished launch to %q", done.Outcome)
	}
}
