package launch

import (
	"bytes"
	"encoding/json"
	"golive/checks"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func reportMD(t *testing.T, r Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteReportMarkdown(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func reportJSON(t *testing.T, r Report) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := WriteReportJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A checklist step lasts from when it was put to the operator to its
// last tick, in the report and in the state the cockpit draws.
func TestReportChecklistStepHasItsRealDuration(t *testing.T) {
	s := NewState(testRunbook())
	s.Apply(Event{Time: at(10), Phase: PhaseCutover, ID: "announce", Body: StepWaitingBody{Wait: WaitManual}})
	s.Apply(Event{Time: at(14), Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 1, Text: "Post the note", Who: "ann"}})
	if d := s.Find(PhaseCutover, "announce").Duration(at(15)); d != 5*time.Second {
		t.Errorf("the cockpit's duration of a waiting checklist = %v, want 5s", d)
	}
	s.Apply(Event{Time: at(18), Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 2, Text: "Tell support", Who: "ann"}})
	s.Apply(Event{Time: at(18), Phase: PhaseCutover, ID: "announce", Body: StepFinishedBody{Attempt: 1}})
	it := s.Find(PhaseCutover, "announce")
	if d := it.Duration(time.Time{}); d != 8*time.Second {
		t.Errorf("cockpit duration = %v, want 8s", d)
	}
	for _, st := range reportJSON(t, BuildReport(s))["steps"].([]any) {
		m := st.(map[string]any)
		if m["id"] == "announce" && m["phase"] == "cutover" && m["duration_ms"] != 8000.0 {
			t.Errorf("report duration_ms = %v, want 8000", m["duration_ms"])
		}
	}
	if md := reportMD(t, BuildReport(s)); !strings.Contains(md, "| announce | done | 1 | - | 8.0s |") {
		t.Errorf("markdown lacks the checklist's 8.0s:\n%s", md)
	}
}

// A soak that never ran or ended early does not claim its planned length.
func TestReportSoakSaysWhatRan(t *testing.T) {
	never := NewState(testRunbook())
	never.Apply(Event{Time: at(5), Body: LaunchFinishedBody{Outcome: OutcomeFailed, Exit: intp(1)}})
	md := reportMD(t, BuildReport(never))
	if strings.Contains(md, "Soak: 15m00s") || !strings.Contains(md, "Soak: did not run") {
		t.Errorf("a soak that never ran:\n%s", md)
	}

	early := NewState(testRunbook())
	early.Apply(Event{Time: at(0), Body: MonitorStartedBody{SoakMS: 60000}})
	early.Apply(Event{Time: at(7), Body: VerdictBody{Verdict: VerdictEndedEarly, Reason: "looks fine", Who: "ann"}})
	early.Apply(Event{Time: at(8), Body: LaunchFinishedBody{Outcome: OutcomeCompleted, Exit: intp(0)}})
	r := BuildReport(early)
	if r.Monitor.SoakedMS != 7000 {
		t.Errorf("soaked_ms = %d, want 7000", r.Monitor.SoakedMS)
	}
	md = reportMD(t, r)
	if strings.Contains(md, "Soak: 1m00s") || !strings.Contains(md, "Soak: ran 7.0s of the planned 1m00s") {
		t.Errorf("a soak ended after 7s:\n%s", md)
	}
	if !strings.Contains(md, "Outcome: **completed — soak ended early**") {
		t.Errorf("headline does not qualify the early end:\n%s", md)
	}
}

// Probe values carry their unit; thresholds read without HTML entities.
func TestReportProbeUnitsAndNoEntities(t *testing.T) {
	rb := testRunbook()
	warn, _ := runbook.ParseCondition("latency > 200ms", runbook.Pos{})
	rb.Monitor.Probes[0].Warn = &warn
	s := NewState(rb)
	s.Apply(Event{Time: at(0), Body: MonitorStartedBody{SoakMS: 60000}})
	s.Apply(Event{Time: at(1), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelWarn, Value: floatp(250), Reason: "latency > 200ms"}})
	s.Apply(Event{Time: at(2), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelOK, Value: floatp(20)}})
	r := BuildReport(s)
	if r.Monitor.Probes[0].Unit != "ms" {
		t.Errorf("unit = %q", r.Monitor.Probes[0].Unit)
	}
	md := reportMD(t, r)
	if !strings.Contains(md, "| Health latency | 2 | 1 | 0 | 20ms | 20ms to 250ms |") {
		t.Errorf("probe row without units:\n%s", md)
	}
	if strings.Contains(md, "&gt;") || strings.Contains(md, "&lt;") {
		t.Errorf("HTML entities in the markdown:\n%s", md)
	}
}

// A completed launch says what it bypassed in its headline.
func TestReportHeadlineQualifiesACompletedLaunch(t *testing.T) {
	s := NewState(testRunbook())
	s.Apply(Event{Time: at(0), Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "L", Name: "demo"}}})
	s.Apply(Event{Time: at(1), Phase: PhasePreflight, ID: "health", Body: CheckFinishedBody{Status: checks.Fail, Reason: "refused"}})
	s.Apply(Event{Time: at(2), Phase: PhasePreflight, ID: "health", Body: CheckWaivedBody{Reason: "staging only", Who: "ann"}})
	s.Apply(Event{Time: at(3), Body: OverrideBody{What: "window", Reason: "ops call", Who: "ann"}})
	s.Apply(Event{Time: at(4), Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Exit: intp(1)}})
	s.Apply(Event{Time: at(5), Phase: PhaseCutover, ID: "migrate", Body: StepSkippedBody{Reason: "done by hand", Who: "ann"}})
	s.Apply(Event{Time: at(6), Body: LaunchFinishedBody{Outcome: OutcomeCompleted, Exit: intp(0)}})
	r := BuildReport(s)
	want := "completed — 1 step skipped, 1 check waived, window overridden"
	if r.Headline != want {
		t.Errorf("headline = %q, want %q", r.Headline, want)
	}
	if m := reportJSON(t, r); m["headline"] != want || m["outcome"] != "completed" {
		t.Errorf("json headline %v outcome %v", m["headline"], m["outcome"])
	}
}

// The post-rollback soak is reported in JSON and Markdown.
func TestReportAfterRollback(t *testing.T) {
	s := NewState(testRunbook())
	s.Apply(Event{Time: at(1), Phase: PhaseRollback, Body: RollbackStartedBody{Reason: "latency breach", Who: "ann"}})
	s.Apply(Event{Time: at(2), Phase: PhaseRollback, Body: RollbackFinishedBody{Result: RollbackDone}})
	s.Apply(Event{Time: at(2), Phase: PhaseRollback, Body: AfterRollbackStartedBody{DurationMS: 60000}})
	s.Apply(Event{Time: at(62), Phase: PhaseRollback, Body: AfterRollbackFinishedBody{Verdict: AfterVerdict(AfterHealthy), Reason: "rolled back, and the old system is healthy", Detail: "latency 6 samples, 0 critical"}})
	s.Apply(Event{Time: at(62), Body: LaunchFinishedBody{Outcome: OutcomeRolledBack, Exit: intp(1)}})
	r := BuildReport(s)
	a, ok := reportJSON(t, r)["after_rollback"].(map[string]any)
	if !ok || a["verdict"] != "healthy" || a["duration_ms"] != 60000.0 {
		t.Fatalf("after_rollback = %v", a)
	}
	md := reportMD(t, r)
	for _, want := range []string{"### After the rollback", "**Rolled back, and the old system is healthy** (probes ran again for 1m00s)", "Outcome: **rolled back — the old system is healthy**"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}

// The post-rollback verdict: healthy unless a probe still breaches.
func TestAfterVerdict(t *testing.T) {
	for _, tc := range []struct {
		name                       string
		samples, crit, consecutive map[string]int
		want                       AfterVerdict
	}{
		{"all well", map[string]int{"a": 6}, map[string]int{}, map[string]int{}, AfterHealthy},
		{"a blip", map[string]int{"a": 6}, map[string]int{"a": 1}, map[string]int{"a": 0}, AfterHealthy},
		{"still breaching", map[string]int{"a": 6}, map[string]int{"a": 3}, map[string]int{"a": 3}, AfterUnhealthy},
		{"never well", map[string]int{"a": 2}, map[string]int{"a": 2}, map[string]int{"a": 2}, AfterUnhealthy},
		{"no sample", map[string]int{}, map[string]int{}, map[string]int{}, AfterUnhealthy},
	} {
		ev := afterVerdict(tc.samples, tc.crit, tc.consecutive, map[string]string{"a": "latency > 500ms"}, 3)
		if b := ev.Body.(AfterRollbackFinishedBody); b.Verdict != tc.want {
			t.Errorf("%s: %s (%s), want %s", tc.name, b.Verdict, b.Reason, tc.want)
		}
	}
}

// Descriptions travel into the report.
func TestReportCarriesDescriptions(t *testing.T) {
	rb := testRunbook()
	rb.Cutover[1].Description = "Switches **all** traffic.\n\n- watch 5xx"
	md := reportMD(t, BuildReport(NewState(rb)))
	if !strings.Contains(md, "## Descriptions") || !strings.Contains(md, "Switches **all** traffic.") || !strings.Contains(md, "- watch 5xx") {
		t.Errorf("description missing:\n%s", md)
	}
}

// plan shows descriptions as plain text: no emphasis marks, links with
// their address.
func TestPlainMarkdown(t *testing.T) {
	got := strings.Join(PlainMarkdown("## Who\n\nSwitches **all** traffic, see [the wiki](https://wiki.example/lb).\n\n- call `dba`"), "\n")
	want := "Who\n\nSwitches all traffic, see the wiki (https://wiki.example/lb).\n\n- call dba"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
