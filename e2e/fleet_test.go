package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fleetPlaybook rolls a release over the web group two hosts at a time; a
// host fails its health task while a file broken-HOST exists in out_dir,
// and every run of a host appends a line to HOST.runs.
const fleetPlaybook = `- name: Roll the release
  hosts: web
  gather_facts: false
  serial: 2
  tasks:
    - name: deploy
      ansible.builtin.copy:
        dest: "{{ out_dir }}/{{ inventory_hostname }}.txt"
        content: "{{ version }}\n"
        mode: "0600"
    - name: count
      ansible.builtin.shell: echo run >> {{ out_dir }}/{{ inventory_hostname }}.runs
      changed_when: false
    - name: health
      ansible.builtin.fail:
        msg: "health check failed on {{ inventory_hostname }}"
      when: (out_dir + '/broken-' + inventory_hostname) is exists
`

const fleetRunbookTmpl = `
[launch]
name = "fleet"
approvers = ["alice"]

[[cutover]]
id = "deploy"
name = "Roll v2 over the web fleet"
ansible = { playbook = "deploy.yml", inventory = "hosts.ini", limit = "web", extra_vars = { version = "v2", out_dir = %q }, forks = 5 }
max_fail = "0%%"
on_failure = %q
rollback = "echo \"changed=$GOLIVE_CHANGED_HOSTS failed=$GOLIVE_FAILED_HOSTS\" > rollback.env"

[[cutover]]
id = "after"
run = "echo \"changed=$GOLIVE_CHANGED_HOSTS failed=$GOLIVE_FAILED_HOSTS\" > after.env"
`

// fleetDir writes a five-host fleet (web1-web5 on Ansible's local
// connection), its playbook and a runbook whose fleet step applies
// onFailure; the hosts named in broken fail their health task.
func fleetDir(t *testing.T, onFailure string, broken ...string) (dir, out, path string) {
	t.Helper()
	if _, err := exec.LookPath("ansible-playbook"); err != nil {
		t.Skip("ansible-playbook is not installed (apt-get install ansible-core)")
	}
	dir = t.TempDir()
	out = filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	inv := "[web]\n"
	for i := 1; i <= 5; i++ {
		inv += fmt.Sprintf("web%d ansible_connection=local ansible_python_interpreter=/usr/bin/python3\n", i)
	}
	writeFile(t, dir, "hosts.ini", inv)
	writeFile(t, dir, "deploy.yml", fleetPlaybook)
	for _, h := range broken {
		writeFile(t, out, "broken-"+h, "")
	}
	path = writeFile(t, dir, "rb.toml", fmt.Sprintf(fleetRunbookTmpl, out, onFailure))
	return dir, out, path
}

// fleetReport is the part of report --format json a fleet test reads.
type fleetReport struct {
	Outcome string `json:"outcome"`
	Steps   []struct {
		ID    string `json:"id"`
		Phase string `json:"phase"`
		Fleet *struct {
			Changed []string `json:"changed_hosts"`
			Failed  []string `json:"failed_hosts"`
			Hosts   []struct {
				Host, Status, Message string
			} `json:"hosts"`
		} `json:"fleet"`
	} `json:"steps"`
}

// hostTable reads the fleet step's hosts from the JSON report as
// "host=status" and the markdown report's host table.
func hostTable(t *testing.T, dir, path string) (fleetReport, map[string]string, string) {
	t.Helper()
	js, stderr, code := runGolive(t, dir, "report", "--format", "json", path)
	if code != 0 {
		t.Fatalf("report exit %d: %s", code, stderr)
	}
	var r fleetReport
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("report json: %v\n%s", err, js)
	}
	hosts := map[string]string{}
	for _, s := range r.Steps {
		if s.ID == "deploy" && s.Phase == "cutover" && s.Fleet != nil {
			for _, h := range s.Fleet.Hosts {
				hosts[h.Host] = h.Status
			}
		}
	}
	mdText, _, _ := runGolive(t, dir, "report", path)
	return r, hosts, mdText
}

func readEnvFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%s was not written: %v", filepath.Base(p), err)
	}
	return strings.TrimSpace(string(b))
}

// A fleet with web4 failing its health task, headless: a host line per
// host whose state a task changed, web4's with its message; max_fail 0%
// fails the step; the rollback gets the hosts that changed; exit 1; the
// report's host table says the same.
func TestFleetHeadlessFailureRollsBackTheChangedHosts(t *testing.T) {
	dir, _, path := fleetDir(t, "rollback", "web4")
	stdout, stderr, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	line := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d cutover deploy host web4 failed "health check failed on web4"$`)
	if !line.MatchString(stdout) {
		t.Fatalf("no host web4 failed line:\n%s", stdout)
	}
	for i := 1; i <= 5; i++ {
		if h := fmt.Sprintf("cutover deploy host web%d changed", i); !strings.Contains(stdout, h) {
			t.Errorf("no %q line:\n%s", h, stdout)
		}
	}
	if !strings.Contains(stdout, "cutover deploy failed exit=2") || !strings.Contains(stdout, "max_fail 0%") {
		t.Errorf("the step did not fail by its budget:\n%s", stdout)
	}
	if got, want := readEnvFile(t, filepath.Join(dir, "rollback.env")), "changed=web1,web2,web3,web4,web5 failed=web4"; got != want {
		t.Errorf("rollback env: %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "after.env")); err == nil {
		t.Error("the step after the failed fleet step ran")
	}
	r, hosts, mdText := hostTable(t, dir, path)
	if r.Outcome != "rolled_back" {
		t.Errorf("report outcome %q, want rolled_back", r.Outcome)
	}
	want := map[string]string{"web1": "changed", "web2": "changed", "web3": "changed", "web4": "failed", "web5": "changed"}
	if fmt.Sprint(hosts) != fmt.Sprint(want) {
		t.Errorf("report hosts %v, want %v", hosts, want)
	}
	if !strings.Contains(mdText, "| web4 | failed | yes | 3 |") || !strings.Contains(mdText, "health check failed on web4 |") {
		t.Errorf("markdown host table disagrees:\n%s", mdText)
	}
}

// The same fleet healthy: exit 0, every host changed or ok, and the step
// after it gets the hosts that changed.
func TestFleetHeadlessHealthy(t *testing.T) {
	dir, _, path := fleetDir(t, "rollback")
	stdout, stderr, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if strings.Contains(stdout, " failed ") {
		t.Errorf("a failure in a healthy run:\n%s", stdout)
	}
	if got, want := readEnvFile(t, filepath.Join(dir, "after.env")), "changed=web1,web2,web3,web4,web5 failed="; got != want {
		t.Errorf("env of the step after: %q, want %q", got, want)
	}
	r, hosts, _ := hostTable(t, dir, path)
	if r.Outcome != "completed" || len(hosts) != 5 {
		t.Fatalf("report outcome %q with %d hosts", r.Outcome, len(hosts))
	}
	for h, s := range hosts {
		if s != "changed" && s != "ok" {
			t.Errorf("host %s is %s", h, s)
		}
	}
}

// In the cockpit: the failed fleet step shows its five hosts with web4's
// message; H and the arrows open web4's task results; once web4 is fixed,
// R (retry failed hosts) runs the playbook on web4 alone, and the launch
// completes.
func TestFleetCockpitRetriesFailedHosts(t *testing.T) {
	needTmux(t)
	dir, out, path := fleetDir(t, "ask", "web4")
	term := startTmux(t, dir, 120, 40, []string{"NO_COLOR=1"}, golive+" --exit "+path)
	term.waitFor(30*time.Second, "GO / NO-GO")
	goBy(term, "alice")
	s := term.waitFor(3*time.Minute, "[R] retry failed hosts", "5 hosts: 4 changed, 1 failed")
	for i := 1; i <= 5; i++ {
		if !strings.Contains(s, fmt.Sprintf("web%d", i)) {
			t.Fatalf("host web%d is not on screen:\n%s", i, s)
		}
	}
	if !regexp.MustCompile(`failed +web4 .*health check failed on web4`).MatchString(s) {
		t.Fatalf("web4's row does not show its failure:\n%s", s)
	}
	term.keys("H")
	term.waitFor(10*time.Second, "enter its tasks")
	term.keys("j", "j", "j", "Enter")
	term.waitFor(10*time.Second, "esc back to the hosts", "deploy", "count")
	term.keys("Escape")
	term.waitFor(10*time.Second, "enter its tasks")
	term.keys("Escape")
	term.waitFor(10*time.Second, "H browse the hosts")

	if err := os.Remove(filepath.Join(out, "broken-web4")); err != nil {
		t.Fatal(err)
	}
	term.keys("R")
	waitJournal(t, dir, func(ev map[string]any) bool { return ev["type"] == "launch_finished" })
	var retried string
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == "step_started" && ev["id"] == "deploy" && ev["attempt"] == 2.0 {
			retried, _ = ev["detail"].(string)
		}
	}
	if !strings.Contains(retried, "--limit web4 ") {
		t.Errorf("the retry's command line %q does not limit it to web4", retried)
	}
	for i := 1; i <= 5; i++ {
		b, _ := os.ReadFile(filepath.Join(out, fmt.Sprintf("web%d.runs", i)))
		runs, want := strings.Count(string(b), "run"), 1
		if i == 4 {
			want = 2
		}
		if runs != want {
			t.Errorf("web%d ran %d times, want %d", i, runs, want)
		}
	}
	r, hosts, _ := hostTable(t, dir, path)
	if r.Outcome != "completed" || (hosts["web4"] != "changed" && hosts["web4"] != "ok") {
		t.Errorf("after the retry: outcome %q, hosts %v", r.Outcome, hosts)
	}
	if got := readEnvFile(t, filepath.Join(dir, "after.env")); got != "changed=web1,web2,web3,web4,web5 failed=" {
		t.Errorf("env of the step after the retry: %q", got)
	}
}

// Killing a headless driver in the middle of the playbook (during the
// second batch) and resuming it with --yes: the resumed launch says which
// hosts had finished, retries the rest alone, and completes.
func TestFleetKilledMidPlaybookRetriesTheRest(t *testing.T) {
	dir, out, path := fleetDir(t, "ask")
	cmd := exec.Command(golive, "run", "--headless", "--yes", "--approver", "alice", path)
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "cutover deploy host web3 changed") {
				seen <- true
				break
			}
		}
		seen <- false
		io.Copy(io.Discard, stdout)
	}()
	select {
	case ok := <-seen:
		if !ok {
			cmd.Wait()
			t.Fatal("the launch ended before the second batch changed web3")
		}
	case <-time.After(3 * time.Minute):
		t.Fatal("no host line for web3")
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	so, se, code := runGolive(t, dir, "run", "--headless", "--resume", "--yes", "--approver", "alice", path)
	if code != 0 {
		t.Fatalf("resumed launch exit %d\nstdout:\n%s\nstderr:\n%s", code, so, se)
	}
	if !strings.Contains(so, "hosts finished (web1, web2)") || !strings.Contains(so, "retry_rest") {
		t.Errorf("the resumed launch does not say which hosts finished:\n%s", so)
	}
	var limit string
	for _, ev := range journalOf(t, dir) {
		if ev["type"] == "step_started" && ev["id"] == "deploy" && ev["attempt"] == 2.0 {
			limit, _ = ev["detail"].(string)
		}
	}
	if !strings.Contains(limit, "--limit web3,web4,web5 ") {
		t.Errorf("the retry of the rest ran %q, want --limit web3,web4,web5", limit)
	}
	for _, h := range []string{"web1", "web2"} {
		b, _ := os.ReadFile(filepath.Join(out, h+".runs"))
		if n := strings.Count(string(b), "run"); n != 1 {
			t.Errorf("%s, finished before the crash, ran %d times", h, n)
		}
	}
	r, hosts, _ := hostTable(t, dir, path)
	if r.Outcome != "completed" || len(hosts) != 5 || hosts["web5"] != "changed" {
		t.Errorf("after the resume: outcome %q, hosts %v", r.Outcome, hosts)
	}
}

// A canary by hosts: a staged fleet step whose limit names the stage runs
// the playbook on web1 alone, then on web1-web3, then on the whole group;
// each host's runs file counts the stages that included it.
func TestFleetStagedByHostGroup(t *testing.T) {
	dir, out, _ := fleetDir(t, "rollback")
	path := writeFile(t, dir, "staged.toml", fmt.Sprintf(`
[launch]
name = "fleet-staged"
approvers = ["alice"]

[[cutover]]
id = "deploy"
stages = ["web1", "web[0:2]", "web"]
ansible = { playbook = "deploy.yml", inventory = "hosts.ini", limit = "${GOLIVE_STAGE}", extra_vars = { version = "v2", out_dir = %q } }
max_fail = "0%%"
`, out))
	stdout, stderr, code := runGolive(t, dir, "run", "--headless", "--yes", "--approver", "alice", path)
	if code != 0 {
		t.Fatalf("exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	for _, stage := range []string{"web1", "web[0:2]", "web"} {
		if !strings.Contains(stdout, "cutover deploy stage "+stage+" started") {
			t.Errorf("no line for stage %s:\n%s", stage, stdout)
		}
	}
	want := map[string]int{"web1": 3, "web2": 2, "web3": 2, "web4": 1, "web5": 1}
	for host, n := range want {
		b, err := os.ReadFile(filepath.Join(out, host+".runs"))
		if err != nil {
			t.Fatalf("%s never ran: %v", host, err)
		}
		if got := strings.Count(string(b), "run"); got != n {
			t.Errorf("%s ran in %d stages, want %d", host, got, n)
		}
	}
}
