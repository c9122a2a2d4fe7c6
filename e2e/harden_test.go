package e2e

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// holdRunbook has one cutover step that waits until the file "release"
// appears in its directory, so a test decides when the launch may end.
const holdRunbook = `[launch]
name = "hold"

[[cutover]]
id = "hold"
pty = false
run = "echo holding; while [ ! -f release ]; do sleep 0.02; done; echo released"
`

// TestRemovedLockFileLetsNoSecondDriverIn: rm of the lock file during a
// launch; a real second driver is refused with exit 2 and the holder's
// pid, and the first driver finishes undisturbed, its journal untouched.
func TestRemovedLockFileLetsNoSecondDriverIn(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "hold.toml", holdRunbook)
	first := startGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
	first.waitLine(30*time.Second, "cutover hold started")
	if err := os.Remove(filepath.Join(dir, ".golive", "hold", "lock")); err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--resume", "--fresh"} {
		// Bounded: a second driver let in would run the held step forever.
		_, errOut, code := runGoliveBounded(t, dir, time.Minute, "run", "--headless", "--rehearse", "--yes", flag, rb)
		want := "locked by "
		pid := "pid " + strconv.Itoa(first.cmd.Process.Pid) + " since "
		if code != 2 || !strings.Contains(errOut, want) || !strings.Contains(errOut, pid) {
			t.Errorf("second driver with %s: exit %d, stderr %q; want exit 2 naming %q and %q", flag, code, errOut, want, pid)
		}
	}
	writeFile(t, dir, "release", "")
	if code := first.wait(30 * time.Second); code != 0 {
		t.Fatalf("first driver exit %d:\n%s", code, first.output())
	}
	if strings.Count(first.output(), "cutover hold started") != 1 || !strings.Contains(first.output(), "cutover hold finished exit=0") {
		t.Errorf("the first driver was disturbed:\n%s", first.output())
	}
	assertUniqueSeqs(t, filepath.Join(dir, ".golive", "hold"))
}

// assertUniqueSeqs fails when any journal under root repeats a seq: two
// drivers appended to it.
func assertUniqueSeqs(t *testing.T, root string) {
	t.Helper()
	journals, _ := filepath.Glob(filepath.Join(root, "*", "journal.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("want one launch, got journals %q", journals)
	}
	f, err := os.Open(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		i := strings.Index(line, `"seq":`)
		if i < 0 {
			continue
		}
		seq := strings.SplitN(line[i+6:], ",", 2)[0]
		if seen[seq] {
			t.Errorf("seq %s appears twice in %s", seq, journals[0])
		}
		seen[seq] = true
	}
}

// runGoliveBounded is runGolive for commands that must not block: it
// fails the test if the process is still running after limit (and ends
// it by its pid), instead of hanging the suite.
func runGoliveBounded(t *testing.T, dir string, limit time.Duration, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(golive, args...)
	cmd.Dir = dir
	var o, e bytesBuffer
	cmd.Stdout, cmd.Stderr = &o, &e
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(limit):
		syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatalf("golive %v still ran after %v", args, limit)
	}
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

// TestNonRegularRunbooksRefusedAtOnce: a FIFO blocks nobody and
// /dev/zero eats no memory: every command that reads a runbook refuses
// them with exit 2, naming the file.
func TestNonRegularRunbooksRefusedAtOnce(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{fifo, "/dev/zero"} {
		for _, cmd := range [][]string{
			{"validate", path}, {"report", path}, {"plan", path}, {"check", path},
			{"run", "--headless", path}, {"watch", path}, {"approve", "--as", "x", path},
		} {
			_, errOut, code := runGoliveBounded(t, dir, 20*time.Second, cmd...)
			if code != 2 || !strings.Contains(errOut, path+": not a regular file") {
				t.Errorf("golive %v: exit %d, stderr %q; want exit 2 and %q", cmd, code, errOut, path+": not a regular file")
			}
		}
	}
}

// finishedHold runs the hold runbook to its end (release already there)
// and returns the directory of its one launch.
func finishedHold(t *testing.T, dir string) (rb, launchDir string) {
	t.Helper()
	rb = writeFile(t, dir, "hold.toml", holdRunbook)
	writeFile(t, dir, "release", "")
	if _, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb); code != 0 {
		t.Fatalf("launch: exit %d: %s", code, errOut)
	}
	dirs, _ := filepath.Glob(filepath.Join(dir, ".golive", "hold", "*T*Z-*"))
	if len(dirs) != 1 {
		t.Fatalf("launch dirs %q", dirs)
	}
	return rb, dirs[0]
}

// TestDamagedJournalIsReportedAndSetAside: a garbage line in the middle
// of a journal; report shows what it can and names the line, --resume
// says how to go on, --fresh moves the launch aside and starts anew.
func TestDamagedJournalIsReportedAndSetAside(t *testing.T) {
	dir := t.TempDir()
	rb, launchDir := finishedHold(t, dir)
	// Make it unfinished and damaged: drop the end, garble line 2.
	path := filepath.Join(launchDir, "journal.jsonl")
	data, _ := os.ReadFile(path)
	lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
	lines[1] = "this is not json\n"
	os.WriteFile(path, []byte(strings.Join(lines[:len(lines)-1], "")), 0o600)

	out, errOut, code := runGolive(t, dir, "report", "--format", "json", rb)
	if code != 0 || !strings.Contains(errOut, "line 2 damaged") || !strings.Contains(out, `"damaged": "`) || !strings.Contains(out, `"launch": "`) {
		t.Errorf("report: exit %d, stderr %q, out:\n%s", code, errOut, out)
	}
	md, _, _ := runGolive(t, dir, "report", rb)
	if !strings.Contains(md, "**Damaged journal**") || !strings.Contains(md, "line 2 damaged") {
		t.Errorf("markdown report does not say where the damage is:\n%s", md)
	}
	_, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--resume", rb)
	if code != 2 || !strings.Contains(errOut, "line 2 damaged") || !strings.Contains(errOut, "--fresh moves it aside") {
		t.Errorf("--resume: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--fresh", rb)
	if code != 0 || !strings.Contains(errOut, "moved that launch aside to "+launchDir+".damaged") {
		t.Fatalf("--fresh: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(launchDir+".damaged", "journal.jsonl")); err != nil {
		t.Errorf("the damaged launch is not kept: %v", err)
	}
}

// TestTruncatedJournalSaysIncomplete: a journal cut inside its first
// line reports "incomplete", not an empty launch and "Decision: none".
func TestTruncatedJournalSaysIncomplete(t *testing.T) {
	dir := t.TempDir()
	_, launchDir := finishedHold(t, dir)
	path := filepath.Join(launchDir, "journal.jsonl")
	data, _ := os.ReadFile(path)
	first := strings.IndexByte(string(data), '\n')
	os.WriteFile(path, append(data[first/2:first+1:first+1], data[first+1:]...), 0o600)
	md, errOut, code := runGolive(t, dir, "report", launchDir)
	if code != 0 || !strings.Contains(md, "**Incomplete journal**") || strings.Contains(md, "Launch: ``") || strings.Contains(md, "Decision: none") {
		t.Errorf("report: exit %d %s\n%s", code, errOut, md)
	}
}

// paramRunbook needs ${X}: only --set can give it.
const paramRunbook = `[launch]
name = "param"
secrets = ["DB_TOKEN"]

[env]
DB_TOKEN = "${X}"

[[cutover]]
id = "write"
pty = false
run = "printf %s \"$DB_TOKEN\" > got.txt"
`

// TestSetWithoutValueOnTheCommandLine: --set NAME takes the value from
// golive's environment and --set-file NAME=PATH from a file, so it never
// sits in golive's argv; report, watch, approve and check accept --set.
func TestSetWithoutValueOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "param.toml", paramRunbook)
	cmd := exec.Command(golive, "run", "--headless", "--rehearse", "--yes", "--set", "X", rb)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "X=from-the-environment-1")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("--set X: %v\n%s", err, out)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "got.txt")); string(got) != "from-the-environment-1" {
		t.Errorf("--set X gave %q", got)
	}
	secret := writeFile(t, dir, "secret.txt", "from-a-file-2\n")
	if _, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", "--set-file", "X="+secret, rb); code != 0 {
		t.Fatalf("--set-file: exit %d %s", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "got.txt")); string(got) != "from-a-file-2" {
		t.Errorf("--set-file gave %q", got)
	}
	_, errOut, code := runGolive(t, dir, "run", "--headless", "--set", "NOT_IN_ENV_ANYWHERE", rb)
	if code != 2 || !strings.Contains(errOut, "NOT_IN_ENV_ANYWHERE is not set in golive's environment") {
		t.Errorf("--set of a missing variable: exit %d %q", code, errOut)
	}
	out, errOut, code := runGolive(t, dir, "report", "--format", "json", "--set", "X=whatever", rb)
	if code != 0 || !strings.Contains(out, `"outcome": "completed"`) {
		t.Errorf("report --set: exit %d %s\n%s", code, errOut, out)
	}
	if strings.Contains(out, "from-a-file-2") {
		t.Errorf("the report shows the secret:\n%s", out)
	}
	_, errOut, code = runGolive(t, dir, "approve", "--as", "ann", "--set", "X=whatever", rb)
	if code != 2 || !strings.Contains(errOut, "waiting at a gate") {
		t.Errorf("approve --set: exit %d %q, want the runbook loaded and no gate found", code, errOut)
	}
	if _, errOut, code := runGolive(t, dir, "check", "--set", "X=whatever", rb); code != 0 {
		t.Errorf("check --set: exit %d %q", code, errOut)
	}
}

// TestMissingWorkdirWarnsAndRefuses: validate warns with the position,
// run refuses before anything runs, both naming the path.
func TestMissingWorkdirWarnsAndRefuses(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "wd.toml", "[launch]\nname = \"wd\"\n\n[[cutover]]\nid = \"a\"\nrun = \"touch ran.txt\"\nworkdir = \"/nonexistent/place\"\n")
	out, errOut, code := runGolive(t, dir, "validate", rb)
	if code != 0 || !strings.Contains(out, "ok") || !strings.Contains(errOut, rb+":4:1: warning: workdir /nonexistent/place does not exist") {
		t.Errorf("validate: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
	if code != 2 || !strings.Contains(errOut, "workdir /nonexistent/place does not exist") {
		t.Errorf("run: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, ".golive")); err == nil {
		t.Error("the refused run left a launch behind")
	}
}

// TestReportJSONEscapesC1: a U+009B (8-bit CSI) in a step name reaches
// the JSON report escaped, never raw.
func TestReportJSONEscapesC1(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "c1.toml", "[launch]\nname = \"c1\"\n\n[[cutover]]\nid = \"a\"\nname = \"evil\\u009b2J\"\nrun = \"true\"\n")
	if _, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb); code != 0 {
		t.Fatalf("run: %d %s", code, errOut)
	}
	out, _, code := runGolive(t, dir, "report", "--format", "json", rb)
	if code != 0 || strings.Contains(out, "\u009b") || !strings.Contains(out, `evil\u009b2J`) {
		t.Errorf("report: exit %d\n%q", code, out)
	}
}

// secretHead defines the secrets of the masking tests: one that Go
// quoting escapes, a PIN, a token whose digits a `value` would take, and
// a multi-line one.
const secretHead = `[launch]
name = "NAME"
secrets = ["PW", "PIN", "TOK", "ML"]

[env]
PW = 'Pa"ss\w0rd-é-2024'
PIN = "48151623"
TOK = "tok-abc975318642xyz"
ML = "first-line-secret\nsecond-line-secret"
`

// secretQuoted fails a check whose reason quotes the secret.
const secretQuoted = `
[[preflight]]
id = "quoted"
run = "printf '%s' \"$PW\""
expect = ["stdout == \"x\""]
`

// secretValues passes checks whose value is read from a secret, and
// prints a multi-line secret on a pseudo-terminal.
const secretValues = `
[[preflight]]
id = "pin"
run = "echo \"$PIN\""
expect = ["value > 0"]

[[preflight]]
id = "tok"
run = "echo \"$TOK\""
expect = ["value > 0"]

[[cutover]]
id = "multi"
pty = true
run = "printf '%s\\n' \"$ML\""
`

// TestSecretsNeverLeaveQuotedOrAsNumbers: the secrets appear nowhere: not
// in headless lines, journal, step logs, report or check output, whatever
// quoting or line endings they went through, nor as a number read from
// them.
func TestSecretsNeverLeaveQuotedOrAsNumbers(t *testing.T) {
	dir := t.TempDir()
	leaks := []string{"w0rd", "48151623", "975318642", "line-secret", `ss\\w0`}
	var texts []string
	for name, body := range map[string]string{"quoted": secretQuoted, "values": secretValues} {
		rb := writeFile(t, dir, name+".toml", strings.Replace(secretHead, "NAME", name, 1)+body)
		out, errOut, _ := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
		texts = append(texts, out, errOut)
		if name == "values" && !strings.Contains(out, "cutover multi finished") {
			t.Fatalf("the launch did not reach the pseudo-terminal step:\n%s\n%s", out, errOut)
		}
		files, _ := filepath.Glob(filepath.Join(dir, ".golive", name, "*", "*"))
		logs, _ := filepath.Glob(filepath.Join(dir, ".golive", name, "*", "logs", "*"))
		for _, f := range append(files, logs...) {
			if filepath.Base(f) == "runbook.toml" {
				continue // the runbook's own copy, private to the driver (0600)
			}
			if b, err := os.ReadFile(f); err == nil {
				texts = append(texts, f+":\n"+string(b))
			}
		}
		for _, args := range [][]string{{"report", rb}, {"report", "--format", "json", rb}, {"check", "--format", "json", rb}, {"check", rb}} {
			o, e, _ := runGolive(t, dir, args...)
			texts = append(texts, o, e)
		}
	}
	for _, text := range texts {
		text = strings.ReplaceAll(text, dir, "DIR") // random digits
		for _, leak := range leaks {
			if strings.Contains(text, leak) {
				t.Errorf("%q leaks in:\n%s", leak, text)
			}
		}
	}
}

// TestNotifyCommandEscapeeIsEndedAndNotRetried: a notify command that
// leaves a setsid child holding its output is delivered once (the
// command exited 0), not retried, and its child does not outlive the
// launch. The command waits until its child has written its pid, so the
// test never races the child's start against the launch's cleanup.
func TestNotifyCommandEscapeeIsEndedAndNotRetried(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "notify.toml", `[launch]
name = "notify"

[[cutover]]
id = "a"
run = "true"

[[notify]]
on = ["finished"]
run = "setsid sh -c 'echo $$ >> escapees.txt; exec sleep 300' & until [ -s escapees.txt ]; do sleep 0.01; done; cat > /dev/null; echo delivered >> deliveries.txt"
`)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	got, _ := os.ReadFile(filepath.Join(dir, "deliveries.txt"))
	if string(got) != "delivered\n" {
		t.Errorf("deliveries %q, want exactly one", got)
	}
	if strings.Contains(out, "notify-failed") || strings.Contains(out, "WaitDelay") {
		t.Errorf("a delivered notification counted as failed:\n%s", out)
	}
	pids, _ := os.ReadFile(filepath.Join(dir, "escapees.txt"))
	lines := strings.Fields(string(pids))
	for _, p := range lines {
		pid, _ := strconv.Atoi(p)
		if pidAlive(pid) {
			syscall.Kill(pid, syscall.SIGKILL)
			t.Errorf("the notify command's setsid child %d outlived the launch", pid)
		}
	}
	if len(lines) != 1 {
		t.Errorf("escapee pids %q: the command ran %d times, want once", pids, len(lines))
	}
}

// TestStateIsPrivate: everything a launch writes (journal, votes, logs,
// the runbook snapshot with its [env] values) is the driver's alone.
func TestStateIsPrivate(t *testing.T) {
	dir := t.TempDir()
	finishedHold(t, dir)
	n := 0
	filepath.Walk(filepath.Join(dir, ".golive"), func(path string, info os.FileInfo, err error) error {
		if err != nil {
			t.Error(err)
			return nil
		}
		want := os.FileMode(0o600)
		if info.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode().Perm(), want)
		}
		n++
		return nil
	})
	if n < 5 {
		t.Errorf("only %d entries under .golive: the launch wrote less than expected", n)
	}
}
