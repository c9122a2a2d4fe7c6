package e2e

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// backend is a small HTTP server on loopback that answers every request
// with its colour, or with a 500 when it is broken.
func backend(t *testing.T, colour string, status int) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, colour)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// nginxSite is a real nginx in a temporary directory: a weighted upstream
// of blue and green behind one loopback port, and the script a staged
// step calls to set green's share.
type nginxSite struct {
	dir, addr string
}

const nginxConf = `worker_processes 1;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log;
events { worker_connections 256; }
http {
  client_body_temp_path %[1]s/tmp/body;
  proxy_temp_path %[1]s/tmp/proxy;
  fastcgi_temp_path %[1]s/tmp/fastcgi;
  uwsgi_temp_path %[1]s/tmp/uwsgi;
  scgi_temp_path %[1]s/tmp/scgi;
  log_format status '$status';
  access_log %[1]s/access.log status;
  include %[1]s/upstream.conf;
  server {
    listen %[2]s;
    location / { proxy_pass http://app; }
    location = /weights { access_log off; include %[1]s/weights.conf; }
  }
}
`

// setWeight writes green's share (0-100) into the upstream, reloads nginx
// and waits until nginx answers with the new weights several times in a
// row, so that when it returns the old workers no longer take traffic.
const setWeight = `#!/bin/sh
set -eu
cd "$(dirname "$0")"
g=$1
b=$((100 - g))
{
  echo "upstream app {"
  if [ "$b" -gt 0 ]; then echo "  server $BLUE weight=$b;"; fi
  if [ "$g" -gt 0 ]; then echo "  server $GREEN weight=$g;"; fi
  echo "}"
} > upstream.conf.new
echo "return 200 \"green=$g\";" > weights.conf.new
mv upstream.conf.new upstream.conf
mv weights.conf.new weights.conf
nginx -p "$PWD" -e "$PWD/error.log" -c "$PWD/nginx.conf" -s reload
seen=0
tries=0
while [ "$seen" -lt 5 ]; do
  if [ "$(curl -s "http://$SITE/weights")" = "green=$g" ]; then seen=$((seen + 1)); else seen=0; fi
  tries=$((tries + 1))
  if [ "$tries" -gt 400 ]; then echo "nginx did not take green=$g" >&2; exit 1; fi
  sleep 0.05
done
echo "green now takes $g% of the traffic"
`

// startNginx starts nginx with blue alone and stops it (by its pid) when
// the test ends.
func startNginx(t *testing.T, blue, green string) *nginxSite {
	t.Helper()
	if _, err := exec.LookPath("nginx"); err != nil {
		t.Skip("nginx is not installed")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	dir := t.TempDir()
	s := &nginxSite{dir: dir, addr: freeAddr(t)}
	if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "nginx.conf", fmt.Sprintf(nginxConf, dir, s.addr))
	writeFile(t, dir, "upstream.conf", "upstream app { server "+blue+"; }\n")
	writeFile(t, dir, "weights.conf", "return 200 \"green=0\";\n")
	script := writeFile(t, dir, "set-weight.sh", setWeight)
	if err := os.Chmod(script, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("nginx", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", filepath.Join(dir, "nginx.conf"), "-g", "daemon off;")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if out, err := exec.Command("nginx", "-t", "-p", dir, "-e", filepath.Join(dir, "error.log"), "-c", filepath.Join(dir, "nginx.conf")).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + s.addr + "/weights")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Fatalf("nginx never answered on %s: %v\n%s", s.addr, err, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return s
}

// traffic sends steady requests through nginx until stopped, and keeps
// the start time of every request that failed.
type traffic struct {
	mu       sync.Mutex
	ok       int
	byColour map[string]int
	failed   []time.Time
	stop     chan struct{}
	done     chan struct{}
}

func sendTraffic(addr string) *traffic {
	tr := &traffic{byColour: map[string]int{}, stop: make(chan struct{}), done: make(chan struct{})}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	go func() {
		defer close(tr.done)
		tick := time.NewTicker(4 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-tr.stop:
				return
			case <-tick.C:
			}
			at := time.Now()
			resp, err := client.Get("http://" + addr + "/")
			good := false
			body := ""
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				body = string(b)
				good = resp.StatusCode == 200
			}
			tr.mu.Lock()
			if good {
				tr.ok++
				tr.byColour[body]++
			} else {
				tr.failed = append(tr.failed, at)
			}
			tr.mu.Unlock()
		}
	}()
	return tr
}

func (tr *traffic) finish() {
	close(tr.stop)
	<-tr.done
}

// stagedRunbook switches the site from blue to green in three stages,
// with a short analysis between them.
func stagedRunbook(site *nginxSite, blue, green string) string {
	return fmt.Sprintf(`[launch]
name = "staged-switch"

[env]
BLUE = "%[2]s"
GREEN = "%[3]s"
SITE = "%[1]s"

[[cutover]]
id       = "shift"
name     = "Shift traffic to green"
stages   = [10, 50, 100]
run      = "%[4]s/set-weight.sh $GOLIVE_STAGE"
rollback = "%[4]s/set-weight.sh 0"
verify   = { run = "curl -s http://$SITE/weights | grep -qx green=$GOLIVE_STAGE" }
analysis = { duration = "3s", probes = ["errors", "latency"] }
pty      = false

[monitor]
duration = "2s"
interval = "250ms"
rollback_after = 3
after_rollback = "1s"

[[monitor.probe]]
id   = "errors"
name = "5xx in the last 100 requests"
run  = "tail -n 100 %[4]s/access.log | grep -c '^5' || true"
crit = "value > 0"

[[monitor.probe]]
id     = "latency"
http   = { url = "http://%[1]s/" }
expect = ["status < 600"]
crit   = "latency > 2s"
`, site.addr, blue, green, site.dir)
}

var stageBreachRE = regexp.MustCompile(`stage \S+ breach`)

// stageReport is the part of the JSON report these tests read.
type stageReport struct {
	Outcome string `json:"outcome"`
	Steps   []struct {
		ID     string `json:"id"`
		Phase  string `json:"phase"`
		Status string `json:"status"`
		Stages []struct {
			Stage   string `json:"stage"`
			Verdict string `json:"verdict"`
			Breach  string `json:"breach"`
			Probes  []struct {
				ID    string   `json:"id"`
				Crit  int      `json:"crit"`
				Worst string   `json:"worst"`
				Max   *float64 `json:"max"`
			} `json:"probes"`
		} `json:"stages"`
	} `json:"steps"`
	Monitor struct {
		Verdict string `json:"verdict"`
	} `json:"monitor"`
}

func readStageReport(t *testing.T, dir, path string) (stageReport, string) {
	t.Helper()
	out, errOut, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report: exit %d: %s", code, errOut)
	}
	var r stageReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out)
	}
	return r, out
}

func TestStagedSwitchToAHealthyGreen(t *testing.T) {
	blue, green := backend(t, "blue", 200), backend(t, "green", 200)
	site := startNginx(t, blue, green)
	dir := t.TempDir()
	path := writeFile(t, dir, "switch.toml", stagedRunbook(site, blue, green))
	tr := sendTraffic(site.addr)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	tr.finish()
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"cutover shift stage 10 started", "cutover shift stage 10 steady",
		"cutover shift stage 50 started", "cutover shift stage 50 steady",
		"cutover shift stage 100 started", "verdict stable",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("headless output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "stage 100 steady") || stageBreachRE.MatchString(out) {
		t.Errorf("the last stage has no analysis and nothing breached:\n%s", out)
	}
	if len(tr.failed) != 0 || tr.byColour["green"] == 0 {
		t.Errorf("%d failed requests (want 0), %d answered by green (want some), of %d", len(tr.failed), tr.byColour["green"], tr.ok)
	}
	// After the switch every request goes to green.
	resp, err := http.Get("http://" + site.addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "green" {
		t.Errorf("after the switch nginx answers %q, want green", b)
	}
	r, raw := readStageReport(t, dir, path)
	if r.Outcome != "completed" || r.Monitor.Verdict != "stable" {
		t.Errorf("outcome %q verdict %q, want completed and stable\n%s", r.Outcome, r.Monitor.Verdict, raw)
	}
	var verdicts []string
	for _, s := range r.Steps {
		if s.ID == "shift" && s.Phase == "cutover" {
			for _, st := range s.Stages {
				verdicts = append(verdicts, st.Stage+"="+st.Verdict)
			}
		}
	}
	if got := strings.Join(verdicts, " "); got != "10=steady, promoted 50=steady, promoted 100=done" {
		t.Errorf("stage verdicts %q\n%s", got, raw)
	}
}

func TestStagedSwitchRollsBackABrokenGreen(t *testing.T) {
	blue, green := backend(t, "blue", 200), backend(t, "green", 500)
	site := startNginx(t, blue, green)
	dir := t.TempDir()
	path := writeFile(t, dir, "switch.toml", stagedRunbook(site, blue, green))
	tr := sendTraffic(site.addr)
	out, errOut, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	tr.finish()
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	breach := strings.Index(out, "cutover shift stage 10 breach errors")
	rollback := strings.Index(out, "rollback started")
	if breach < 0 || rollback < breach {
		t.Fatalf("want the breach of stage 10 by errors, then the rollback:\n%s", out)
	}
	if strings.Contains(out, "stage 50 started") {
		t.Errorf("stage 50 ran after the breach:\n%s", out)
	}
	// Every failed request was sent while green took traffic: after stage
	// 10 began and before its rollback finished.
	var began, undone time.Time
	for _, ev := range journalOf(t, dir) {
		at, _ := time.Parse(time.RFC3339Nano, fmt.Sprint(ev["time"]))
		switch {
		case ev["type"] == "stage_started" && ev["stage"] == "10":
			began = at
		case ev["type"] == "step_finished" && ev["phase"] == "rollback" && ev["id"] == "shift":
			undone = at
		}
	}
	if began.IsZero() || undone.IsZero() {
		t.Fatalf("the journal lacks the stage's start or the rollback's end")
	}
	if len(tr.failed) == 0 {
		t.Errorf("no request failed: green never took traffic")
	}
	for _, at := range tr.failed {
		if at.Before(began) || at.After(undone) {
			t.Errorf("a request failed at %s, outside stage 10 (%s to %s)", at.Format(time.RFC3339Nano), began.Format(time.RFC3339Nano), undone.Format(time.RFC3339Nano))
		}
	}
	resp, err := http.Get("http://" + site.addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(b) != "blue" {
		t.Errorf("after the rollback nginx answers %q, want blue", b)
	}

	r, raw := readStageReport(t, dir, path)
	if r.Outcome != "rolled_back" {
		t.Errorf("outcome %q, want rolled_back\n%s", r.Outcome, raw)
	}
	found := false
	for _, s := range r.Steps {
		if s.ID != "shift" || s.Phase != "cutover" {
			continue
		}
		for _, st := range s.Stages {
			if st.Stage == "10" {
				found = st.Verdict == "breach" && st.Breach == "errors"
				for _, p := range st.Probes {
					if p.ID == "errors" && (p.Crit < 3 || p.Worst != "crit" || p.Max == nil || *p.Max <= 0) {
						t.Errorf("stage 10's errors probe: %+v", p)
					}
				}
			}
			if st.Stage != "10" && st.Verdict != "pending" {
				t.Errorf("stage %s is %s, want pending", st.Stage, st.Verdict)
			}
		}
	}
	if !found {
		t.Errorf("the report does not show stage 10 breached by errors\n%s", raw)
	}
	md, _, _ := runGolive(t, dir, "report", path)
	if !strings.Contains(md, "Stages of shift") || !strings.Contains(md, "| 10 |") || !strings.Contains(md, "breach") {
		t.Errorf("the markdown report lacks the ladder:\n%s", md)
	}
}

// A staged switch in the cockpit, in a real terminal: the ladder shows on
// the step, the steady stage asks, Enter promotes it, and the launch ends
// stable.
func TestStagedPromoteByKeys(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	path := writeFile(t, dir, "rb.toml", `
[launch]
name = "promote-by-keys"
approvers = ["alice"]
[[cutover]]
id = "shift"
stages = [10, 100]
run = "echo $GOLIVE_STAGE >> trail"
rollback = "echo undo >> trail"
analysis = { duration = "1s", promote = "ask" }
[monitor]
duration = "1s"
interval = "200ms"
after_rollback = "1s"
[[monitor.probe]]
id = "up"
run = "true"
`)
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" --exit "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	screen := term.waitFor(30*time.Second, "Stage 10 is steady", "[enter] promote to the next stage", "10 ✓  100 ○")
	if !strings.Contains(screen, "10: steady") {
		t.Fatalf("the detail lacks stage 10's verdict:\n%s", screen)
	}
	term.keys("Enter")
	waitJournal(t, dir, func(ev map[string]any) bool {
		return ev["type"] == "stage_promoted" && ev["stage"] == "10" && ev["who"] != "auto"
	})
	waitJournal(t, dir, func(ev map[string]any) bool {
		return ev["type"] == "launch_finished" && ev["status"] == "completed"
	})
	if got := strings.Join(readTrail(t, filepath.Join(dir, "trail")), " "); got != "10 100" {
		t.Errorf("trail %q, want 10 then 100", got)
	}
}
