package launch

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const monitorRunbook = `
[launch]
name = "soak"

[[cutover]]
id = "switch"
run = "true"
rollback = "touch rolled-back"

[monitor]
duration = "20s"
interval = "1s"
rollback_after = 3

[[monitor.probe]]
id   = "level"
run  = "cat level"
warn = "value > 2"
crit = "value > 5"
`

// soak drives a monitor under a fake clock: it sets the probe's next
// reading, moves the clock one interval on, and returns the sample.
type soak struct {
	*rig
	clock *fakeClock
}

func newSoak(t *testing.T, tweak func(*Options)) *soak {
	clock := newFakeClock()
	r := newRig(t, monitorRunbook, func(o *Options) {
		o.Clock = clock
		if tweak != nil {
			tweak(o)
		}
	})
	s := &soak{rig: r, clock: clock}
	s.set(1)
	return s
}

func (s *soak) set(level int) {
	s.t.Helper()
	if err := os.WriteFile(filepath.Join(s.dir, "level"), []byte(fmt.Sprintln(level)), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// begin starts the launch and returns the soak's first sample.
func (s *soak) begin() Event {
	s.start(s.t.Context())
	if !s.e.o.Yes {
		s.waitType(GateOpened, "")
		s.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	}
	return s.waitType(ProbeSample, "level")
}

// tick reads level at the next interval.
func (s *soak) tick(level int) Event {
	s.t.Helper()
	s.set(level)
	s.clock.Advance(time.Second)
	return s.waitType(ProbeSample, "level")
}

func TestMonitorCountsBreachesResetsAndEndsStable(t *testing.T) {
	s := newSoak(t, cockpit)
	if first := s.begin(); first.Body.(ProbeSampleBody).Level != LevelOK || first.Body.(ProbeSampleBody).Value == nil || *first.Body.(ProbeSampleBody).Value != 1 {
		t.Fatalf("first sample %+v", first)
	}
	for i, step := range []struct {
		level int
		want  Level
	}{{9, LevelCrit}, {9, LevelCrit}, {3, LevelWarn}, {9, LevelCrit}, {9, LevelCrit}} {
		if got := s.tick(step.level).Body.(ProbeSampleBody); got.Level != step.want {
			t.Fatalf("sample %d: level %q, want %q", i+2, got.Level, step.want)
		}
	}
	if n := len(find(s.events(), RollbackRecommended)); n != 0 {
		t.Fatal("a rollback was recommended before three critical samples in a row")
	}
	s.tick(9)
	rec := s.waitType(RollbackRecommended, "level")
	if !strings.Contains(rec.Reason(), "3 critical samples in a row") || !strings.Contains(rec.Reason(), "value > 5") {
		t.Fatalf("recommendation %q", rec.Reason())
	}
	if st := s.e.snapshot(); !strings.HasPrefix(st.Monitor.Recommended, "level: 3 critical") || strings.Count(st.Monitor.Recommended, "level") != 1 {
		t.Fatalf("state recommended %q", st.Monitor.Recommended)
	}
	// A healthy sample resolves the breach; the soak then ends stable.
	s.tick(1)
	s.clock.Advance(20 * time.Second)
	if v := s.waitType(Verdict, ""); v.Body.(VerdictBody).Verdict != "stable" {
		t.Fatalf("verdict %+v", v)
	}
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, s.dump())
	}
	st := s.e.snapshot()
	p := st.Monitor.Probes[0]
	if p.Samples < 8 || p.Warn != 1 || p.Crit != 5 {
		t.Fatalf("probe summary: samples %d warn %d crit %d", p.Samples, p.Warn, p.Crit)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "rolled-back")); err == nil {
		t.Fatal("rolled back without anyone asking")
	}
}

func TestMonitorRollsBackByItselfWithYes(t *testing.T) {
	s := newSoak(t, nil)
	s.set(9)
	s.begin()
	s.tick(9)
	s.tick(9)
	// After the rollback the probes run again on the old system for
	// after_rollback (1m by default): it answers well, so it is healthy.
	// (The monitor stopped sampling at the recommendation, and the fake
	// clock does not move, so the next reading is the old system's.)
	s.set(1)
	s.waitType(AfterRollbackStarted, "")
	smp := s.waitFor(func(ev Event) bool { return ev.Type() == ProbeSample && ev.Phase == PhaseRollback }, "post-rollback sample")
	if smp.Body.(ProbeSampleBody).Level != "ok" {
		t.Fatalf("post-rollback sample %+v", smp)
	}
	s.clock.Advance(time.Minute)
	if fin := s.waitType(AfterRollbackFinished, ""); fin.Body.(AfterRollbackFinishedBody).Verdict != AfterHealthy {
		t.Fatalf("post-rollback soak %+v", fin)
	}
	if code := s.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, s.dump())
	}
	if v := s.last(Verdict); v.Body.(VerdictBody).Verdict != "rollback" {
		t.Fatalf("verdict %+v", v)
	}
	if rs := s.last(RollbackStarted); !rs.Body.(RollbackStartedBody).Auto {
		t.Fatalf("rollback not auto: %+v", rs)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "rolled-back")); err != nil {
		t.Fatal("the rollback command did not run")
	}
	if fin := s.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeRolledBack {
		t.Fatalf("outcome %q", fin.Body.(LaunchFinishedBody).Outcome)
	}
}

func TestMonitorRecommendationHeadlessWithoutYesIsADecision(t *testing.T) {
	s := newSoak(t, func(o *Options) { o.Yes = false })
	// A headless launch without --yes waits at the gate for a vote.
	s.set(9)
	s.begin()
	s.tick(9)
	s.tick(9)
	if code := s.wait(); code != 3 {
		t.Fatalf("exit %d, want 3; events:\n%s", code, s.dump())
	}
	if d := s.last(DecisionNeeded); d.Phase != PhaseMonitor || d.ID != "level" {
		t.Fatalf("decision %+v", d)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "rolled-back")); err == nil {
		t.Fatal("rolled back without --yes")
	}
}

func TestMonitorOperatorRollback(t *testing.T) {
	s := newSoak(t, cockpit)
	s.begin()
	s.e.Send(Command{Kind: CmdRollback, Reason: "error budget burning", Who: "alice"})
	s.waitType(AfterRollbackStarted, "")
	s.waitFor(func(ev Event) bool { return ev.Type() == ProbeSample && ev.Phase == PhaseRollback }, "post-rollback sample")
	s.clock.Advance(time.Minute)
	if code := s.wait(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if rs := s.last(RollbackStarted); rs.Body.(RollbackStartedBody).Auto || rs.Who() != "alice" || rs.Reason() != "error budget burning" {
		t.Fatalf("rollback %+v", rs)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "rolled-back")); err != nil {
		t.Fatal("the rollback command did not run")
	}
}

func TestMonitorEndsEarly(t *testing.T) {
	s := newSoak(t, cockpit)
	s.begin()
	s.e.Send(Command{Kind: CmdEndSoak, Reason: "all green, going home", Who: "alice"})
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if v := s.last(Verdict); v.Body.(VerdictBody).Verdict != "ended_early" || v.Who() != "alice" || v.Reason() != "all green, going home" {
		t.Fatalf("verdict %+v", v)
	}
	if fin := s.last(LaunchFinished); fin.Body.(LaunchFinishedBody).Outcome != OutcomeCompleted {
		t.Fatalf("outcome %q", fin.Body.(LaunchFinishedBody).Outcome)
	}
}

func TestMonitorExtension(t *testing.T) {
	s := newSoak(t, cockpit)
	s.begin()
	s.e.Send(Command{Kind: CmdExtend, Duration: 10 * time.Second, Who: "alice"})
	if x := s.waitType(MonitorExtended, ""); x.Body.(MonitorExtendedBody).AddedMS != 10000 {
		t.Fatalf("extended %+v", x)
	}
	s.clock.Advance(21 * time.Second)
	s.e.Send(Command{Kind: CmdNote, Text: "barrier"})
	s.waitType(Note, "")
	if v := find(s.events(), Verdict); len(v) != 0 {
		t.Fatalf("the soak ended at its first length: %+v", v)
	}
	s.clock.Advance(10 * time.Second)
	if v := s.waitType(Verdict, ""); v.Body.(VerdictBody).Verdict != "stable" {
		t.Fatalf("verdict %+v", v)
	}
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if d := s.e.snapshot().Monitor.Duration; d != 30*time.Second {
		t.Fatalf("soak length %s, want 30s", d)
	}
}

func TestMonitorAgainstALiveServerThatGoesBad(t *testing.T) {
	var bad atomic.Bool
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		if bad.Load() {
			http.Error(w, "upstream gone", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintln(w, "ok")
	}))
	defer srv.Close()
	r := newRig(t, `
[launch]
name = "live"

[[cutover]]
id = "switch"
run = "true"
rollback = "touch rolled-back"

[monitor]
duration = "10m"
interval = "50ms"
rollback_after = 3
after_rollback = "300ms"

[[monitor.probe]]
id     = "health"
http   = { url = "`+srv.URL+`/healthz" }
expect = ["status == 200", "body contains \"ok\""]
timeout = "2s"
`, nil)
	r.start(t.Context())
	for range 3 {
		if s := r.waitType(ProbeSample, "health"); s.Body.(ProbeSampleBody).Status != "pass" || s.Body.(ProbeSampleBody).Level != "ok" {
			t.Fatalf("healthy sample %+v", s)
		}
	}
	bad.Store(true)
	rec := r.waitType(RollbackRecommended, "health")
	if !strings.Contains(rec.Reason(), "503") {
		t.Fatalf("recommendation %q", rec.Reason())
	}
	if code := r.wait(); code != 1 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if _, err := os.Stat(filepath.Join(r.dir, "rolled-back")); err != nil {
		t.Fatal("no rollback")
	}
	// The server stays bad: the post-rollback soak says the old system
	// (here the same server) is not healthy.
	if fin := r.last(AfterRollbackFinished); fin.Body.(AfterRollbackFinishedBody).Verdict != AfterUnhealthy || !strings.Contains(fin.Reason(), "health") {
		t.Fatalf("post-rollback soak %+v", fin)
	}
	// Samples are in the journal, each with its level and latency.
	var crit int
	for _, ev := range r.journal() {
		if b, ok := ev.Body.(ProbeSampleBody); ok && b.Level == LevelCrit {
			crit++
		}
	}
	if crit < 3 {
		t.Fatalf("%d critical samples journaled, want at least 3", crit)
	}
}

func TestMonitorDoesNotCallABreachedSoakStable(t *testing.T) {
	s := newSoak(t, cockpit)
	s.set(9)
	s.begin()
	s.tick(9)
	s.tick(9)
	s.waitType(RollbackRecommended, "level")
	// The soak's time runs out with the breach unresolved: no verdict.
	s.set(9)
	s.clock.Advance(30 * time.Second)
	s.waitType(ProbeSample, "level")
	s.e.Send(Command{Kind: CmdNote, Text: "barrier"})
	s.waitType(Note, "")
	if v := find(s.events(), Verdict); len(v) != 0 {
		t.Fatalf("verdict with a breach open: %+v", v)
	}
	// Recovery resolves it, and the soak, being over, ends stable.
	s.tick(1)
	if v := s.waitType(Verdict, ""); v.Body.(VerdictBody).Verdict != "stable" || !strings.Contains(v.Reason(), "resolved") {
		t.Fatalf("verdict %+v", v)
	}
	if code := s.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
