package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// servedDemo writes the demo runbook with its own free address and the
// people given, bob being the one approver.
func servedDemo(t *testing.T, roles map[string]string) (dir, path string, people map[string]person) {
	t.Helper()
	dir, path = copyDemo(t)
	people, toml := newPeople(t, dir, roles)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	text := strings.NewReplacer(
		`approvers = ["alice", "bob"]`, `approvers = ["bob"]`,
		`"127.0.0.1:18473"`, `"`+addr+`"`,
		`"127.0.0.1:18474"`, `"`+addr+`"`,
	).Replace(string(src))
	return dir, writeFile(t, dir, "config.toml", text+toml), people
}

// The war room: a stranger's key is refused; each person gets a cockpit
// at their own size; a watcher's keys change nothing; the approver votes
// GO from their own session, proven by their key; the driver drives the
// demo to STABLE; the report says who was there.
func TestServeWarRoom(t *testing.T) {
	needTmux(t)
	dir, path, people := servedDemo(t, map[string]string{
		"alice": `["driver"]`, "bob": `["approver"]`, "carol": `["watcher"]`, "eve": "",
	})
	srv := startServe(t, dir, "--rehearse", path)

	// A key nobody listed is refused at authentication.
	out, err := exec.Command("sh", "-c", srv.sshArgs(people["eve"])+" -o BatchMode=yes true").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Errorf("eve's unknown key: err=%v, output %q; want Permission denied", err, out)
	}

	alice := srv.connect(people["alice"], 80, 24)
	carol := srv.connect(people["carol"], 200, 50)
	bob := srv.connect(people["bob"], 120, 30)
	a := alice.waitFor(30*time.Second, "you: alice (driver) · alice drives", "GO / NO-GO")
	c := carol.waitFor(30*time.Second, "you: carol (watcher) · alice drives", "read-only", "GO / NO-GO")
	bob.waitFor(30*time.Second, "you: bob (approver)", "g votes at the gate")
	if w := ruleWidth(a); w != 80 {
		t.Errorf("alice's cockpit drew %d columns wide in her 80x24 terminal:\n%s", w, a)
	}
	if w := ruleWidth(c); w != 200 {
		t.Errorf("carol's cockpit drew %d columns wide in her 200x50 terminal:\n%s", w, c)
	}

	// Carol's keys change nothing: GO, NO-GO, hold, note, rollback,
	// override, waive. Her help screen opening proves her session read
	// them all; alice's note, journaled after them, proves the engine
	// has taken every command queued before it.
	before := len(journalOf(t, dir))
	carol.keys("g", "n", "h", "N", "B", "o", "w", "y", "Enter")
	carol.keys("?")
	carol.waitFor(10*time.Second, "quit")
	alice.keys("N")
	alice.waitFor(10*time.Second, "Note for the journal")
	alice.text("marker")
	alice.keys("Enter")
	srv.waitOut(10*time.Second, "note")
	evs := journalOf(t, dir)
	for _, ev := range evs[before:] {
		switch ev["type"] {
		case "note":
			if ev["who"] != "alice" {
				t.Errorf("a note not by alice: %v", ev)
			}
		case "session_opened", "session_closed", "driver_changed":
		default:
			t.Errorf("journal changed while only carol typed: %v", ev)
		}
	}
	carol.keys("Escape")

	// Alice drives but is no approver: her g says who votes instead of
	// asking for a name that would prove nothing, and changes nothing.
	before = len(journalOf(t, dir))
	alice.keys("g")
	alice.waitFor(10*time.Second, "alice is not an approver: GO is voted by bob")
	alice.keys("Down")
	alice.waitUntil(10*time.Second, "the hint gone after the next key", func(screen string) bool { return !strings.Contains(screen, "is not an approver") })
	for _, ev := range journalOf(t, dir)[before:] {
		if ev["type"] != "session_opened" && ev["type"] != "session_closed" {
			t.Errorf("journal changed by alice's g: %v", ev)
		}
	}

	// Bob votes GO from his own session: his key says who he is.
	bob.keys("g")
	bob.waitFor(10*time.Second, "vote as bob")
	bob.text("GO")
	bob.keys("Enter")
	bob.waitFor(30*time.Second, "Cutover")

	alice.waitFor(90*time.Second, "Press Enter to run this step")
	alice.keys("Enter")
	alice.waitFor(30*time.Second, "[ ] Post the go-live note")
	alice.keys("Space")
	alice.waitFor(10*time.Second, "[x] Post the go-live note")
	alice.keys("Space")
	// The last tick asks before the step moves on.
	alice.waitFor(10*time.Second, "mark the step done and move on?")
	alice.keys("y")
	carol.waitFor(90*time.Second, "STABLE")
	alice.waitFor(10*time.Second, "STABLE")
	// The driver's q asks while the launch still runs: quit once it has
	// ended, as the screens say STABLE a moment before it does.
	srv.waitOut(30*time.Second, "finished completed")
	for _, term := range []*tmuxTerm{alice, bob, carol} {
		term.keys("q")
	}
	if code := srv.exit(30 * time.Second); code != 0 {
		t.Errorf("serve exited %d, want 0; stderr:\n%s", code, srv.err.String())
	}

	rep, _, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report exited %d", code)
	}
	var r struct {
		Outcome string `json:"outcome"`
		Monitor struct {
			Verdict string `json:"verdict"`
		} `json:"monitor"`
		Gate struct {
			Decision  string `json:"decision"`
			Approvers []map[string]any
		} `json:"gate"`
		Room struct {
			Sessions []struct {
				Person, Role, Key string
				Cols, Rows        int
				Closed            *time.Time
			}
			Drivers []struct{ Who, Reason string }
		} `json:"who_was_there"`
	}
	if err := json.Unmarshal([]byte(rep), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, rep)
	}
	if r.Outcome != "completed" || r.Monitor.Verdict != "stable" || r.Gate.Decision != "go" {
		t.Errorf("outcome %q verdict %q gate %q, want completed, stable, go", r.Outcome, r.Monitor.Verdict, r.Gate.Decision)
	}
	if !strings.Contains(rep, people["bob"].fingerprint(t)) || len(r.Gate.Approvers) != 1 || r.Gate.Approvers[0]["name"] != "bob" {
		t.Errorf("the GO does not count for bob's key %s:\n%s", people["bob"].fingerprint(t), rep)
	}
	seen := map[string]bool{}
	for _, s := range r.Room.Sessions {
		seen[s.Person] = true
		if s.Key == "" {
			t.Errorf("session of %s lacks its key: %+v", s.Person, s)
		}
		if s.Person == "carol" && (s.Cols != 200 || s.Rows != 50) {
			t.Errorf("carol's session recorded at %dx%d, want 200x50", s.Cols, s.Rows)
		}
	}
	if !seen["alice"] || !seen["bob"] || !seen["carol"] || seen["eve"] {
		t.Errorf("who was there: %v, want alice, bob and carol, not eve", seen)
	}
	if len(r.Room.Drivers) == 0 || r.Room.Drivers[0].Who != "alice" {
		t.Errorf("drivers: %+v, want alice first", r.Room.Drivers)
	}
	md, _, _ := runGolive(t, dir, "report", path)
	if !strings.Contains(md, "## Who was there") {
		t.Errorf("the markdown report has no Who was there section:\n%s", md)
	}
}

const dropRunbook = `
[launch]
name = "drop"

[[cutover]]
id = "long"
run = "touch long.started; for i in $(seq 1 40); do echo tick $i; sleep 0.1; done; touch long.done"

[[cutover]]
id = "next"
run = "touch next.ran; echo next ran"
`

// The driver's link drops mid-step: the step finishes, nothing new
// starts; the driver connects again and the launch goes on to its end.
func TestServeDriverDropsAndReturns(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	people, toml := newPeople(t, dir, map[string]string{"alice": `["driver", "approver"]`})
	path := writeFile(t, dir, "drop.toml", dropRunbook+toml)
	srv := startServe(t, dir, "--rehearse", "--yes", path)
	alice := srv.connect(people["alice"], 100, 30)
	alice.waitFor(30*time.Second, "alice drives")
	waitFile(t, filepath.Join(dir, "long.started"))
	syscallKill(t, alice.sshPID())

	srv.waitOut(30*time.Second, "driver nobody")
	srv.waitOut(30*time.Second, "cutover long finished")
	srv.waitOut(30*time.Second, "cutover next waiting hold")
	if _, err := os.Stat(filepath.Join(dir, "next.ran")); err == nil {
		t.Fatal("the next step ran with no driver connected")
	}

	again := srv.connect(people["alice"], 100, 30)
	again.waitFor(30*time.Second, "alice drives")
	srv.waitOut(30*time.Second, "finished completed")
	waitFile(t, filepath.Join(dir, "next.ran"))
	again.keys("q")
	if code := srv.exit(30 * time.Second); code != 0 {
		t.Errorf("serve exited %d, want 0; stderr:\n%s", code, srv.err.String())
	}
	// The journal tells it: alice's first session closed, nobody drove,
	// then alice again.
	var drivers []string
	closed := 0
	for _, ev := range journalOf(t, dir) {
		switch ev["type"] {
		case "driver_changed":
			who, _ := ev["who"].(string)
			drivers = append(drivers, who)
		case "session_closed":
			closed++
		}
	}
	if strings.Join(drivers, ",") != "alice,,alice" || closed != 1 {
		t.Errorf("driver changes %q and %d closed sessions, want alice, nobody, alice and 1", drivers, closed)
	}
}

func waitFile(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared", path)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// serve killed mid-step: `golive serve --resume` picks the launch up from
// the journal, and the driver, connecting again, takes it to its end.
func TestServeKilledThenResumed(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	people, toml := newPeople(t, dir, map[string]string{"alice": `["driver", "approver"]`})
	path := writeFile(t, dir, "drop.toml", dropRunbook+toml)
	srv := startServe(t, dir, "--rehearse", "--yes", path)
	alice := srv.connect(people["alice"], 100, 30)
	alice.waitFor(30*time.Second, "alice drives")
	waitFile(t, filepath.Join(dir, "long.started"))
	syscallKill(t, srv.cmd.Process.Pid)
	srv.exit(10 * time.Second)

	again := startServe(t, dir, "--rehearse", "--yes", "--resume", path)
	again.waitOut(30*time.Second, "cutover long interrupted")
	back := again.connect(people["alice"], 100, 30)
	back.waitFor(30*time.Second, "alice drives", "[r] re-run")
	back.keys("r") // the driver decides about the interrupted step, as in the cockpit
	again.waitOut(60*time.Second, "finished completed")
	waitFile(t, filepath.Join(dir, "next.ran"))
	back.keys("q")
	if code := again.exit(30 * time.Second); code != 0 {
		t.Errorf("serve --resume exited %d, want 0; stderr:\n%s", code, again.err.String())
	}
}

// serve refuses, before anything runs, a runbook nobody could connect to.
func TestServeNeedsKeys(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, dir, "nokeys.toml", dropRunbook)
	_, stderr, code := runGolive(t, dir, "serve", "--listen", freeAddr(t), path)
	if code != 2 || !strings.Contains(stderr, "no [[people]] entry has ssh_keys") {
		t.Errorf("exit %d, stderr %q; want 2 naming the missing ssh_keys", code, stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, ".golive", "*", "*", "journal.jsonl")); len(files) > 0 {
		t.Errorf("a launch started: %v", files)
	}
}
