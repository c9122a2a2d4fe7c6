package e2e

import (
	"encoding/json"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"
)

var lineRE = regexp.MustCompile(`^\d{2}:\d{2}:\d{2} [a-z-]+ [A-Za-z0-9_.-]+ \S+`)

// The demo runbook, rehearsed unattended, completes with exit 0, leaves its
// service stopped, and its report says it was stable.
func TestHeadlessRehearsalOfTheDemo(t *testing.T) {
	dir, path := copyDemo(t)
	addr := freeAddr(t)
	out, errOut, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", "--set", "DEMO_ADDR="+addr, path)
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, l := range lines {
		if !lineRE.MatchString(l) {
			t.Errorf("headless line %q is not HH:MM:SS PHASE ID EVENT DETAIL", l)
		}
	}
	for _, want := range []string{"start-v2", "migrate", "switch", "announce", "stable"} {
		if !strings.Contains(out, want) {
			t.Errorf("headless output never mentions %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "demo-token-not-a-real-secret") {
		t.Errorf("the demo secret leaked into headless output")
	}
	// golive stopped the background service when the launch ended.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("the demo service still listens on %s after the launch", addr)
	}

	rep, errOut, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r struct {
		Outcome   string `json:"outcome"`
		Rehearsal bool   `json:"rehearsal"`
		Steps     []struct {
			ID, Phase, Status string
		} `json:"steps"`
		Monitor struct {
			Verdict string `json:"verdict"`
			Probes  []struct {
				ID      string `json:"id"`
				Samples int    `json:"samples"`
			} `json:"probes"`
		} `json:"monitor"`
	}
	if err := json.Unmarshal([]byte(rep), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, rep)
	}
	if r.Outcome != "completed" || !r.Rehearsal || r.Monitor.Verdict != "stable" {
		t.Errorf("report: outcome %q rehearsal %v verdict %q, want completed true stable", r.Outcome, r.Rehearsal, r.Monitor.Verdict)
	}
	if len(r.Monitor.Probes) != 2 || r.Monitor.Probes[0].Samples == 0 {
		t.Errorf("report probes = %+v, want 2 probes with samples", r.Monitor.Probes)
	}
	md, _, _ := runGolive(t, dir, "report", path)
	if !strings.Contains(md, "Point traffic at v2") || !strings.Contains(strings.ToLower(md), "stable") {
		t.Errorf("markdown report does not tell the story:\n%s", md)
	}
}

// A broken runbook is refused with exit 2 and the line a person would point at.
func TestBrokenRunbookPointsAtTheLine(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "bad.toml", "[launch]\nname = \"bad\"\n\n[[cutover]]\nid = \"a\"\nrun = \"true\"\ntimout = \"5s\"\n")
	_, errOut, code := runGolive(t, dir, "validate", p)
	if code != 2 {
		t.Fatalf("validate: exit %d, want 2", code)
	}
	if !strings.Contains(errOut, "bad.toml:7:1:") || !strings.Contains(errOut, "timout") {
		t.Errorf("validate said %q, want bad.toml:7:1: about timout", errOut)
	}
	_, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", p)
	if code != 2 || !strings.Contains(errOut, "bad.toml:7") {
		t.Errorf("run: exit %d, %q; want 2 and the position", code, errOut)
	}
	if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
		t.Errorf("a stack trace reached the user: %s", errOut)
	}
}
