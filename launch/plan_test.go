package launch

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func TestWritePlan(t *testing.T) {
	rb := testRunbook()
	rb.Launch.Secrets = []string{"DEPLOY_TOKEN"}
	rb.Launch.Freeze = []runbook.Freeze{{Start: t0.Add(48 * time.Hour), End: t0.Add(72 * time.Hour), Reason: "Black Friday"}}
	rb.Params = []runbook.EnvVar{{Name: "VERSION", Value: "2.4.1"}}
	rb.Cutover[2].Verify = &runbook.Check{ID: "v", Kind: runbook.KindTCP, TCP: "127.0.0.1:5432"}
	rb.Monitor.Probes[0].Crit = &runbook.Condition{Source: "latency > 500ms"}
	rb.Preflight[1].Expect = []runbook.Condition{{Source: "status == 200"}, {Source: `body contains "ok"`}}
	rb.Cutover[1].Run = "./switch.sh v2\n./check.sh"
	m := runbook.NewMaskerValues("s3cr3t-t0ken")
	base := map[string]int64{"cutover/switch": 2100, "cutover/migrate": 900, "preflight/disk": 40}

	var buf bytes.Buffer
	if err := WritePlan(&buf, rb, m, base); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if strings.Contains(out, "s3cr3t-t0ken") {
		t.Errorf("a secret reached the plan:\n%s", out)
	}
	wants := []string{
		"Plan: Demo go-live (demo)",
		"Window:    2026-11-25 22:00Z to 2026-11-25 23:30Z (1h30m0s)",
		"Freeze:    2026-11-27 22:00Z to 2026-11-28 22:00Z (Black Friday)",
		"Approvers: ann, bob (quorum 1)",
		"NEW_URL=http://127.0.0.1:18081",
		"DEPLOY_TOKEN=•••",
		"VERSION=2.4.1   (--set)",
		"1. Pre-flight: 2 checks",
		"   - disk  [expected 40ms]",
		"GET http://127.0.0.1:18081/healthz",
		"up to 5 attempts 1s apart",
		"2. Gate: Switch traffic?",
		"times out after 30m0s (then abort)",
		"3. Cutover: 4 steps, in order",
		"   1. start  [background]",
		"   2. switch  Point the LB at v2  [confirm, expected 2.1s]",
		"        run:      ./switch.sh v2 ⏎ ./check.sh",
		`expect: status == 200; body contains "ok"`,
		"        rollback: ./switch.sh v1",
		"        verify:   tcp 127.0.0.1:5432",
		"        [ ] Post the note",
		"Expected cutover time: 3.0s",
		"Rollback, in reverse order over the steps that ran:\n     migrate: ./migrate.sh down\n     switch: ./switch.sh v1\n",
		"4. Monitor: soak 15m0s, a sample every 10s; rollback recommended after 3 critical samples in a row",
		"crit: latency > 500ms",
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("plan lacks %q", w)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
	// Order: checks, gate, steps, monitor.
	idx := func(s string) int { return strings.Index(out, s) }
	if !(idx("1. Pre-flight") < idx("2. Gate") && idx("2. Gate") < idx("3. Cutover") && idx("3. Cutover") < idx("4. Monitor")) {
		t.Error("phases out of order")
	}
	if !(idx("1. start") < idx("2. switch") && idx("2. switch") < idx("3. migrate") && idx("3. migrate") < idx("4. announce")) {
		t.Error("steps out of order")
	}
}

func TestWritePlanMinimal(t *testing.T) {
	rb := &runbook.Runbook{Launch: runbook.Launch{Name: "tiny"},
		Preflight: []*runbook.Check{{ID: "up", Kind: runbook.KindRun, Run: "true", Retry: runbook.Retry{Attempts: 1}}}}
	var buf bytes.Buffer
	if err := WritePlan(&buf, rb, nil, nil); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "Window:    none") || !strings.Contains(out, "   - up\n       true\n") || strings.Contains(out, "Gate") {
		t.Errorf("minimal plan:\n%s", out)
	}
}

func TestWriteRemaining(t *testing.T) {
	// The driver died while migrate ran, after switch was done.
	ev := fullLaunch()[:20]
	s := Fold(testRunbook(), ev)
	s.Orphaned()
	var buf bytes.Buffer
	if err := WriteRemaining(&buf, testRunbook(), s); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	wants := []string{
		"Remaining of Demo go-live, launch 20261125T220000Z-abcd (interrupted, rehearsal, last event 2026-11-25T22:00:14Z)",
		"Not done yet, in order (run in demo with the environment of `golive plan`):",
		"cutover 3. migrate (interrupted)\n      run: ./migrate.sh up",
		"cutover 4. announce (pending)\n      [ ] Post the note\n      [ ] Tell support",
		"monitor: the soak (15m0s) and its verdict",
		"To undo by hand, run in this order the rollback commands of what was done:\n  - migrate (interrupted, may be partly done): ./migrate.sh down\n  - switch: ./switch.sh v1\n",
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("remaining lacks %q", w)
		}
	}
	for _, not := range []string{"cutover 1. start", "cutover 2. switch", "gate:", "pre-flight"} {
		if strings.Contains(out, not) {
			t.Errorf("remaining lists %q, which was done", not)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestWriteRemainingBeforeTheGateAndAfterTheEnd(t *testing.T) {
	s := Fold(testRunbook(), fullLaunch()[:6]) // health failed, nothing waived yet
	var buf bytes.Buffer
	WriteRemaining(&buf, nil, s)
	out := buf.String()
	for _, w := range []string{"pre-flight health (failed)", "gate: the go/no-go decision has not been taken", "cutover 2. switch (pending)", "Nothing to undo"} {
		if !strings.Contains(out, w) {
			t.Errorf("lacks %q:\n%s", w, out)
		}
	}

	buf.Reset()
	done := Fold(testRunbook(), fullLaunch())
	WriteRemaining(&buf, testRunbook(), done)
	out = buf.String()
	if !strings.Contains(out, "has ended (rolled back): nothing remains to do") || !strings.Contains(out, "Nothing to undo") {
		t.Errorf("after a finished rollback:\n%s", out)
	}

	changed := testRunbook()
	changed.Hash = "different"
	buf.Reset()
	WriteRemaining(&buf, changed, done)
	if !strings.Contains(buf.String(), "the runbook has changed since this launch started") {
		t.Errorf("no warning about a changed runbook:\n%s", buf.String())
	}
}
