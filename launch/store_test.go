package launch

import (
	"errors"
	"golive/checks"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func TestStateRoot(t *testing.T) {
	rb := &runbook.Runbook{Path: filepath.Join("ops", "launch.toml"), Launch: runbook.Launch{Name: "checkout-v2"}}
	if got, want := StateRoot(rb, ""), filepath.Join("ops", ".golive", "checkout-v2"); got != want {
		t.Errorf("default root %q, want %q", got, want)
	}
	if got, want := StateRoot(rb, "state"), filepath.Join("state", "checkout-v2"); got != want {
		t.Errorf("--state root %q, want %q", got, want)
	}
	bare := &runbook.Runbook{Launch: runbook.Launch{Name: "x"}}
	if got, want := StateRoot(bare, ""), filepath.Join(".golive", "x"); got != want {
		t.Errorf("root without a path %q, want %q", got, want)
	}
}

func TestNewLaunchDir(t *testing.T) {
	root := filepath.Join(t.TempDir(), "demo")
	now := time.Date(2026, 11, 25, 22, 15, 2, 0, time.FixedZone("CET", 3600))
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		id, dir, err := NewLaunchDir(root, now)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(id, "20261125T211502Z-") || !launchIDPattern.MatchString(id) {
			t.Errorf("id %q: want UTC time then a suffix", id)
		}
		if seen[id] {
			t.Fatalf("id %q given twice", id)
		}
		seen[id] = true
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() || filepath.Base(dir) != id {
			t.Errorf("dir %q: %v", dir, err)
		}
	}
}

// newLaunch writes a launch with the given events under root.
func newLaunch(t *testing.T, root string, start time.Time, events []Event) string {
	t.Helper()
	_, dir, err := NewLaunchDir(root, start)
	if err != nil {
		t.Fatal(err)
	}
	writeEvents(t, dir, events)
	return dir
}

func launchEvents(start time.Time, rehearsal bool, outcome Outcome, stepMS int64) []Event {
	ev := []Event{
		{Seq: 1, Time: start, Body: LaunchStartedBody{Launch: &LaunchInfo{Name: "demo", Rehearsal: rehearsal}}},
		{Seq: 2, Time: start.Add(time.Second), Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass, DurationMS: 100}},
		{Seq: 3, Time: start.Add(2 * time.Second), Phase: PhasePreflight, ID: "health", Body: CheckFinishedBody{Status: checks.Fail, DurationMS: 999}},
		{Seq: 4, Time: start.Add(3 * time.Second), Phase: PhaseCutover, ID: "switch", Body: StepFinishedBody{DurationMS: stepMS}},
		{Seq: 5, Time: start.Add(4 * time.Second), Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{DurationMS: 77}},
	}
	if outcome != "" {
		ev = append(ev, Event{Seq: 6, Time: start.Add(5 * time.Second), Body: LaunchFinishedBody{Outcome: outcome, Exit: intp(0)}})
	}
	return ev
}

func TestLatestAndUnfinished(t *testing.T) {
	root := t.TempDir()
	if _, _, err := Latest(root); !errors.Is(err, ErrNoLaunch) {
		t.Fatalf("empty root: %v, want ErrNoLaunch", err)
	}
	if _, _, err := Latest(filepath.Join(root, "missing")); !errors.Is(err, ErrNoLaunch) {
		t.Fatalf("missing root: %v, want ErrNoLaunch", err)
	}
	newLaunch(t, root, t0, launchEvents(t0, false, OutcomeCompleted, 10))
	// Two launches in the same second: the later first event wins.
	a := newLaunch(t, root, t0.Add(time.Hour), launchEvents(t0.Add(time.Hour), false, OutcomeCompleted, 20))
	b := newLaunch(t, root, t0.Add(time.Hour), launchEvents(t0.Add(time.Hour+time.Millisecond), false, "", 30))
	// Noise that is not a launch.
	os.MkdirAll(filepath.Join(root, "not-a-launch"), 0o755)
	os.WriteFile(filepath.Join(root, LockFile), []byte("{}"), 0o644)
	if _, _, err := NewLaunchDir(root, t0.Add(2*time.Hour)); err != nil { // no journal yet
		t.Fatal(err)
	}

	dirs, err := Launches(root)
	if err != nil || len(dirs) != 3 || dirs[1] != a || dirs[2] != b {
		t.Fatalf("Launches = %v, %v", dirs, err)
	}
	dir, events, err := Latest(root)
	if err != nil || dir != b || len(events) != 5 {
		t.Fatalf("Latest = %q, %d events, %v; want %q", dir, len(events), err, b)
	}
	if r, err := FindResumable(nil, root); err != nil || r.Dir != b {
		t.Errorf("FindResumable = %+v, %v; want %q", r, err, b)
	}
	newLaunch(t, root, t0.Add(3*time.Hour), launchEvents(t0.Add(3*time.Hour), false, OutcomeFailed, 30))
	var ended *EndedError
	if _, err := FindResumable(nil, root); !errors.As(err, &ended) || ended.Outcome != OutcomeFailed {
		t.Errorf("FindResumable: %v, want the latest launch ended (failed)", err)
	}
	c := newLaunch(t, root, t0.Add(4*time.Hour), launchEvents(t0.Add(4*time.Hour), false, OutcomeInterrupted, 30))
	if r, err := FindResumable(nil, root); err != nil || r.Dir != c {
		t.Errorf("an interrupted launch is resumable: got %+v, %v", r, err)
	}

	d, evs, err := Locate(a)
	if err != nil || d != a || len(evs) != 6 {
		t.Errorf("Locate(launch dir) = %q, %d, %v", d, len(evs), err)
	}
	d, _, err = Locate(root)
	if err != nil || d != c {
		t.Errorf("Locate(root) = %q, %v", d, err)
	}
	d, _, err = Locate(filepath.Dir(root))
	if err != nil || d != c {
		t.Errorf("Locate(parent of the root) = %q, %v", d, err)
	}
}

func TestLatestReportsACorruptJournal(t *testing.T) {
	root := t.TempDir()
	dir := newLaunch(t, root, t0, launchEvents(t0, false, "", 10))
	data, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	lines := strings.SplitAfter(string(data), "\n")
	lines[2] = "garbage\n"
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(strings.Join(lines, "")), 0o644)
	if _, _, err := Latest(root); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("Latest on a corrupt journal: %v", err)
	}
}

func TestStepLogPath(t *testing.T) {
	dir := t.TempDir()
	p := StepLogPath(dir, PhaseCutover, "switch")
	if p != filepath.Join(dir, "logs", "cutover-switch.log") {
		t.Errorf("path %q", p)
	}
	if _, err := os.Stat(filepath.Join(dir, "logs")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("naming a log created its directory: %v", err)
	}
	if p := StepLogPath(dir, PhaseRollback, "../x"); filepath.Dir(p) != filepath.Join(dir, "logs") {
		t.Errorf("an id escaped the logs directory: %q", p)
	}
}

func TestBaselines(t *testing.T) {
	root := t.TempDir()
	if b := Baselines(root, true); len(b) != 0 {
		t.Errorf("no history: %v", b)
	}
	newLaunch(t, root, at(0), launchEvents(at(0), true, OutcomeCompleted, 1000))      // old rehearsal
	newLaunch(t, root, at(100), launchEvents(at(100), false, OutcomeCompleted, 2000)) // real launch
	newLaunch(t, root, at(200), launchEvents(at(200), true, OutcomeCompleted, 3000))  // latest rehearsal
	newLaunch(t, root, at(300), launchEvents(at(300), true, OutcomeRolledBack, 4000)) // not completed
	newLaunch(t, root, at(400), launchEvents(at(400), true, "", 5000))                // unfinished

	want := map[string]int64{"preflight/disk": 100, "cutover/switch": 3000}
	if got := Baselines(root, true); !reflect.DeepEqual(got, want) {
		t.Errorf("rehearsal baselines %v, want %v", got, want)
	}
	want["cutover/switch"] = 2000
	if got := Baselines(root, false); !reflect.DeepEqual(got, want) {
		t.Errorf("real baselines %v, want %v", got, want)
	}

	only := t.TempDir()
	newLaunch(t, only, at(0), launchEvents(at(0), true, OutcomeCompleted, 1500))
	if got := Baselines(only, false); got["cutover/switch"] != 1500 {
		t.Errorf("fallback to the other kind: %v", got)
	}
}
