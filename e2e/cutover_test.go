package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// cutReport is the part of `report --format json` these tests read.
type cutReport struct {
	Outcome   string `json:"outcome"`
	Rehearsal bool   `json:"rehearsal"`
	Steps     []struct {
		ID         string `json:"id"`
		Phase      string `json:"phase"`
		Status     string `json:"status"`
		Attempts   int    `json:"attempts"`
		ExitCode   *int   `json:"exit_code"`
		ExpectedMS *int64 `json:"expected_ms"`
		Reason     string `json:"reason"`
	} `json:"steps"`
	Gate struct {
		Decision  string `json:"decision"`
		Reason    string `json:"reason"`
		Approvers []struct {
			Name string `json:"name"`
			Auto bool   `json:"auto"`
		} `json:"approvers"`
		Overrides []struct {
			What   string `json:"what"`
			Reason string `json:"reason"`
		} `json:"overrides"`
	} `json:"gate"`
	Monitor struct {
		Verdict string `json:"verdict"`
		Probes  []struct {
			ID      string `json:"id"`
			Samples int    `json:"samples"`
			Warn    int    `json:"warn"`
			Crit    int    `json:"crit"`
		} `json:"probes"`
	} `json:"monitor"`
	Notify []struct {
		What string `json:"what"`
	} `json:"notify_failures"`
}

// readReport runs `report --format json` and decodes it.
func readCutReport(t *testing.T, dir, path string) (cutReport, string) {
	t.Helper()
	out, errOut, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r cutReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return r, out
}

// readTrail returns the lines a runbook's steps appended to a file.
func readTrail(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("trail: %v", err)
	}
	return strings.Fields(string(b))
}

// threeSteps is a launch whose third step fails: the completed steps (and
// the failed one, whose rollback is written to be safe anyway) must be
// undone in reverse order.
const threeSteps = `
[launch]
name = "three"
title = "Three steps"
approvers = ["alice"]

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "one"
run = "echo do-one >> trail"
rollback = "echo undo-one >> trail"

[[cutover]]
id = "two"
run = "echo do-two >> trail"
rollback = "echo undo-two >> trail"

[[cutover]]
id = "three"
run = "echo do-three >> trail; exit 4"
rollback = "echo undo-three >> trail"
on_failure = "rollback"

[[cutover]]
id = "four"
run = "echo do-four >> trail"
rollback = "echo undo-four >> trail"
`

func TestThirdStepFailureRollsBackInReverse(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", threeSteps)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " ")
	want := "do-one do-two do-three undo-three undo-two undo-one"
	if got != want {
		t.Errorf("trail = %q, want %q", got, want)
	}
	rollbackLines := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "rollback") {
			rollbackLines++
		}
	}
	// started, three rollback steps started and finished, finished.
	if rollbackLines < 8 {
		t.Errorf("headless output has %d lines saying rollback, want at least 8:\n%s", rollbackLines, out)
	}

	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "rolled_back" {
		t.Errorf("outcome %q, want rolled_back\n%s", r.Outcome, raw)
	}
	var rb []string
	for _, s := range r.Steps {
		if s.Phase == "rollback" {
			rb = append(rb, s.ID+"="+s.Status)
		}
		if s.Phase == "cutover" && s.ID == "three" && (s.ExitCode == nil || *s.ExitCode != 4) {
			t.Errorf("step three: exit %v, want 4", s.ExitCode)
		}
		if s.Phase == "cutover" && s.ID == "four" && s.Status == "done" {
			t.Errorf("step four ran after the failure")
		}
	}
	if strings.Join(rb, " ") != "three=done two=done one=done" {
		t.Errorf("rollback steps in the report = %v, want three two one, all done\n%s", rb, raw)
	}
	md, _, code := runGolive(t, dir, "report", path)
	if code != 0 || !strings.Contains(strings.ToLower(md), "rolled back") {
		t.Errorf("markdown report (exit %d) does not say rolled back:\n%s", code, md)
	}
}

// windowed returns a runbook with a window and freezes given as TOML.
func windowed(window string) string {
	return fmt.Sprintf(`
[launch]
name = "win"
title = "Windowed launch"
approvers = ["alice", "bob"]
%s

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "switch"
run = "echo switched >> trail"
`, window)
}

func tomlTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func TestWindowRefusesWithoutAReasonedOverride(t *testing.T) {
	now := time.Now()
	ended := fmt.Sprintf("window = { start = %s, end = %s }", tomlTime(now.Add(-3*time.Hour)), tomlTime(now.Add(-time.Hour)))

	t.Run("ended", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "rb.toml", windowed(ended))
		out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
		if code != 1 || !strings.Contains(out+errOut, "outside the deployment window") {
			t.Fatalf("exit %d, want 1 saying outside the deployment window\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		if _, err := os.Stat(filepath.Join(dir, "trail")); err == nil {
			t.Errorf("the step ran although the window was refused")
		}
		r, raw := readCutReport(t, dir, path)
		if r.Outcome != "failed" || r.Gate.Decision == "go" {
			t.Errorf("refused launch: outcome %q gate %q\n%s", r.Outcome, r.Gate.Decision, raw)
		}

		out, errOut, code = runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", "--outside-window", "incident 42", path)
		if code != 0 {
			t.Fatalf("with an override: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		if got := readTrail(t, filepath.Join(dir, "trail")); len(got) != 1 {
			t.Errorf("trail %v, want the step once", got)
		}
		r, raw = readCutReport(t, dir, path)
		if r.Outcome != "completed" || len(r.Gate.Overrides) != 1 || r.Gate.Overrides[0].Reason != "incident 42" {
			t.Errorf("overridden launch: outcome %q overrides %+v\n%s", r.Outcome, r.Gate.Overrides, raw)
		}
		md, _, _ := runGolive(t, dir, "report", path)
		if !strings.Contains(md, "incident 42") {
			t.Errorf("markdown report does not give the override's reason:\n%s", md)
		}
	})

	t.Run("future", func(t *testing.T) {
		dir := t.TempDir()
		w := fmt.Sprintf("window = { start = %s, end = %s }", tomlTime(now.Add(2*time.Hour)), tomlTime(now.Add(3*time.Hour)))
		path := writeFile(t, dir, "rb.toml", windowed(w))
		out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
		if code != 1 || !strings.Contains(out, "outside the deployment window") || !strings.Contains(out, "opens in") {
			t.Fatalf("exit %d, want 1 saying the window opens in ...\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
	})

	t.Run("freeze", func(t *testing.T) {
		dir := t.TempDir()
		f := fmt.Sprintf("freeze = [{ start = %s, end = %s, reason = \"Black Friday\" }]", tomlTime(now.Add(-time.Hour)), tomlTime(now.Add(time.Hour)))
		path := writeFile(t, dir, "rb.toml", windowed(f))
		out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "bob", path)
		if code != 1 || !strings.Contains(out, "inside freeze Black Friday") {
			t.Fatalf("exit %d, want 1 saying inside freeze Black Friday\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		out, errOut, code = runGolive(t, dir, "run", "--headless", "--yes", "--approver", "bob", "--outside-window", "hotfix for the sale", path)
		if code != 0 {
			t.Fatalf("freeze overridden: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		r, raw := readCutReport(t, dir, path)
		if len(r.Gate.Overrides) != 1 || !strings.Contains(r.Gate.Overrides[0].What, "Black Friday") || r.Gate.Overrides[0].Reason != "hotfix for the sale" {
			t.Errorf("report overrides %+v, want the freeze and the reason\n%s", r.Gate.Overrides, raw)
		}
	})

	t.Run("rehearsal", func(t *testing.T) {
		dir := t.TempDir()
		path := writeFile(t, dir, "rb.toml", windowed(ended))
		out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
		if code != 0 {
			t.Fatalf("a rehearsal outside the window: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
		}
		if got := readTrail(t, filepath.Join(dir, "trail")); len(got) != 1 {
			t.Errorf("trail %v, want the step once", got)
		}
		// The window is shown, not enforced: a rehearsal in CI says a real
		// launch now would be refused.
		if !strings.Contains(out, "rehearsal ignores the window: a real launch would be refused now (the deployment window is not open") ||
			strings.Contains(out, "outside the deployment window") {
			t.Errorf("the rehearsal does not show the window it ignores:\n%s", out)
		}
	})
}

// keysRunbook has a quorum of two, a checklist, a step that fails (to be
// skipped) and one that keeps failing (retried, then aborted).
const keysRunbook = `
[launch]
name = "keys"
title = "Keys at the gate"
approvers = ["alice", "bob"]
quorum = 2

[[preflight]]
id = "ok"
name = "Always fine"
run = "true"

[gate]
prompt = "Cut over by keys?"

[[cutover]]
id = "prep"
manual = ["First thing", "Second thing", "Third thing"]

[[cutover]]
id = "flaky"
run = "echo flaky >> trail; exit 3"

[[cutover]]
id = "broken"
run = "echo broken >> trail; exit 5"

[[cutover]]
id = "never"
run = "echo never >> trail"
`

// goBy casts one GO vote by keys: g, the approver's name, then GO.
func goBy(term *tmuxTerm, name string) {
	term.t.Helper()
	term.keys("g")
	term.waitFor(10*time.Second, "GO: approver name")
	term.text(name)
	term.keys("Enter")
	term.waitFor(10*time.Second, "Type GO")
	term.text("GO")
	term.keys("Enter")
}

// The gate needs two distinct proven identities: names typed at the
// driver's keyboard count once, a second OS user's `golive approve` makes
// the quorum; a checklist is ticked out of order with the arrows; the
// failure menu skips one step with a reason, retries another and then
// aborts the launch with a reason.
func TestGateQuorumAndFailureMenuByKeys(t *testing.T) {
	needTmux(t)
	voter, bin, dir := otherUserSetup(t)
	path := writeFile(t, dir, "rb.toml", keysRunbook)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path)

	term.waitFor(30*time.Second, "GO / NO-GO", "Cut over by keys?", "quorum 0/2")
	goBy(term, "alice")
	term.waitFor(10*time.Second, "quorum 1/2")
	// The same approver again does not make a quorum. The engine takes
	// commands in order, so once a note typed after the second vote is
	// journaled, that vote has been counted (or not).
	goBy(term, "alice")
	term.keys("N")
	term.waitFor(10*time.Second, "Note for the journal")
	term.text("alice voted twice")
	term.keys("Enter")
	waitJournal(t, dir, func(ev map[string]any) bool { return ev["type"] == "note" && ev["detail"] == "alice voted twice" })
	if s := term.waitFor(10*time.Second, "quorum 1/2"); strings.Contains(s, "First thing") {
		t.Fatalf("one approver voting twice passed a quorum of two:\n%s", s)
	}
	votes := 0
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == "vote" {
			votes++
		}
	}
	if votes != 1 {
		t.Fatalf("%d votes journaled after alice voted twice, want 1", votes)
	}
	// bob typed at the same keyboard is the same OS user: refused, said so.
	goBy(term, "bob")
	term.waitFor(10*time.Second, "one identity counts once", "quorum 1/2")
	if out, stderr, code := runAs(t, voter, bin, dir, "approve", "--as", "bob", path); code != 0 || !strings.Contains(out, "the quorum is reached") {
		t.Fatalf("bob from %s: exit %d\n%s%s", voterUser, code, out, stderr)
	}

	// The checklist: tick the third item first (→ twice), then the rest.
	term.waitFor(30*time.Second, "[ ] First thing", "[ ] Third thing")
	term.keys("Right", "Right")
	term.keys("Space")
	term.waitFor(10*time.Second, "[x] Third thing", "> [ ] First thing")
	// After a tick the cursor goes back to the first item still to tick;
	// the arrows move over every item, ticked ones too (u unticks them).
	term.keys("Left")
	term.waitFor(10*time.Second, "> [x] Third thing")
	term.keys("u")
	term.waitFor(10*time.Second, "> [ ] Third thing")
	term.keys("Space")
	term.waitFor(10*time.Second, "[x] Third thing", "> [ ] First thing")
	term.keys("Space")
	term.waitFor(10*time.Second, "[x] First thing", "> [ ] Second thing")
	term.keys("Space")
	// The last tick ends the step: the cockpit asks first.
	term.waitFor(10*time.Second, "That is the last item")
	term.keys("y")

	// flaky fails: skip it, with a reason.
	term.waitFor(30*time.Second, "step flaky failed", "[r] retry", "[s] skip")
	term.keys("s")
	term.waitFor(10*time.Second, "Skip flaky: the launch goes on as if it had succeeded")
	term.keys("Enter") // an empty reason is not accepted
	term.text("known flaky, fixed by hand")
	term.keys("Enter")

	// broken fails: retry once, then abort with a reason.
	// (flaky's menu may still be on the screen for a moment.)
	term.waitFor(30*time.Second, "step broken failed", "[r] retry")
	term.keys("r")
	deadline := time.Now().Add(30 * time.Second)
	for trailCount(dir, "broken") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("retry never ran broken again; screen:\n%s", term.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The second failure's menu follows the trail's line by a moment:
	// press a until the menu takes it.
	deadline = time.Now().Add(30 * time.Second)
	for !strings.Contains(term.screen(), "Abort the launch (") {
		if time.Now().After(deadline) {
			t.Fatalf("a never asked why to abort; screen:\n%s", term.screen())
		}
		if strings.Contains(term.screen(), "[a] abort") {
			term.keys("a")
		}
		time.Sleep(300 * time.Millisecond)
	}
	term.text("database refuses writes")
	term.keys("Enter")
	term.waitFor(30*time.Second, "Launch finished", "aborted")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 1]")

	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "flaky broken broken" {
		t.Errorf("trail = %q, want flaky broken broken", got)
	}
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "aborted" || r.Gate.Decision != "go" || len(r.Gate.Approvers) != 2 {
		t.Errorf("report: outcome %q gate %q approvers %+v\n%s", r.Outcome, r.Gate.Decision, r.Gate.Approvers, raw)
	}
	for _, s := range r.Steps {
		switch s.ID {
		case "prep":
			if s.Status != "done" {
				t.Errorf("prep: %s, want done", s.Status)
			}
		case "flaky":
			if s.Status != "skipped" || !strings.Contains(s.Reason, "known flaky") {
				t.Errorf("flaky: %s %q, want skipped with the reason", s.Status, s.Reason)
			}
		case "broken":
			if s.Attempts != 2 || s.Status != "failed" {
				t.Errorf("broken: %s after %d attempts, want failed after 2", s.Status, s.Attempts)
			}
		case "never":
			if s.Status == "done" {
				t.Errorf("never ran after the abort")
			}
		}
	}
	if !strings.Contains(raw, "database refuses writes") {
		t.Errorf("the abort's reason is not in the report:\n%s", raw)
	}
}

// trailCount counts the lines step id appended to the trail so far.
func trailCount(dir, id string) int {
	b, _ := os.ReadFile(filepath.Join(dir, "trail"))
	return strings.Count(string(b), id+"\n")
}

// NO-GO asks for a reason and ends the launch aborted, with exit 1.
func TestNoGoByKeys(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", keysRunbook)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path)

	term.waitFor(30*time.Second, "GO / NO-GO", "quorum 0/2")
	term.keys("n")
	term.waitFor(10*time.Second, "NO-GO: why?")
	term.text("support is not staffed")
	term.keys("Enter")
	term.waitFor(30*time.Second, "Launch finished", "aborted")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 1]")

	if _, err := os.Stat(filepath.Join(dir, "trail")); err == nil {
		t.Errorf("a step ran after NO-GO")
	}
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "aborted" || r.Gate.Decision != "no-go" || !strings.Contains(r.Gate.Reason, "support is not staffed") {
		t.Errorf("report: outcome %q gate %q reason %q\n%s", r.Outcome, r.Gate.Decision, r.Gate.Reason, raw)
	}
}

// In the cockpit, a window that has ended shows red in the header, GO is
// refused with the DESIGN wording, and an override with a typed reason
// lets the launch cut over.
func TestWindowOverrideByKeys(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	now := time.Now()
	path := writeFile(t, dir, "rb.toml", windowed(fmt.Sprintf("window = { start = %s, end = %s }",
		tomlTime(now.Add(-3*time.Hour)), tomlTime(now.Add(-time.Hour)))))
	// Colours on: the header's window status must be drawn in red. (The
	// colour library takes a set CI variable to mean "no terminal".)
	term := startTmux(t, dir, 120, 40, []string{"TERM=xterm-256color", "COLORTERM=truecolor", "CI="}, golive+" "+path)

	term.waitFor(30*time.Second, "GO / NO-GO", "outside the deployment window")
	if sgr := colourOf(t, term, "outside the deployment window"); !isRed(sgr) {
		t.Errorf("the window status is drawn with %q, want red", sgr)
	}
	goBy(term, "alice")
	term.waitFor(10*time.Second, "Refused: outside the deployment window")
	if _, err := os.Stat(filepath.Join(dir, "trail")); err == nil {
		t.Fatalf("the step ran outside the window without an override")
	}
	term.keys("o")
	term.waitFor(10*time.Second, "Override the window (", "the cutover may start outside it. Why?")
	term.text("incident 42")
	term.keys("Enter")
	// alice's GO was cast before the override: the gate asks for it again.
	term.waitFor(10*time.Second, "votes: 1 more GO needed", "quorum 0/1")
	if _, err := os.Stat(filepath.Join(dir, "trail")); err == nil {
		t.Fatalf("the step ran on the GO cast before the override")
	}
	goBy(term, "alice")
	term.waitFor(30*time.Second, "Launch finished", "completed")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 0]")
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "completed" || len(r.Gate.Overrides) != 1 || r.Gate.Overrides[0].Reason != "incident 42" {
		t.Errorf("report: outcome %q overrides %+v\n%s", r.Outcome, r.Gate.Overrides, raw)
	}
}

// colourOf returns the SGR parameters in force where text first appears
// on the screen.
func colourOf(t *testing.T, term *tmuxTerm, text string) string {
	t.Helper()
	out, err := term.tmux("capture-pane", "-p", "-e", "-t", term.name)
	if err != nil {
		t.Fatalf("capture-pane -e: %v", err)
	}
	i := strings.Index(out, text)
	if i < 0 {
		t.Fatalf("%q not on the screen:\n%s", text, out)
	}
	j := strings.LastIndex(out[:i], "\x1b[")
	if j < 0 {
		return ""
	}
	end := strings.IndexByte(out[j:], 'm')
	if end < 0 {
		return ""
	}
	return out[j+2 : j+end]
}

// isRed reports whether SGR parameters set a red foreground: the palette's
// crit colour in true colour or 256 colours, or a basic red.
func isRed(sgr string) bool {
	for _, red := range []string{"38;2;255;95;95", "38;2;192;0;0", "38;5;203", "38;5;160", "38;5;124", "31", "91"} {
		if strings.Contains(";"+sgr+";", ";"+red+";") {
			return true
		}
	}
	return false
}

// planRunbook has secrets in its environment, rollback commands, and a
// third step that fails unless a file says otherwise.
const planRunbook = `
[launch]
name = "plan"
title = "Plan me"
approvers = ["alice", "bob"]
secrets = ["DEPLOY_TOKEN"]

[env]
DEPLOY_TOKEN = "hunter2-very-secret"
SERVICE_API_KEY = "abcdef0123456789"
TARGET = "v2"

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "one"
run = "sleep 0.3; echo do-one >> trail"
rollback = "echo undo-one >> trail"

[[cutover]]
id = "two"
run = "echo do-two >> trail"
rollback = "echo undo-two >> trail"

[[cutover]]
id = "three"
run = "test -f allow-three && echo do-three >> trail"
rollback = "echo undo-three >> trail"

[[cutover]]
id = "four"
run = "echo do-four >> trail"
rollback = "echo undo-four >> trail"
`

func TestPlanAndRemaining(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", planRunbook)
	writeFile(t, dir, "allow-three", "")
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	if code != 0 {
		t.Fatalf("rehearsal: exit %d\n%s\n%s", code, out, errOut)
	}

	plan, errOut, code := runGolive(t, dir, "plan", path)
	if code != 0 {
		t.Fatalf("plan: exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"sleep 0.3; echo do-one >> trail", "echo undo-four >> trail", // commands and rollbacks
		"DEPLOY_TOKEN=•••", "SERVICE_API_KEY=•••", "TARGET=v2", // the environment, masked
		"alice, bob", // approvers
		"expected",   // durations from the rehearsal
	} {
		if !strings.Contains(plan, want) {
			t.Errorf("plan lacks %q:\n%s", want, plan)
		}
	}
	for _, secret := range []string{"hunter2", "abcdef0123456789"} {
		if strings.Contains(plan, secret) {
			t.Errorf("plan shows the secret %q:\n%s", secret, plan)
		}
	}
	// Rollback commands are listed from the last step to the first.
	if i, j := strings.LastIndex(plan, "undo-four"), strings.LastIndex(plan, "undo-one"); i < 0 || j < i {
		t.Errorf("plan does not list the rollback in reverse order:\n%s", plan)
	}

	// A real launch stops at the third step (a decision for a person).
	os.Remove(filepath.Join(dir, "allow-three"))
	os.Remove(filepath.Join(dir, "trail"))
	out, errOut, code = runGolive(t, dir, "run", "--headless", "--yes", "--approver", "bob", path)
	if code != 3 {
		t.Fatalf("launch: exit %d, want 3 (a decision is needed)\n%s\n%s", code, out, errOut)
	}
	rem, errOut, code := runGolive(t, dir, "plan", "--remaining", path)
	if code != 0 {
		t.Fatalf("plan --remaining: exit %d: %s", code, errOut)
	}
	todo, undo, ok := strings.Cut(rem, "rollback commands")
	if !ok {
		t.Fatalf("plan --remaining lists no rollback commands:\n%s", rem)
	}
	for _, want := range []string{"three", "four", "echo do-four >> trail"} {
		if !strings.Contains(todo, want) {
			t.Errorf("what is left lacks %q:\n%s", want, rem)
		}
	}
	for _, done := range []string{"do-one", "do-two"} {
		if strings.Contains(todo, done) {
			t.Errorf("what is left lists %q, which was done:\n%s", done, rem)
		}
	}
	i3, i2, i1 := strings.Index(undo, "undo-three"), strings.Index(undo, "undo-two"), strings.Index(undo, "undo-one")
	if i3 < 0 || i2 < i3 || i1 < i2 || strings.Contains(undo, "undo-four") {
		t.Errorf("rollback commands of what was done are not three, two, one:\n%s", undo)
	}
}

// baselineRunbook has two steps of known length; the second waits for a
// confirmation, so the cockpit can be read mid-cutover.
const baselineRunbook = `
[launch]
name = "base"
title = "Baselines"
approvers = ["alice"]

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "warm"
run = "sleep ${WARM:-1}"

[[cutover]]
id = "switch"
run = "sleep 2"
confirm = true
`

var expectedRE = regexp.MustCompile(`switch \(confirm\)\s+/2\.\ds`)

// A rehearsal's step durations become the expected durations of the next
// run: in the step list, as an ETA in the header with the drift of a step
// that took longer this time, and in the report.
func TestRehearsalBaselinesInTheNextRun(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", baselineRunbook)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	if code != 0 {
		t.Fatalf("rehearsal: exit %d\n%s\n%s", code, out, errOut)
	}

	// This time warm takes 3s instead of 1s.
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path+" --set WARM=3")
	term.waitFor(30*time.Second, "GO / NO-GO", "cutover ETA")
	goBy(term, "alice")
	s := term.waitFor(30*time.Second, "Press Enter to run this step", "cutover ETA", "vs rehearsal")
	if !expectedRE.MatchString(s) {
		t.Errorf("the waiting step does not show its expected 2s:\n%s", s)
	}
	if !regexp.MustCompile(`\(\+[0-9.]+s vs rehearsal\)`).MatchString(s) {
		t.Errorf("the header does not show the drift of +2s:\n%s", s)
	}
	if !regexp.MustCompile(`warm\s+3\.\ds/1\.\ds`).MatchString(s) {
		t.Errorf("the finished step does not show actual/expected:\n%s", s)
	}
	term.keys("Enter")
	term.waitFor(30*time.Second, "Launch finished", "completed")
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 0]")

	r, raw := readCutReport(t, dir, path)
	n := 0
	for _, st := range r.Steps {
		if st.Phase != "cutover" {
			continue
		}
		n++
		if st.ExpectedMS == nil || *st.ExpectedMS < 900 {
			t.Errorf("cutover step %s: expected_ms %v, want the rehearsal's duration\n%s", st.ID, st.ExpectedMS, raw)
		}
	}
	if n != 2 {
		t.Errorf("report has %d cutover steps, want 2\n%s", n, raw)
	}
}

// waitJournal waits until the journal under dir holds an event match
// accepts.
func waitJournal(t *testing.T, dir string, match func(map[string]any) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, ev := range journalOf(t, dir) {
			if match(ev) {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the journal never held the awaited event")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// The acceptance of the waiting line: with a confirm step waiting and the
// selection moved to another row, the screen says `waiting for you:` with
// the step's name and its key, and Enter from that row runs the step.
func TestWaitingLineEnterFromAnotherRow(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", `
[launch]
name = "wait"
title = "Waiting line"
approvers = ["alice"]

[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "prepare"
name = "Prepare the switch"
run = "echo prepare >> trail"

[[cutover]]
id = "switch"
name = "Point the balancer at green"
run = "echo switch >> trail"
confirm = true
`)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	term.waitFor(30*time.Second, "Press Enter to run this step")
	term.keys("Up")
	s := term.waitUntil(10*time.Second, "the selection on another row", func(s string) bool {
		return strings.Contains(s, "›✓ Prepare the switch")
	})
	if !strings.Contains(s, "waiting for you: Point the balancer at green (confirm)  enter run step") {
		t.Fatalf("no waiting line with the step and its key:\n%s", s)
	}
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "prepare" {
		t.Fatalf("trail before Enter = %q", got)
	}
	term.keys("Enter")
	term.waitFor(30*time.Second, "Launch finished", "completed")
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "prepare switch" {
		t.Fatalf("Enter from another row did not run the step: trail %q", got)
	}
	term.keys("q")
	term.waitFor(10*time.Second, "[exit 0]")
}
