package launch

import (
	"bytes"
	"encoding/json"
	"golive/checks"
	"strings"
	"testing"
)

func rolledBackReport(t *testing.T) Report {
	t.Helper()
	s := NewState(testRunbook())
	s.Find(PhaseCutover, "switch").ExpectedMS = 1500
	for _, e := range fullLaunch() {
		s.Apply(e)
	}
	return BuildReport(s)
}

func TestReportJSONContractShape(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReportJSON(&buf, rolledBackReport(t)); err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, buf.String())
	}
	for _, k := range []string{"launch", "title", "rehearsal", "outcome", "started", "finished", "steps", "gate", "monitor", "notes"} {
		if _, ok := r[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if r["launch"] != "20261125T220000Z-abcd" || r["title"] != "Demo go-live" || r["rehearsal"] != true || r["outcome"] != "rolled_back" {
		t.Errorf("launch %v title %v rehearsal %v outcome %v", r["launch"], r["title"], r["rehearsal"], r["outcome"])
	}
	if r["started"] != "2026-11-25T22:00:00Z" || r["finished"] != "2026-11-25T22:00:22Z" {
		t.Errorf("started %v finished %v", r["started"], r["finished"])
	}

	steps := r["steps"].([]any)
	byKey := map[string]map[string]any{}
	for _, s := range steps {
		m := s.(map[string]any)
		for _, k := range []string{"id", "phase", "status", "attempts", "exit_code", "started", "finished", "expected_ms"} {
			if _, ok := m[k]; !ok {
				t.Errorf("step %v missing %q", m["id"], k)
			}
		}
		switch m["phase"] {
		case "preflight", "cutover", "rollback", "monitor":
		default:
			t.Errorf("step %v has phase %v", m["id"], m["phase"])
		}
		byKey[m["phase"].(string)+"/"+m["id"].(string)] = m
	}
	mig := byKey["cutover/migrate"]
	if mig["status"] != "rolled_back" || mig["attempts"] != 2.0 || mig["exit_code"] != 4.0 || mig["started"] != "2026-11-25T22:00:14Z" {
		t.Errorf("migrate %v", mig)
	}
	sw := byKey["cutover/switch"]
	if sw["expected_ms"] != 1500.0 || sw["duration_ms"] != 2100.0 || sw["exit_code"] != 0.0 {
		t.Errorf("switch %v", sw)
	}
	if byKey["cutover/announce"]["expected_ms"] != nil || byKey["cutover/announce"]["exit_code"] != nil || byKey["cutover/announce"]["status"] != "pending" {
		t.Errorf("announce %v", byKey["cutover/announce"])
	}
	if rb := byKey["rollback/switch"]; rb == nil || rb["status"] != "done" {
		t.Errorf("rollback/switch %v", rb)
	}
	if p := byKey["monitor/latency"]; p == nil || p["status"] != "pending" {
		t.Errorf("monitor/latency %v", p)
	}
	if byKey["preflight/health"]["status"] != "waived" {
		t.Errorf("health %v", byKey["preflight/health"])
	}

	g := r["gate"].(map[string]any)
	if g["decision"] != "go" || g["reason"] != "" {
		t.Errorf("gate %v", g)
	}
	apps := g["approvers"].([]any)
	if len(apps) != 1 {
		t.Fatalf("approvers %v", apps)
	}
	a := apps[0].(map[string]any)
	if a["name"] != "bob" || a["os_user"] != "bob" || a["at"] != "2026-11-25T22:00:06Z" || a["auto"] != false {
		t.Errorf("approver %v", a)
	}
	ovs := g["overrides"].([]any)
	if len(ovs) != 1 || ovs[0].(map[string]any)["reason"] != "rehearsal at noon" {
		t.Errorf("overrides %v", ovs)
	}

	m := r["monitor"].(map[string]any)
	if m["verdict"] != "none" {
		t.Errorf("verdict %v", m["verdict"])
	}
	probes := m["probes"].([]any)
	p := probes[0].(map[string]any)
	for _, k := range []string{"id", "samples", "warn", "crit", "last"} {
		if _, ok := p[k]; !ok {
			t.Errorf("probe missing %q", k)
		}
	}
	notes := r["notes"].([]any)
	if len(notes) != 1 || notes[0].(map[string]any)["text"] != "LB took 2s" {
		t.Errorf("notes %v", notes)
	}
	rb := r["rollback"].(map[string]any)
	if rb["status"] != "done" || rb["reason"] != "migrate failed" || len(rb["steps"].([]any)) != 2 {
		t.Errorf("rollback %v", rb)
	}
	if w := r["waivers"].([]any); len(w) != 1 || w[0].(map[string]any)["reason"] != "staging only" {
		t.Errorf("waivers %v", w)
	}
}

func TestReportOfAnEmptyLaunch(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteReportJSON(&buf, BuildReport(NewState(nil))); err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r["outcome"] != "in_progress" || r["started"] != nil || r["finished"] != nil {
		t.Errorf("%v", r)
	}
	if r["steps"] == nil || r["notes"] == nil || r["gate"].(map[string]any)["decision"] != "none" || r["gate"].(map[string]any)["approvers"] == nil {
		t.Errorf("empty lists must be [] not null: %s", buf.String())
	}
}

func TestReportMonitorAndVerdict(t *testing.T) {
	s := NewState(testRunbook())
	s.Apply(Event{Time: at(0), Body: MonitorStartedBody{SoakMS: 60000}})
	for i, v := range []float64{10, 250, 600, 20} {
		lvl := map[bool]string{true: "ok", false: "warn"}[v < 200]
		if v > 500 {
			lvl = "crit"
		}
		s.Apply(Event{Time: at(i + 1), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: Level(lvl), Value: floatp(v)}})
	}
	s.Apply(Event{Time: at(9), Body: VerdictBody{Verdict: VerdictStable, Reason: "soak passed"}})
	s.Apply(Event{Time: at(10), Body: LaunchFinishedBody{Outcome: OutcomeCompleted, Exit: intp(0)}})
	r := BuildReport(s)
	if r.Monitor.Verdict != "stable" || len(r.Monitor.Probes) != 1 {
		t.Fatalf("%+v", r.Monitor)
	}
	p := r.Monitor.Probes[0]
	if p.Samples != 4 || p.Warn != 1 || p.Crit != 1 || *p.Last != 20 || *p.Min != 10 || *p.Max != 600 {
		t.Errorf("%+v", p)
	}
	var md bytes.Buffer
	if err := WriteReportMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Verdict: **stable**", "| Health latency | 4 | 1 | 1 | 20 | 10 to 600 |", "Outcome: **completed**"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestReportMarkdownTellsTheStory(t *testing.T) {
	var buf bytes.Buffer
	r := rolledBackReport(t)
	r.Params = map[string]string{"VERSION": "2.4.1"}
	if err := WriteReportMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"# Rehearsal report: Demo go-live",
		"Outcome: **rolled back — 1 check waived, window overridden**: migrate failed (exit 1)",
		"Driven by: ann@bastion",
		"`VERSION=2.4.1`",
		"## Pre-flight checks",
		"`health` waived by ann: staging only",
		"Decision: **GO** by bob",
		"- GO bob (os\\_user bob, proof kernel) at 2026-11-25T22:00:06Z, conditions generation 1",
		"window overridden by ann: rehearsal at noon",
		"## Steps",
		"| Step | Status | Attempts | Exit | Duration | Expected |",
		"| Point the LB at v2 | rolled back | 1 | 0 | 2.1s | 1.5s |",
		"| migrate | rolled back | 2 | 4 | 1.0s | - | exit 4, want 0 |",
		"rollback on step `migrate` by ann: schema lock",
		"Against the baseline: 1 steps took 2.1s, expected 1.5s (+600ms).",
		"## Rollback",
		"Rollback done.",
		"| Point the LB at v2 | done | 1 | 0 | 700ms |",
		"## Notes",
		"ann: LB took 2s",
		"background: ended with the launch",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(md)
	}
}

func TestReportMarkdownEscapesUntrustedText(t *testing.T) {
	s := NewState(nil)
	s.Apply(Event{Phase: PhaseCutover, ID: "x", Body: StepFailedBody{Reason: "body: <script>|# *boom*\x1b]52;c;ZXZpbA==\x07\nnext"}})
	var buf bytes.Buffer
	if err := WriteReportMarkdown(&buf, BuildReport(s)); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	if strings.Contains(md, "<script>") || strings.Contains(md, "\x1b") || strings.Contains(md, "ZXZpbA") {
		t.Errorf("untrusted text reached the markdown raw:\n%q", md)
	}
	if !strings.Contains(md, `\<script\>\|\# \*boom\* next`) || strings.Contains(md, "&lt;") {
		t.Errorf("escaped reason not found:\n%s", md)
	}
}

func TestReportAutoGate(t *testing.T) {
	s := NewState(testRunbook())
	s.Apply(Event{Time: at(1), Body: GateOpenedBody{}})
	s.Apply(Event{Time: at(2), Body: VoteBody{Who: "ann", OSUser: "ci", Auto: true}})
	s.Apply(Event{Time: at(3), Body: GateDecidedBody{Decision: GateGo, Auto: true}})
	r := BuildReport(s)
	if !r.Gate.Auto || r.Gate.Decision != "go" || !r.Gate.Approvers[0].Auto {
		t.Errorf("%+v", r.Gate)
	}
	var buf bytes.Buffer
	WriteReportMarkdown(&buf, r)
	for _, want := range []string{"Decision: **GO** (auto) at 2026-11-25T22:00:03Z", "- GO ann (auto ann, proof auto) at 2026-11-25T22:00:02Z, conditions generation 0"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, buf.String())
		}
	}
}
