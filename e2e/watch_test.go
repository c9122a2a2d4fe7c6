package e2e

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A watcher in a real terminal follows a launch driven headless by another
// process: it shows the steps progressing and their output (read from the
// step logs), reaches the end, and none of its keys changes the journal.
func TestWatcherFollowsAHeadlessDriver(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	rb := writeFile(t, dir, "watched.toml", `[launch]
name = "watched"

[[cutover]]
id = "alpha"
run = "echo out-of-alpha; sleep 1.5"

[[cutover]]
id = "beta"
run = "echo out-of-beta; sleep 1.5"

[[cutover]]
id = "gamma"
run = "echo out-of-gamma; sleep 1.5"

[monitor]
duration = "3s"
interval = "500ms"

[[monitor.probe]]
id = "alive"
run = "echo 1"
`)
	out, errOut := newLineCounter(), newLineCounter()
	driver := spawnGolive(t, dir, out, errOut, "run", "--rehearse", "--headless", "--yes", rb)
	deadline := time.Now().Add(20 * time.Second)
	for len(journalOf(t, dir)) == 0 {
		if time.Now().After(deadline) {
			t.Fatalf("the driver never started a journal:\n%s\n%s", out, errOut)
		}
		time.Sleep(50 * time.Millisecond)
	}

	term := startTmux(t, dir, 100, 30, nil, golive+" watch "+rb)
	term.waitFor(20*time.Second, "alpha", "out-of-alpha")
	// Keys that would act in a driving cockpit: confirm, hold, go, roll
	// back, abort, skip, retry, a note. A watcher must send none of them.
	for _, k := range []string{"Enter", "g", "h", "B", "b", "a", "s", "r", "n", "Escape", "Escape"} {
		term.keys(k)
		time.Sleep(50 * time.Millisecond)
	}
	term.waitFor(30*time.Second, "out-of-gamma")
	if code := driver.wait(); code != 0 {
		t.Fatalf("driver: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	term.waitFor(20*time.Second, "Done", "STABLE")

	// Only the driver wrote: one journal event per headless line.
	lines := strings.Count(strings.TrimSpace(out.String()), "\n") + 1
	events := journalOf(t, dir)
	if len(events) != lines {
		t.Errorf("the journal has %d events, the driver printed %d lines: someone else wrote to it\n%s", len(events), lines, out)
	}
	for _, ev := range events {
		switch ev["type"] {
		case "hold", "note", "decision", "rollback_started", "step_skipped":
			t.Errorf("the journal has a %v event though the driver needed no decision: %v", ev["type"], ev)
		}
	}

	// Keys pressed after the end change nothing either.
	journal, _ := filepath.Glob(filepath.Join(dir, ".golive", "watched", "*", "journal.jsonl"))
	if len(journal) != 1 {
		t.Fatalf("journals: %v, want one", journal)
	}
	before, _ := os.ReadFile(journal[0])
	for _, k := range []string{"Enter", "g", "h", "B", "b", "a", "n", "Escape", "Escape", "q", "y"} {
		term.keys(k)
		time.Sleep(50 * time.Millisecond)
	}
	term.waitFor(10*time.Second, "[exit 0]")
	after, _ := os.ReadFile(journal[0])
	if !bytes.Equal(before, after) {
		t.Errorf("the journal changed while keys were pressed in the watcher:\n%s", after[len(before):])
	}
	if r := readResReport(t, dir, rb); r.Outcome != "completed" || r.Monitor.Verdict != "stable" {
		t.Errorf("report: outcome %q verdict %q, want completed stable", r.Outcome, r.Monitor.Verdict)
	}
}

// A secret that a step prints one byte per write, so that it is split
// across output chunks, appears in no step log, journal, report, plan or
// headless output, on a pseudo-terminal and on pipes alike.
func TestSecretSplitAcrossWritesNeverLeaks(t *testing.T) {
	const secret = "Zq7xHx9wWm2kKp4v"
	dir := t.TempDir()
	step := `printf '%s\n' "$API_TOKEN" | fold -w1 | while read c; do printf '%s' "$c"; sleep 0.03; done; echo`
	rb := writeFile(t, dir, "secret.toml", `[launch]
name = "secret"
secrets = ["API_TOKEN"]

[[cutover]]
id = "tty"
run = '''`+step+`'''

[[cutover]]
id = "pipes"
pty = false
run = '''`+step+` >&2'''
`)
	cmd := exec.Command(golive, "run", "--rehearse", "--headless", "--yes", rb)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "API_TOKEN="+secret)
	var so, se bytes.Buffer
	cmd.Stdout, cmd.Stderr = &so, &se
	if err := cmd.Run(); err != nil {
		t.Fatalf("golive: %v\n%s\n%s", err, so.String(), se.String())
	}
	texts := map[string]string{"headless output": so.String() + se.String()}
	for _, args := range [][]string{{"report", rb}, {"report", "--format", "json", rb}, {"plan", rb}} {
		o, e, _ := runGolive(t, dir, args...)
		texts[strings.Join(args[:len(args)-1], " ")] = o + e
	}
	logs := 0
	filepath.WalkDir(filepath.Join(dir, ".golive"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		texts[p] = string(data)
		if strings.Contains(p, "log") && strings.Contains(string(data), "•••") {
			logs++
		}
		return nil
	})
	if logs < 2 {
		t.Errorf("%d step logs show the masked secret, want both steps': did the steps print it?", logs)
	}
	// Any 5 consecutive characters of the secret would be a leak: a
	// masker that missed a chunk boundary lets a piece through.
	for where, text := range texts {
		for i := 0; i+5 <= len(secret); i++ {
			if strings.Contains(text, secret[i:i+5]) {
				t.Errorf("%s shows %q, a piece of the secret:\n%s", where, secret[i:i+5], text)
				break
			}
		}
	}
}
