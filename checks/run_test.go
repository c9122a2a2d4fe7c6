package checks

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func runCheck(t *testing.T, cmd string, expect ...string) *runbook.Check {
	t.Helper()
	return &runbook.Check{ID: "c", Kind: runbook.KindRun, Run: cmd, Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}}
}

func TestRunCheck(t *testing.T) {
	cases := []struct {
		name, cmd string
		expect    []string
		status    Status
		reason    string
	}{
		{"default passes on exit 0", "true", nil, Pass, ""},
		{"default fails on exit 1", "exit 1", nil, Fail, "exit 1, want 0"},
		{"stdout and stderr apart", "echo out; echo err >&2", []string{`stdout == "out\n"`, `stderr contains "err"`, `stdout !contains "err"`}, Pass, ""},
		{"value is the first number", "echo 'free: 12345 blocks of 512'", []string{"value > 10000", "value < 20000"}, Pass, ""},
		{"value false", "echo 42", []string{"value > 100"}, Fail, "value 42, want > 100"},
		{"no number is an error", "echo none", []string{"value > 1"}, Error, "no number in the output"},
		{"every false condition is told", "echo hi; exit 2", []string{"exit == 0", `stdout contains "bye"`}, Fail, `exit 2, want 0; stdout does not contain "bye"`},
		{"matches", "echo v2.3.1", []string{`stdout matches "^v2\\."`}, Pass, ""},
		{"duration", "true", []string{"duration < 1m"}, Pass, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Run(context.Background(), runCheck(t, tc.cmd, tc.expect...), Options{})
			if r.Status != tc.status || r.Reason != tc.reason {
				t.Fatalf("got %s %q, want %s %q", r.Status, r.Reason, tc.status, tc.reason)
			}
		})
	}
}

func TestRunCheckResultFields(t *testing.T) {
	out := newLines()
	var errW lines
	errW.ch = make(chan string, 10)
	r := Run(context.Background(), runCheck(t, "echo 7; echo oops >&2; exit 4", "exit == 4"), Options{Stdout: out, Stderr: &errW})
	if r.Status != Pass || r.Exit != 4 || r.Value == nil || *r.Value != 7 || r.Summary != "exit 4" {
		t.Fatalf("result %+v", r)
	}
	if out.String() != "7\n" || errW.String() != "oops\n" {
		t.Fatalf("streamed stdout %q stderr %q", out.String(), errW.String())
	}
	if r.Attempt != 1 || r.Attempts != 1 || r.Duration <= 0 {
		t.Fatalf("attempt %d/%d duration %v", r.Attempt, r.Attempts, r.Duration)
	}
}

func TestRunCheckEnvAndWorkdir(t *testing.T) {
	dir, other := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(dir, "marker"), []byte("here"), 0o600)
	c := runCheck(t, `cat marker; echo " $GOLIVE_TEST"`, `stdout == "here yes\n"`)
	c.Workdir = dir
	r := Run(context.Background(), c, Options{Dir: other, Env: append(os.Environ(), "GOLIVE_TEST=yes")})
	if r.Status != Pass {
		t.Fatalf("%s: %s", r.Status, r.Reason)
	}
}

func TestRunCheckPTY(t *testing.T) {
	c := runCheck(t, `test -t 1 && printf '\033[32m42\033[0m ok\n'`, "exit == 0", "value == 42", `stdout == "42 ok\n"`)
	c.PTY = true
	out := newLines()
	r := Run(context.Background(), c, Options{Stdout: out, Cols: 90, Rows: 20})
	if r.Status != Pass {
		t.Fatalf("%s: %s (output %q)", r.Status, r.Reason, out.String())
	}
	if !strings.Contains(out.String(), "\x1b[32m42") {
		t.Fatalf("the pane should get the colours as printed, got %q", out.String())
	}
}

// TestRunCheckTimeoutEndsEverything: a timed-out check is stopped, and
// no process it started survives, a backgrounded grandchild included.
func TestRunCheckTimeoutEndsEverything(t *testing.T) {
	c := runCheck(t, `sleep 100 & echo $!; echo $$; sleep 100`)
	c.Timeout = 500 * time.Millisecond
	out := newLines()
	r := Run(context.Background(), c, Options{Stdout: out, Grace: 300 * time.Millisecond})
	grandchild, leader := out.pid(t), out.pid(t)
	if r.Status != Fail || r.Reason != "timed out after 500ms" {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
	if r.Summary != "timed out after "+fmtDur(r.Obs.Duration) {
		t.Fatalf("summary %q", r.Summary)
	}
	for _, pid := range []int{leader, grandchild} {
		if alive(pid) {
			t.Fatalf("pid %d survived the timeout", pid)
		}
	}
}

func TestRunCheckRetryIsWaitUntil(t *testing.T) {
	dir := t.TempDir()
	// Passes on the third attempt: the count file reaches 3.
	c := runCheck(t, `n=$(cat n 2>/dev/null || echo 0); n=$((n+1)); echo $n > n; test $n -ge 3`)
	c.Workdir = dir
	c.Retry = runbook.Retry{Attempts: 5, Interval: 10 * time.Millisecond}
	var seen []Result
	out := newLines()
	r := Run(context.Background(), c, Options{Stdout: out, OnAttempt: func(r Result) { seen = append(seen, r) }})
	if r.Status != Pass || r.Attempt != 3 || r.Attempts != 5 {
		t.Fatalf("got %s at attempt %d/%d: %s", r.Status, r.Attempt, r.Attempts, r.Reason)
	}
	if len(seen) != 3 || seen[0].Status != Fail || seen[0].Reason != "exit 1, want 0" || seen[2].Status != Pass {
		t.Fatalf("attempts seen: %+v", seen)
	}
	if !strings.Contains(out.String(), "attempt 1/5: exit 1, want 0") {
		t.Fatalf("pane lacks the attempt line: %q", out.String())
	}
}

func TestRunCheckCancelStopsAtOnce(t *testing.T) {
	c := runCheck(t, `echo $$; sleep 100`)
	c.Retry = runbook.Retry{Attempts: 100, Interval: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	out := newLines()
	done := make(chan Result)
	go func() { done <- Run(ctx, c, Options{Stdout: out, Grace: 200 * time.Millisecond}) }()
	pid := out.pid(t)
	cancel()
	r := <-done
	if r.Status != Error || r.Attempt != 1 || alive(pid) {
		t.Fatalf("got %s at attempt %d, process alive %v", r.Status, r.Attempt, alive(pid))
	}
}

func TestRunCheckBadInput(t *testing.T) {
	r := Run(context.Background(), nil, Options{})
	if r.Status != Error {
		t.Fatalf("nil check: %s", r.Status)
	}
	c := runCheck(t, "true")
	c.Workdir = filepath.Join(t.TempDir(), "missing")
	c.Retry.Attempts = 3
	r = Run(context.Background(), c, Options{})
	if r.Status != Error || r.Attempt != 1 || !strings.Contains(r.Reason, "no such file") {
		t.Fatalf("missing workdir: %s at %d: %q", r.Status, r.Attempt, r.Reason)
	}
	r = Run(context.Background(), &runbook.Check{Kind: "ftp"}, Options{})
	if r.Status != Error || !strings.Contains(r.Reason, "ftp") {
		t.Fatalf("unknown kind: %s %q", r.Status, r.Reason)
	}
}
