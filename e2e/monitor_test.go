package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golive/internal/testprom"
)

// liveRun is the binary running in the background, its headless lines
// read as they come.
type liveRun struct {
	t     *testing.T
	cmd   *exec.Cmd
	lines chan string
	mu    sync.Mutex
	all   []string
	done  chan struct{}
	code  int
}

// startGolive starts the binary in dir and reads its stdout line by line.
// The test's cleanup ends it by its pid if it is still running.
func startGolive(t *testing.T, dir string, args ...string) *liveRun {
	t.Helper()
	cmd := exec.Command(golive, args...)
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &liveRun{t: t, cmd: cmd, lines: make(chan string, 10000), done: make(chan struct{})}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			r.mu.Lock()
			r.all = append(r.all, sc.Text())
			r.mu.Unlock()
			r.lines <- sc.Text()
		}
		io.Copy(io.Discard, out)
		err := cmd.Wait()
		r.code = 0
		if ee, ok := err.(*exec.ExitError); ok {
			r.code = ee.ExitCode()
		}
		close(r.lines)
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			_ = syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
			<-r.done
		}
	})
	return r
}

// waitLine returns the first line from now on that contains every want.
func (r *liveRun) waitLine(timeout time.Duration, wants ...string) string {
	r.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l, ok := <-r.lines:
			if !ok {
				r.t.Fatalf("golive ended without a line with %q:\n%s", wants, r.output())
			}
			all := true
			for _, w := range wants {
				all = all && strings.Contains(l, w)
			}
			if all {
				return l
			}
		case <-deadline:
			r.t.Fatalf("no line with %q within %v:\n%s", wants, timeout, r.output())
		}
	}
}

// wait waits for the process to end and returns its exit code.
func (r *liveRun) wait(timeout time.Duration) int {
	r.t.Helper()
	go func() {
		for range r.lines {
		}
	}()
	select {
	case <-r.done:
		return r.code
	case <-time.After(timeout):
		r.t.Fatalf("golive still runs after %v:\n%s", timeout, r.output())
	}
	return -1
}

func (r *liveRun) output() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.all, "\n")
}

// gauge serves one Prometheus gauge in the text format on a loopback port.
type gauge struct {
	value atomic.Int64
	addr  string
}

func serveGauge(t *testing.T, name string) *gauge {
	t.Helper()
	g := &gauge{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g.addr = ln.Addr().String()
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4")
		fmt.Fprintf(w, "# HELP %s Errors the e2e test reports.\n# TYPE %s gauge\n%s %d\n", name, name, name, g.value.Load())
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return g
}

// A probe on a real Prometheus whose query result crosses the critical
// threshold mid-soak: rollback is recommended, started automatically with
// --yes, the cutover is undone, and the report says so.
func TestMonitorPrometheusBreachRollsBack(t *testing.T) {
	g := serveGauge(t, "golive_e2e_errors")
	g.value.Store(1)
	prom := testprom.Start(t, time.Second, g.addr)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if n, _ := testprom.Series(prom, "golive_e2e_errors"); n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("prometheus never scraped the test's gauge")
		}
		time.Sleep(200 * time.Millisecond)
	}

	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", fmt.Sprintf(`
[launch]
name = "prom"
title = "Prometheus soak"

[[cutover]]
id = "switch"
run = "echo on >> trail"
rollback = "echo off >> trail"

[monitor]
duration = "60s"
interval = "500ms"
rollback_after = 2
after_rollback = "2s"

[[monitor.probe]]
id = "errors"
name = "Error gauge"
prometheus = { url = %q, query = "golive_e2e_errors" }
warn = "value > 3"
crit = "value > 5"
`, prom))
	run := startGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	run.waitLine(30*time.Second, "monitor errors sample ok value=1")
	g.value.Store(10)
	run.waitLine(30*time.Second, "monitor errors rollback recommended", "2 critical samples in a row")
	run.waitLine(10*time.Second, "rollback", "started", "auto")
	// The old system is healthy again: the post-rollback soak says so.
	g.value.Store(1)
	run.waitLine(30*time.Second, "after-rollback-finished healthy")
	if code := run.wait(30 * time.Second); code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, run.output())
	}
	out := run.output()
	if !strings.Contains(out, "verdict rollback") {
		t.Errorf("no rollback verdict in the headless lines:\n%s", out)
	}
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "on off" {
		t.Errorf("trail %q, want the switch undone: on off", got)
	}
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "rolled_back" || r.Monitor.Verdict != "rollback" {
		t.Errorf("report: outcome %q verdict %q, want rolled_back rollback\n%s", r.Outcome, r.Monitor.Verdict, raw)
	}
	if len(r.Monitor.Probes) != 1 || r.Monitor.Probes[0].Crit < 2 || r.Monitor.Probes[0].Samples <= r.Monitor.Probes[0].Crit {
		t.Errorf("report probes %+v, want errors with healthy and at least 2 critical samples\n%s", r.Monitor.Probes, raw)
	}
}

// A quiet soak against a real loopback service that slows down for a
// while: the slow answers are warnings (counted, never a rollback), and
// the soak ends STABLE with exit 0.
func TestMonitorWarnOnlySoakIsStable(t *testing.T) {
	var slow atomic.Bool
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		if slow.Load() {
			time.Sleep(400 * time.Millisecond)
			fmt.Fprintf(w, "ok slow %d\n", n)
			return
		}
		fmt.Fprintf(w, "ok %d\n", n)
	}))
	t.Cleanup(srv.Close)

	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", fmt.Sprintf(`
[launch]
name = "quiet"
title = "Quiet soak"

[[cutover]]
id = "switch"
run = "echo on >> trail"
rollback = "echo off >> trail"

[monitor]
duration = "8s"
interval = "500ms"
rollback_after = 2

[[monitor.probe]]
id = "health"
name = "Health"
http = { url = "%s/healthz" }
expect = ["status == 200", "body contains \"ok\""]
warn = "latency > 250ms"
crit = "latency > 5s"
`, srv.URL))
	run := startGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	run.waitLine(30*time.Second, "monitor health sample ok")
	slow.Store(true)
	run.waitLine(30*time.Second, "monitor health sample warn")
	run.waitLine(30*time.Second, "monitor health sample warn")
	slow.Store(false)
	run.waitLine(30*time.Second, "monitor health sample ok")
	if code := run.wait(60 * time.Second); code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, run.output())
	}
	out := run.output()
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "rollback") {
			t.Errorf("a warn-only soak mentions a rollback: %s", l)
		}
	}
	if !strings.Contains(out, "verdict stable") {
		t.Errorf("no stable verdict:\n%s", out)
	}
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "completed" || r.Monitor.Verdict != "stable" {
		t.Errorf("report: outcome %q verdict %q, want completed stable\n%s", r.Outcome, r.Monitor.Verdict, raw)
	}
	if len(r.Monitor.Probes) != 1 || r.Monitor.Probes[0].Warn < 2 || r.Monitor.Probes[0].Crit != 0 {
		t.Errorf("report probes %+v, want health with 2+ warnings and no critical sample\n%s", r.Monitor.Probes, raw)
	}
}

// hook records what a webhook receives, in order.
type hook struct {
	mu     sync.Mutex
	bodies []map[string]any
	raw    []string
}

func (h *hook) got() ([]map[string]any, []string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]map[string]any(nil), h.bodies...), append([]string(nil), h.raw...)
}

// notifyRunbook notifies url; its gate prompt carries a secret, and one
// step fails without stopping the launch.
func notifyRunbook(url string) string {
	return fmt.Sprintf(`
[launch]
name = "notify"
title = "Notified launch"
secrets = ["DEPLOY_TOKEN"]

[env]
DEPLOY_TOKEN = "tok-4f9a8b7c6d5e"

[gate]
prompt = "Ship with ${DEPLOY_TOKEN}?"

[[cutover]]
id = "flaky"
run = "exit 7"
on_failure = "continue"

[[cutover]]
id = "switch"
run = "true"

[monitor]
duration = "2s"
interval = "500ms"

[[monitor.probe]]
id = "fine"
run = "echo 1"

[[notify]]
on = ["gate", "step_failed", "rollback", "verdict", "finished"]
webhook = %q
`, url)
}

// Notifications reach a webhook in order with a Slack-compatible text and
// secrets masked.
func TestNotifyWebhookGetsTheEventsInOrder(t *testing.T) {
	h := &hook{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Errorf("webhook body is not JSON: %v: %s", err, b)
		}
		if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "json") {
			t.Errorf("webhook Content-Type %q", ct)
		}
		h.mu.Lock()
		h.bodies = append(h.bodies, m)
		h.raw = append(h.raw, string(b))
		h.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", notifyRunbook(srv.URL+"/hook"))
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// Delivery is asynchronous: wait for the last event.
	var bodies []map[string]any
	var raw []string
	deadline := time.Now().Add(20 * time.Second)
	for {
		bodies, raw = h.got()
		if len(bodies) >= 5 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	var types []string
	for _, b := range bodies {
		ev, _ := b["event"].(map[string]any)
		typ, _ := ev["type"].(string)
		types = append(types, typ)
		if text, _ := b["text"].(string); !strings.Contains(text, "Notified launch") {
			t.Errorf("notification without a Slack-compatible text naming the launch: %v", b)
		}
	}
	want := "gate_opened gate_decided step_failed verdict launch_finished"
	if strings.Join(types, " ") != want {
		t.Errorf("webhook got %v, want %s\n%s", types, want, strings.Join(raw, "\n"))
	}
	for _, r := range raw {
		if strings.Contains(r, "tok-4f9a8b7c6d5e") {
			t.Errorf("a notification carries the secret: %s", r)
		}
	}
	if len(raw) > 0 && !strings.Contains(raw[0], "•••") {
		t.Errorf("the gate notification does not show the prompt masked: %s", raw[0])
	}
}

// A webhook that keeps failing never fails the launch, and its failure is
// journaled.
func TestFailingWebhookNeverFailsTheLaunch(t *testing.T) {
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", notifyRunbook(srv.URL+"/hook"))
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", path)
	if code != 0 {
		t.Fatalf("a failing webhook failed the launch: exit %d\n%s\n%s", code, out, errOut)
	}
	if calls.Load() == 0 {
		t.Fatalf("the webhook was never called")
	}
	if !strings.Contains(out, "notify-failed") {
		t.Errorf("no notify-failed line:\n%s", out)
	}
	journals, _ := filepath.Glob(filepath.Join(dir, ".golive", "notify", "*", "journal.jsonl"))
	if len(journals) != 1 {
		t.Fatalf("journals: %v", journals)
	}
	b, err := os.ReadFile(journals[0])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"notify_failed"`) || !strings.Contains(string(b), "503") {
		t.Errorf("the journal does not record the failed notification with its status:\n%s", b)
	}
	r, raw := readCutReport(t, dir, path)
	if r.Outcome != "completed" {
		t.Errorf("report outcome %q, want completed\n%s", r.Outcome, raw)
	}
}
