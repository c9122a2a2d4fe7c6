package launch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A soak the driver left midway goes on for what was left of it, keeping
// its start in the journal, instead of starting again at full length.
func TestResumedSoakKeepsItsClock(t *testing.T) {
	src := `
[launch]
name = "soak"

[[cutover]]
id = "a"
run = "true"

[monitor]
duration = "30s"
interval = "100ms"

[[monitor.probe]]
id = "one"
run = "echo 1"
crit = "value > 5"
`
	first := newRig(t, src, nil)
	first.start(t.Context())
	first.waitType(ProbeSample, "one")
	first.e.Send(Command{Kind: CmdEndSoak, Reason: "cut here"})
	if code := first.wait(); code != 0 {
		t.Fatalf("first run exit %d", code)
	}
	// The driver "died" 29.5 s into the soak, just after a sample.
	var kept []Event
	for _, ev := range first.journal() {
		if ev.Type() == MonitorStarted {
			ev.Time = time.Now().Add(-29500 * time.Millisecond)
		}
		kept = append(kept, ev)
		if ev.Type() == ProbeSample {
			break
		}
	}
	var b strings.Builder
	for _, ev := range kept {
		line, err := jsonLine(ev)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(line)
	}
	if err := os.WriteFile(filepath.Join(first.e.Dir(), JournalFile), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}

	second := rigFor(t, first.rb, resumeOpts(first, kept, nil))
	began := time.Now()
	if code := second.run(); code != 0 {
		t.Fatalf("resumed exit %d; events:\n%s", code, second.dump())
	}
	// Half a second was left; a soak restarted at full length takes 30 s.
	if took := time.Since(began); took > 15*time.Second {
		t.Fatalf("the resumed soak took %v: it started over", took)
	}
	if n := len(find(second.journal(), MonitorStarted)); n != 1 {
		t.Fatalf("%d monitor_started events, want the original one only", n)
	}
	if v := second.last(Verdict); v.Body.(VerdictBody).Verdict != "stable" {
		t.Fatalf("verdict %+v", v)
	}
	if len(find(second.events(), ProbeSample)) == 0 {
		t.Fatal("no fresh sample before the verdict")
	}
}
