package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// gateReport is the part of `golive report --format json` these tests read.
type gateReport struct {
	Outcome string `json:"outcome"`
	Gate    struct {
		Decision  string `json:"decision"`
		Approvers []struct {
			Name       string   `json:"name"`
			OSUser     string   `json:"os_user"`
			Identity   string   `json:"identity"`
			Proof      string   `json:"proof"`
			Generation int      `json:"generation"`
			Counted    bool     `json:"counted"`
			Conditions []string `json:"conditions"`
		} `json:"approvers"`
	} `json:"gate"`
}

// waitLine waits until the driver's output holds a line containing want.
func waitLine(t *testing.T, s *spawned, out *lineCounter, want string) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for !strings.Contains(out.String(), want) {
		select {
		case <-out.seen:
		case <-s.done:
			if strings.Contains(out.String(), want) {
				return
			}
			t.Fatalf("the driver ended without printing %q:\n%s", want, out)
		case <-deadline:
			t.Fatalf("the driver never printed %q:\n%s", want, out)
		}
	}
}

// A headless launch with quorum = 2 waits at its gate; the driver's OS
// user voting under two names counts once, and the second vote says so;
// a second OS user's vote opens the gate, and the record names both.
func TestHeadlessGateWaitsForTwoOSUsers(t *testing.T) {
	voter, bin, dir := otherUserSetup(t)
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "two-users"
approvers = ["alice", "bob"]
quorum = 2

[gate]
timeout = "120s"

[[cutover]]
id = "switch"
run = "echo switched"
`)
	out, errOut := newLineCounter(), newLineCounter()
	drv := spawnGolive(t, dir, out, errOut, "run", "--headless", rb)
	waitLine(t, drv, out, "gate - waiting for: votes: 2 more GO needed (may still vote: alice, bob)")

	got, stderr, code := runGolive(t, dir, "approve", "--as", "alice", rb)
	if code != 0 || !strings.Contains(got, "GO counted for alice (os_user root, proven by kernel); 1 more GO needed (may still vote: bob)") {
		t.Fatalf("alice: exit %d\n%s%s", code, got, stderr)
	}
	waitLine(t, drv, out, "gate - vote GO alice os_user=root proof=kernel generation=0")
	waitLine(t, drv, out, "gate - waiting for: votes: 1 more GO needed (may still vote: bob)")
	_, stderr, code = runGolive(t, dir, "approve", rb, "--as", "bob")
	if code != 2 || !strings.Contains(stderr, "one identity counts once") || !strings.Contains(stderr, "1 more GO needed") {
		t.Fatalf("bob from root: exit %d, stderr %q; want refused", code, stderr)
	}
	got, stderr, code = runAs(t, voter, bin, dir, "approve", "--as=bob", rb)
	if code != 0 || !strings.Contains(got, "GO counted for bob (os_user "+voterUser+", proven by kernel); the quorum is reached") {
		t.Fatalf("bob from %s: exit %d\n%s%s", voterUser, code, got, stderr)
	}
	if code := drv.wait(); code != 0 {
		t.Fatalf("driver exit %d:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out.String(), "gate - vote GO bob os_user="+voterUser+" proof=kernel generation=0") {
		t.Fatalf("no line for bob's vote:\n%s", out)
	}

	js, stderr, code := runGolive(t, dir, "report", "--format", "json", rb)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	var r gateReport
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, js)
	}
	a := r.Gate.Approvers
	if r.Gate.Decision != "go" || len(a) != 2 ||
		a[0].Name != "alice" || a[0].OSUser != "root" || a[0].Identity != "os_user root" || a[0].Proof != "kernel" ||
		a[1].Name != "bob" || a[1].OSUser != voterUser || a[1].Identity != "os_user "+voterUser || !a[1].Counted ||
		len(a[0].Conditions) != 1 || !strings.Contains(a[0].Conditions[0], "2 more GO needed") {
		t.Fatalf("approvers in the report: %+v", a)
	}
	md, _, _ := runGolive(t, dir, "report", rb)
	for _, want := range []string{"GO alice (os\\_user root, proof kernel)", "GO bob (os\\_user " + strings.ReplaceAll(voterUser, "_", "\\_") + ", proof kernel)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown report lacks %q:\n%s", want, md)
		}
	}
	// The launch's state stays private to the driver all along.
	st, err := os.Stat(filepath.Join(dir, ".golive", "two-users"))
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("state root: %v %v", st.Mode().Perm(), err)
	}
}

// With separate_approver, the driver's own vote is refused with the
// reason, and another OS user's vote opens the gate.
func TestHeadlessGateSeparateApprover(t *testing.T) {
	voter, bin, dir := otherUserSetup(t)
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "separate"
separate_approver = true

[gate]
timeout = "120s"

[[cutover]]
id = "switch"
run = "echo switched"

[[people]]
name = "dana"
roles = ["driver", "approver"]
os_user = "root"

[[people]]
name = "bob"
roles = ["approver"]
os_user = "`+voterUser+`"
`)
	out, errOut := newLineCounter(), newLineCounter()
	drv := spawnGolive(t, dir, out, errOut, "run", "--headless", rb)
	waitLine(t, drv, out, "gate - waiting for: votes: 1 more GO needed (may still vote: bob)")
	_, stderr, code := runGolive(t, dir, "approve", rb)
	if code != 2 || !strings.Contains(stderr, "the driver cannot approve (separate_approver): os_user root drives this launch") {
		t.Fatalf("driver's vote: exit %d, stderr %q", code, stderr)
	}
	waitLine(t, drv, out, "gate - refused vote refused: the driver cannot approve (separate_approver)")
	got, stderr, code := runAs(t, voter, bin, dir, "approve", rb)
	if code != 0 || !strings.Contains(got, "GO counted for bob (os_user "+voterUser+", proven by kernel); the quorum is reached") {
		t.Fatalf("bob: exit %d\n%s%s", code, got, stderr)
	}
	if code := drv.wait(); code != 0 {
		t.Fatalf("driver exit %d:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out.String(), "gate - gate go by bob") {
		t.Fatalf("the gate did not open on bob's vote:\n%s", out)
	}
}

// A gate blocked by a failed check and a closed window lists both, with
// the window's times and the local time; a GO cast then, followed by a
// waiver and an override, does not start the cutover: the cockpit asks
// for GO again and only the new GO runs it.
func TestCockpitGateAsksGoAgainAfterWaiverAndOverride(t *testing.T) {
	dir := t.TempDir()
	start, end := time.Now().Add(-3*time.Hour), time.Now().Add(-2*time.Hour)
	rb := writeFile(t, dir, "r.toml", fmt.Sprintf(`[launch]
name = "blocked"
approvers = ["alice"]
window = { start = %s, end = %s }

[[preflight]]
id = "broken"
run = "exit 3"

[[cutover]]
id = "switch"
run = "touch switched"
`, start.Format(time.RFC3339), end.Format(time.RFC3339)))
	term := startTmux(t, dir, 160, 50, []string{"NO_COLOR=1", "TZ=UTC"}, golive+" "+rb)
	span := start.UTC().Format("2006-01-02 15:04") + "–" + end.UTC().Format("15:04 UTC")
	term.waitFor(30*time.Second, "GO / NO-GO", "Not open yet:", "check broken failed: exit 3", "outside the deployment window "+span, "(local time now ")

	goAs := func() {
		term.keys("g")
		term.waitFor(10*time.Second, "GO: approver name")
		term.text("alice")
		term.keys("Enter")
		term.waitFor(5*time.Second, "Type GO")
		term.text("GO")
		term.keys("Enter")
	}
	goAs()
	term.waitFor(10*time.Second, "alice (os_user ", "quorum 1/1", "check broken failed", "outside the deployment window")
	term.keys("w")
	term.waitFor(5*time.Second, "Waive broken: GO will pass although it failed")
	term.text("known broken in this test")
	term.keys("Enter")
	term.waitFor(10*time.Second, "waived by", "[before the last change: GO again]", "votes: 1 more GO needed")
	term.keys("o")
	term.waitFor(5*time.Second, "Override the window (")
	term.text("hotfix")
	term.keys("Enter")
	// The override and the gate's new list of what is unmet are two
	// events: wait for the list without the window, which fails the test
	// if the window stays listed.
	term.waitUntil(10*time.Second, "the override, and the window no longer listed", func(s string) bool {
		return strings.Contains(s, "Override: hotfix") && strings.Contains(s, "votes: 1 more GO needed") &&
			strings.Contains(s, "quorum 0/1") && !strings.Contains(s, "outside the deployment window "+span)
	})
	if _, err := os.Stat(filepath.Join(dir, "switched")); err == nil {
		t.Fatal("the cutover ran on the GO cast before the waiver and the override")
	}
	goAs()
	term.waitFor(60*time.Second, "Launch finished")
	if _, err := os.Stat(filepath.Join(dir, "switched")); err != nil {
		t.Fatalf("the cutover did not run after the new GO: %v", err)
	}
}

// A headless launch without --yes opened by `golive approve` still ends
// with exit 3, resumable, at a failed step under on_failure = "ask".
func TestHeadlessApprovedLaunchAsksWithExit3(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "asks"
approvers = ["alice"]

[gate]
timeout = "120s"

[[cutover]]
id = "breaks"
run = "exit 4"
on_failure = "ask"
`)
	out, errOut := newLineCounter(), newLineCounter()
	drv := spawnGolive(t, dir, out, errOut, "run", "--headless", rb)
	waitLine(t, drv, out, "gate - waiting for: votes: 1 more GO needed (may still vote: alice)")
	if got, stderr, code := runGolive(t, dir, "approve", rb, "--as", "alice"); code != 0 || !strings.Contains(got, "the quorum is reached") {
		t.Fatalf("approve: exit %d\n%s%s", code, got, stderr)
	}
	if code := drv.wait(); code != 3 {
		t.Fatalf("driver exit %d, want 3:\n%s%s", code, out, errOut)
	}
	if !strings.Contains(out.String(), "breaks decision needed: step breaks failed") || !strings.Contains(out.String(), "interrupted exit=3") {
		t.Fatalf("the launch did not end resumable:\n%s", out)
	}
}

// In the cockpit, the driver typing alice then bob is one proven identity:
// quorum 1 of 2, and the screen says why the second name did not count.
func TestCockpitTypedNamesCountOnce(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "typed"
approvers = ["alice", "bob"]
quorum = 2

[[cutover]]
id = "switch"
run = "touch switched"
`)
	term := startTmux(t, dir, 160, 50, []string{"NO_COLOR=1"}, golive+" "+rb)
	term.waitFor(30*time.Second, "GO / NO-GO", "votes: 2 more GO needed (may still vote: alice, bob)")
	for _, name := range []string{"alice", "bob"} {
		term.keys("g")
		term.waitFor(10*time.Second, "GO: approver name")
		term.text(name)
		term.keys("Enter")
		term.waitFor(5*time.Second, "Type GO")
		term.text("GO")
		term.keys("Enter")
		if name == "alice" {
			term.waitFor(10*time.Second, "quorum 1/2", "typed-in-driver-cockpit")
		}
	}
	term.waitFor(10*time.Second, "one identity counts once", "quorum 1/2", "votes: 1 more GO needed (may still vote: bob)")
	if _, err := os.Stat(filepath.Join(dir, "switched")); err == nil {
		t.Fatal("one OS user typing two names reached a quorum of 2")
	}
}
