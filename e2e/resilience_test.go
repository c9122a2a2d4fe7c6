package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashSteps is the number of cutover steps of crashRunbook.
const crashSteps = 6

// crashRunbook has short cutover steps that each record their id (in
// ran.txt) and the pids of their shell and of a long-lived child (in
// pids.txt), so a test can count how often each step ran and whether any
// of its processes outlived golive. Even steps have a pseudo-terminal,
// odd ones pipes: a killed driver leaves the two kinds differently (the
// kernel hangs up a terminal whose master closed; nothing ends a pipe's
// writers).
func crashRunbook(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("[launch]\nname = \"crash\"\n\n")
	for i := 1; i <= crashSteps; i++ {
		fmt.Fprintf(&b, "[[cutover]]\nid = \"step%d\"\npty = %v\nrun = \"echo $$ >> pids.txt; echo step%d >> ran.txt; sleep 60 & echo $! >> pids.txt; sleep 0.%d\"\n\n", i, i%2 == 0, i, 2+i%3)
	}
	b.WriteString("[monitor]\nduration = \"1s\"\ninterval = \"300ms\"\n\n[[monitor.probe]]\nid = \"alive\"\nrun = \"echo 1\"\n")
	return writeFile(t, dir, "crash.toml", b.String())
}

// resReport is the part of `golive report --format json` these tests read.
type resReport struct {
	Outcome   string `json:"outcome"`
	Rehearsal bool   `json:"rehearsal"`
	Steps     []struct {
		ID       string `json:"id"`
		Phase    string `json:"phase"`
		Status   string `json:"status"`
		Attempts int    `json:"attempts"`
	} `json:"steps"`
	Monitor struct {
		Verdict string `json:"verdict"`
	} `json:"monitor"`
}

func readResReport(t *testing.T, dir, runbook string) resReport {
	t.Helper()
	out, errOut, code := runGolive(t, dir, "report", "--format", "json", runbook)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r resReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return r
}

// lineCounter counts the lines written to it and keeps them.
type lineCounter struct {
	mu    chan struct{}
	buf   bytes.Buffer
	lines int
	seen  chan struct{} // ticks at every write
}

func newLineCounter() *lineCounter {
	w := &lineCounter{mu: make(chan struct{}, 1), seen: make(chan struct{}, 1)}
	return w
}

func (w *lineCounter) Write(p []byte) (int, error) {
	w.mu <- struct{}{}
	w.buf.Write(p)
	w.lines += bytes.Count(p, []byte{'\n'})
	<-w.mu
	select {
	case w.seen <- struct{}{}:
	default:
	}
	return len(p), nil
}

func (w *lineCounter) count() int {
	w.mu <- struct{}{}
	defer func() { <-w.mu }()
	return w.lines
}

func (w *lineCounter) String() string {
	w.mu <- struct{}{}
	defer func() { <-w.mu }()
	return w.buf.String()
}

// alive reports whether pid is a live process: a zombie has finished.
func pidAlive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name.
	s := string(stat)
	if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
		return s[i+2] != 'Z'
	}
	return true
}

// readPidFile reads one pid a line.
func readPidFile(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if os.IsNotExist(err) {
			return nil
		}
		t.Fatal(err)
	}
	var pids []int
	for _, f := range strings.Fields(string(data)) {
		if n, err := strconv.Atoi(f); err == nil && n > 0 {
			pids = append(pids, n)
		}
	}
	return pids
}

// assertAllGone waits (generously: signals are delivered asynchronously)
// until none of the pids in path runs.
func assertAllGone(t *testing.T, path string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var left []int
		for _, p := range readPidFile(t, path) {
			if pidAlive(p) {
				left = append(left, p)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			for _, p := range left {
				cmd, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", p))
				t.Errorf("process %d (%s) of a step outlived golive", p, strings.ReplaceAll(string(cmd), "\x00", " "))
				syscall.Kill(p, syscall.SIGKILL)
			}
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// journalOf reads every journal of the state root under dir.
func journalOf(t *testing.T, dir string) []map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, ".golive", "*", "*", "journal.jsonl"))
	var evs []map[string]any
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var ev map[string]any
			if json.Unmarshal(sc.Bytes(), &ev) == nil {
				evs = append(evs, ev)
			}
		}
	}
	return evs
}

var interruptedRE = regexp.MustCompile(`(?m)^\S+ cutover (step\d+) interrupted\b`)

// Kill -9 the driver of a rehearsal at many points, then resume it: every
// time the journal loads, the launch completes, no completed step runs
// again, a step running at the kill is said to be interrupted and re-run,
// and no process of a step outlives the drivers.
func TestKill9AnywhereThenResume(t *testing.T) {
	// Kill points: after the Nth headless line, plus a delay that lands
	// some kills in the middle of a step rather than right after an event.
	points := []struct {
		line  int
		delay time.Duration
	}{{1, 0}, {5, 0}, {7, 150 * time.Millisecond}, {8, 0}, {10, 100 * time.Millisecond}, {13, 250 * time.Millisecond}, {17, 0}, {20, 120 * time.Millisecond}}
	for i, pt := range points {
		t.Run(fmt.Sprintf("line%d+%v", pt.line, pt.delay), func(t *testing.T) {
			dir := t.TempDir()
			rb := crashRunbook(t, dir)
			out := newLineCounter()
			var errOut bytes.Buffer
			cmd := exec.Command(golive, "run", "--rehearse", "--headless", "--yes", rb)
			cmd.Dir = dir
			cmd.Stdout, cmd.Stderr = out, &errOut
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()

			deadline := time.After(30 * time.Second)
		wait:
			for out.count() < pt.line {
				select {
				case <-out.seen:
				case err := <-exited:
					t.Fatalf("golive ended (%v) before kill point %d (line %d):\n%s\n%s", err, i, pt.line, out, errOut.String())
				case <-deadline:
					break wait
				}
			}
			time.Sleep(pt.delay)
			cmd.Process.Signal(syscall.SIGKILL)
			<-exited
			first := out.String()
			if strings.Contains(first, "done - finished") {
				t.Fatalf("the launch ended before the kill at line %d: pick an earlier point\n%s", pt.line, first)
			}

			// The journal of the killed driver loads.
			if r := readResReport(t, dir, rb); r.Outcome != "interrupted" {
				t.Errorf("after kill -9 the report says outcome %q, want interrupted", r.Outcome)
			}

			resumed, errOut2, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", "--resume", rb)
			if code != 0 {
				t.Fatalf("resume: exit %d, want 0\nfirst run:\n%s\nresume:\n%s\n%s", code, first, resumed, errOut2)
			}
			assertAllGone(t, filepath.Join(dir, "pids.txt"))

			// Which steps the resume says were interrupted: only those
			// may have run twice.
			interrupted := map[string]bool{}
			for _, m := range interruptedRE.FindAllStringSubmatch(resumed, -1) {
				interrupted[m[1]] = true
			}
			for _, ev := range journalOf(t, dir) {
				if ev["type"] == "step_interrupted" {
					id, _ := ev["id"].(string)
					if !interrupted[id] {
						t.Errorf("the journal has step %s interrupted but the resume did not say so:\n%s", id, resumed)
					}
				}
			}
			for id := range interrupted {
				if !strings.Contains(resumed, "re-running") && !strings.Contains(resumed, "rerun") {
					t.Errorf("step %s was interrupted but the resume does not say it re-runs it:\n%s", id, resumed)
				}
			}

			t.Logf("killed after %d lines; interrupted on resume: %v", strings.Count(first, "\n"), interrupted)
			data, _ := os.ReadFile(filepath.Join(dir, "ran.txt"))
			runs := map[string]int{}
			for _, id := range strings.Fields(string(data)) {
				runs[id]++
			}
			for n := 1; n <= crashSteps; n++ {
				id := fmt.Sprintf("step%d", n)
				switch max := map[bool]int{false: 1, true: 2}[interrupted[id]]; {
				case runs[id] == 0:
					t.Errorf("%s never ran", id)
				case runs[id] > max:
					t.Errorf("%s ran %d times (interrupted: %v)\nfirst run:\n%s\nresume:\n%s", id, runs[id], interrupted[id], first, resumed)
				}
			}

			r := readResReport(t, dir, rb)
			if r.Outcome != "completed" || !r.Rehearsal || r.Monitor.Verdict != "stable" {
				t.Errorf("report: outcome %q rehearsal %v verdict %q, want completed true stable", r.Outcome, r.Rehearsal, r.Monitor.Verdict)
			}
			done := 0
			for _, s := range r.Steps {
				if s.Phase != "cutover" {
					continue
				}
				if s.Status != "done" {
					t.Errorf("report: step %s is %q, want done", s.ID, s.Status)
				}
				done++
			}
			if done != crashSteps {
				t.Errorf("report lists %d cutover steps, want %d: %+v", done, crashSteps, r.Steps)
			}
			// A second report reads the same: the verdict is stable.
			if again := readResReport(t, dir, rb); again.Outcome != r.Outcome || again.Monitor.Verdict != r.Monitor.Verdict {
				t.Errorf("the report changed between two reads: %+v then %+v", r, again)
			}
		})
	}
}

// lockedRE is the refusal of a second driver, in DESIGN.md's wording.
var lockedRE = regexp.MustCompile(`locked by (\S+@\S+) pid (\d+) since (\S+)`)

// awaitFile waits for path to exist, failing the test after timeout.
func awaitFile(t *testing.T, path string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		if _, err := os.Stat(path); err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared within %v", filepath.Base(path), timeout)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// spawned is golive running in the background.
type spawned struct {
	cmd  *exec.Cmd
	done chan struct{} // closed once it ended
	err  error         // how it ended, once done
}

// wait blocks until the process ended and returns its exit code.
func (s *spawned) wait() int {
	<-s.done
	if ee, ok := s.err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return 0
}

// spawnGolive starts the binary in dir in the background; it is killed
// when the test ends, if it still runs.
func spawnGolive(t *testing.T, dir string, stdout, stderr *lineCounter, args ...string) *spawned {
	t.Helper()
	s := &spawned{cmd: exec.Command(golive, args...), done: make(chan struct{})}
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = stdout, stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.err = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.cmd.Process.Kill()
		<-s.done
	})
	return s
}

// While a driver runs, a second one is refused with exit 2 and told who
// holds the launch; once the first is killed outright, its lock is stale
// and a new driver takes it over, resuming or starting anew.
func TestSecondDriverIsRefusedUntilTheFirstDies(t *testing.T) {
	for _, takeover := range []string{"--resume", "--fresh"} {
		t.Run(takeover, func(t *testing.T) {
			dir := t.TempDir()
			rb := writeFile(t, dir, "lock.toml", `[launch]
name = "lock"

[[cutover]]
id = "slow"
run = "echo $$ >> pids.txt; touch started.txt; sleep 5"

[[cutover]]
id = "after"
run = "echo after >> ran.txt"
`)
			out, errOut := newLineCounter(), newLineCounter()
			first := spawnGolive(t, dir, out, errOut, "run", "--rehearse", "--headless", "--yes", rb)
			awaitFile(t, filepath.Join(dir, "started.txt"), 20*time.Second)

			so, se, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", rb)
			if code != 2 {
				t.Fatalf("second driver: exit %d, want 2\nstdout:\n%s\nstderr:\n%s", code, so, se)
			}
			m := lockedRE.FindStringSubmatch(se)
			if m == nil {
				t.Fatalf("second driver's stderr does not say `locked by USER@HOST pid N since TIME`:\n%s", se)
			}
			if m[2] != strconv.Itoa(first.cmd.Process.Pid) {
				t.Errorf("the refusal names pid %s, want the first driver's %d: %s", m[2], first.cmd.Process.Pid, se)
			}
			if _, err := time.Parse(time.RFC3339, strings.TrimSuffix(m[3], ":")); err != nil {
				t.Errorf("the refusal's time %q is not a time: %v", m[3], err)
			}
			if strings.TrimSpace(so) != "" {
				t.Errorf("a refused driver printed events:\n%s", so)
			}

			first.cmd.Process.Signal(syscall.SIGKILL)
			first.wait()
			if _, err := os.Stat(filepath.Join(dir, ".golive", "lock", "lock")); err != nil {
				t.Logf("no lock file left by the killed driver (%v): the takeover is trivial", err)
			}

			so, se, code = runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", takeover, rb)
			if code != 0 {
				t.Fatalf("driver with %s after the first was killed: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", takeover, code, so, se)
			}
			if lockedRE.MatchString(se) {
				t.Errorf("the stale lock of a dead driver refused a new one:\n%s", se)
			}
			if r := readResReport(t, dir, rb); r.Outcome != "completed" {
				t.Errorf("after the takeover the report says %q, want completed", r.Outcome)
			}
			if data, _ := os.ReadFile(filepath.Join(dir, "ran.txt")); strings.Count(string(data), "after") != 1 {
				t.Errorf("step after ran %d times, want once", strings.Count(string(data), "after"))
			}
			assertAllGone(t, filepath.Join(dir, "pids.txt"))
		})
	}
}

// A step that times out and ignores SIGINT, with children in the
// background (one nohup'd, one detached into a session of its own), is
// ended whole: when golive exits, none of its processes is left.
func TestNoOrphansAfterATimeout(t *testing.T) {
	for _, pty := range []bool{true, false} {
		t.Run(fmt.Sprintf("pty=%v", pty), func(t *testing.T) {
			dir := t.TempDir()
			rb := writeFile(t, dir, "stuck.toml", fmt.Sprintf(`[launch]
name = "stuck"

[[cutover]]
id = "stuck"
pty = %v
timeout = "1s"
on_timeout = "fail"
on_failure = "abort"
grace = "1s"
run = """
trap '' INT
echo $$ >> pids.txt
sleep 100 & echo $! >> pids.txt
(trap '' INT; sleep 100) & echo $! >> pids.txt
nohup sleep 100 >/dev/null 2>&1 & echo $! >> pids.txt
setsid sleep 100 >/dev/null 2>&1 </dev/null & echo $! >> pids.txt
sleep 100 & echo $! >> pids.txt
wait
"""
`, pty))
			so, se, code := runGolive(t, dir, "run", "--rehearse", "--headless", "--yes", rb)
			if code != 1 {
				t.Errorf("exit %d, want 1 (the step timed out and the launch aborted)\nstdout:\n%s\nstderr:\n%s", code, so, se)
			}
			if !strings.Contains(so, "stuck timeout") {
				t.Errorf("headless output never says the step timed out:\n%s", so)
			}
			pids := readPidFile(t, filepath.Join(dir, "pids.txt"))
			if len(pids) != 6 {
				t.Fatalf("the step recorded %d pids, want 6", len(pids))
			}
			// golive waits for the group to end before it reports the
			// step: everything is gone the moment it exits.
			for _, p := range pids {
				if pidAlive(p) {
					t.Errorf("process %d of the timed-out step outlived golive", p)
					syscall.Kill(p, syscall.SIGKILL)
				}
			}
		})
	}
}

// When the terminal goes away (the tmux session is killed while a step
// runs), golive lets the step finish, journals it, starts nothing new,
// releases its lock and exits 3; a headless --resume then goes on from
// the next step.
func TestHangupLetsTheStepFinish(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	rb := writeFile(t, dir, "hup.toml", `[launch]
name = "hup"

[[cutover]]
id = "slow"
run = "echo slow >> ran.txt; echo $$ >> pids.txt; touch started.txt; sleep 3; echo finished > done.txt"

[[cutover]]
id = "next"
run = "echo next >> ran.txt"
`)
	// The wrapper shell ignores SIGHUP so that it outlives the terminal
	// and records golive's exit code; golive itself handles the signal.
	cmd := fmt.Sprintf(`sh -c 'trap "" HUP; %s run --rehearse --yes %s; echo $? > code.txt'`, golive, rb)
	term := startTmux(t, dir, 100, 30, nil, cmd)
	awaitFile(t, filepath.Join(dir, "started.txt"), 20*time.Second)
	term.waitFor(10*time.Second, "slow")
	if _, err := os.Stat(filepath.Join(dir, "done.txt")); err == nil {
		t.Fatal("the step finished before the hang-up: it must still run when the terminal goes away")
	}
	term.kill()

	awaitFile(t, filepath.Join(dir, "code.txt"), 30*time.Second)
	code, _ := os.ReadFile(filepath.Join(dir, "code.txt"))
	if got := strings.TrimSpace(string(code)); got != "3" {
		t.Errorf("golive exited %s after the hang-up, want 3", got)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "done.txt")); err != nil || strings.TrimSpace(string(data)) != "finished" {
		t.Errorf("the running step did not finish after the hang-up (done.txt: %q, %v)", data, err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "ran.txt")); strings.Contains(string(data), "next") {
		t.Errorf("a step started after the hang-up: ran.txt = %q", data)
	}
	if _, err := os.Stat(filepath.Join(dir, ".golive", "hup", "lock")); err == nil {
		t.Errorf("golive left its lock file behind after the hang-up")
	}
	r := readResReport(t, dir, rb)
	if r.Outcome != "interrupted" {
		t.Errorf("after the hang-up the report says %q, want interrupted", r.Outcome)
	}
	for _, s := range r.Steps {
		want := map[string]string{"slow": "done", "next": "pending"}[s.ID]
		if want != "" && s.Status != want {
			t.Errorf("after the hang-up step %s is %q, want %q", s.ID, s.Status, want)
		}
	}
	finished := false
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == "step_finished" && ev["id"] == "slow" {
			finished = true
		}
	}
	if !finished {
		t.Errorf("the journal does not say step slow finished")
	}

	out, errOut, rc := runGolive(t, dir, "run", "--headless", "--yes", "--rehearse", "--resume", rb)
	if rc != 0 {
		t.Fatalf("resume after the hang-up: exit %d, want 0\n%s\n%s", rc, out, errOut)
	}
	if strings.Contains(out, "interrupted") {
		t.Errorf("the resume calls a step interrupted though it finished before golive left:\n%s", out)
	}
	data, _ := os.ReadFile(filepath.Join(dir, "ran.txt"))
	if got := strings.Fields(string(data)); strings.Join(got, " ") != "slow next" {
		t.Errorf("steps ran %v, want [slow next]: the resume must go on from the next step", got)
	}
	if r := readResReport(t, dir, rb); r.Outcome != "completed" {
		t.Errorf("after the resume the report says %q, want completed", r.Outcome)
	}
	assertAllGone(t, filepath.Join(dir, "pids.txt"))
}
