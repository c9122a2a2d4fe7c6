package checks

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"golive/runbook"
)

// fleetFixture is a five-host fleet: web1-web4 on Ansible's local
// connection, web5 over a real SSH server on loopback.
type fleetFixture struct {
	dir, inventory, out string
	local2              string // an inventory of web1 and web2 alone, both local
}

func newFleetFixture(t *testing.T) fleetFixture {
	t.Helper()
	if _, err := exec.LookPath("ansible-playbook"); err != nil {
		missingTool(t, "ansible-playbook is not installed (apt-get install ansible-core)")
	}
	ssh := startSSHD(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(out, 0o700); err != nil {
		t.Fatal(err)
	}
	py := "ansible_python_interpreter=/usr/bin/python3"
	inv := "[web]\n"
	for i := 1; i <= 4; i++ {
		inv += fmt.Sprintf("web%d ansible_connection=local %s\n", i, py)
	}
	inv += fmt.Sprintf("web5 ansible_connection=ssh ansible_host=127.0.0.1 ansible_port=%d ansible_user=%s "+
		"ansible_ssh_private_key_file=%s ansible_ssh_args='-o ControlMaster=no' "+
		"ansible_ssh_common_args='-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR' %s\n",
		ssh.Port, ssh.User, ssh.Key, py)
	invPath := filepath.Join(dir, "hosts.ini")
	if err := os.WriteFile(invPath, []byte(inv), 0o600); err != nil {
		t.Fatal(err)
	}
	local2 := filepath.Join(dir, "local2.ini")
	if err := os.WriteFile(local2, []byte("[web]\nweb1 ansible_connection=local "+py+"\nweb2 ansible_connection=local "+py+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return fleetFixture{dir: dir, inventory: invPath, out: out, local2: local2}
}

// run runs the fixture's playbook with bad_host failing its health task.
func (fx fleetFixture) env() []string {
	return append(os.Environ(), "ANSIBLE_HOST_KEY_CHECKING=False", "ANSIBLE_LOCAL_TEMP="+filepath.Join(fx.dir, "tmp"))
}

func (fx fleetFixture) run(t *testing.T, badHost string, edit func(*AnsibleRun)) (AnsibleResult, string, []string) {
	t.Helper()
	pb, err := filepath.Abs("testdata/fleet/deploy.yml")
	if err != nil {
		t.Fatal(err)
	}
	r := AnsibleRun{
		Spec: &runbook.Ansible{
			Playbook: pb, Inventory: fx.inventory, Forks: 5,
			ExtraVars: map[string]any{"version": "v2-secret-value", "out_dir": fx.out, "bad_host": badHost},
		},
		Dir: fx.dir,
		Env: fx.env(),
	}
	if edit != nil {
		edit(&r)
	}
	var out bytes.Buffer
	var mu sync.Mutex
	var lines []string
	res := RunAnsible(context.Background(), r, AnsibleIO{
		Output: &out,
		OnEvent: func(e FleetEvent, changes []HostChange, f *Fleet) {
			mu.Lock()
			defer mu.Unlock()
			for _, c := range changes {
				lines = append(lines, HostLine(c.At, "cutover", "deploy", c))
			}
		},
	})
	return res, out.String(), lines
}

func TestAnsibleFleet(t *testing.T) {
	fx := newFleetFixture(t)

	t.Run("one host fails its health task", func(t *testing.T) {
		res, out, lines := fx.run(t, "web4", func(r *AnsibleRun) { r.Budget = runbook.MaxFail{N: 0, Percent: true, Src: "0%"} })
		f := res.Fleet
		if res.Proc.Exit != 2 {
			t.Errorf("exit %d, want 2 (a host failed)\n%s", res.Proc.Exit, out)
		}
		if res.Passed || !strings.Contains(res.Reason, "1 of 5 hosts failed or unreachable (web4); max_fail 0%") {
			t.Errorf("passed %v, reason %q; want a failure naming web4", res.Passed, res.Reason)
		}
		if len(f.Hosts) != 5 || f.Count(HostChanged) != 4 || f.Count(HostFailed) != 1 {
			t.Fatalf("fleet %s, want 5 hosts: 4 changed, 1 failed", f.Summary())
		}
		h, _ := f.Host("web4")
		if h.FailedTask != "health" || h.Msg != "health check failed on web4" {
			t.Errorf("web4 failed at %q with %q", h.FailedTask, h.Msg)
		}
		if got := f.ChangedHosts(); !slices.Equal(got, []string{"web1", "web2", "web3", "web4", "web5"}) {
			t.Errorf("changed hosts %v, want all five (web4 changed before it failed)", got)
		}
		if got := f.FailedHosts(); !slices.Equal(got, []string{"web4"}) {
			t.Errorf("failed hosts %v", got)
		}
		if f.Batches != 3 || f.Batch != 3 || !f.Done {
			t.Errorf("batch %d/%d done %v, want 3/3 done (serial 2 over 5 hosts)", f.Batch, f.Batches, f.Done)
		}
		if !strings.Contains(out, "PLAY RECAP") || !strings.Contains(out, "TASK [health]") {
			t.Errorf("the human-readable output is missing:\n%s", out)
		}
		if strings.Contains(strings.Join(res.Argv, " "), "v2-secret-value") {
			t.Errorf("an extra variable's value is on the command line: %q", res.Argv)
		}
		if !slices.ContainsFunc(lines, func(l string) bool {
			return strings.HasSuffix(l, ` cutover deploy host web4 failed "health check failed on web4"`)
		}) {
			t.Errorf("no headless failed line for web4 in:\n%s", strings.Join(lines, "\n"))
		}
		if b, err := os.ReadFile(filepath.Join(fx.out, "web5.txt")); err != nil || string(b) != "v2-secret-value\n" {
			t.Errorf("web5 (over ssh) release file: %q %v", b, err)
		}
		if want := []string{"GOLIVE_CHANGED_HOSTS=web1,web2,web3,web4,web5", "GOLIVE_FAILED_HOSTS=web4"}; !slices.Equal(f.Env(), want) {
			t.Errorf("env %v, want %v", f.Env(), want)
		}

		t.Run("retry runs only the failed hosts", func(t *testing.T) {
			res, out, _ := fx.run(t, "none", func(r *AnsibleRun) { *r = r.Retry(f) })
			if !res.Passed || len(res.Fleet.Hosts) != 1 || res.Fleet.Hosts[0].Name != "web4" {
				t.Fatalf("retry passed %v (%s), hosts %s; want web4 alone\n%s", res.Passed, res.Reason, res.Fleet.Summary(), out)
			}
		})
	})

	t.Run("healthy fleet", func(t *testing.T) {
		res, out, _ := fx.run(t, "none", nil)
		if !res.Passed || res.Proc.Exit != 0 {
			t.Fatalf("passed %v exit %d (%s)\n%s", res.Passed, res.Proc.Exit, res.Reason, out)
		}
		for _, h := range res.Fleet.Hosts {
			if h.Status != HostOK && h.Status != HostChanged {
				t.Errorf("host %s is %s, want ok or changed", h.Name, h.Status)
			}
		}
		if len(res.Fleet.Hosts) != 5 {
			t.Errorf("%d hosts, want 5", len(res.Fleet.Hosts))
		}
	})

	t.Run("plan's host count from ansible-inventory", func(t *testing.T) {
		inv, err := LoadInventory(context.Background(), &runbook.Ansible{Inventory: fx.inventory}, fx.dir, fx.env())
		if err != nil {
			t.Fatal(err)
		}
		got, err := inv.Select("web[0:1],web5")
		if err != nil || len(inv.All) != 5 || strings.Join(got, ",") != "web1,web2,web5" {
			t.Errorf("all %v; web[0:1],web5 selects %v %v", inv.All, got, err)
		}
	})

	t.Run("pre-flight check mode changes nothing", func(t *testing.T) {
		pb, _ := filepath.Abs("testdata/fleet/deploy.yml")
		c := &runbook.Check{
			ID: "dry", Kind: runbook.KindAnsible, Timeout: runbook.DefaultAnsibleTimeout, Retry: runbook.Retry{Attempts: 1},
			Ansible: &runbook.Ansible{Playbook: pb, Inventory: fx.local2, Check: true,
				ExtraVars: map[string]any{"version": "v3", "out_dir": fx.out, "bad_host": "none"}},
		}
		var out bytes.Buffer
		r := Run(context.Background(), c, Options{Env: fx.env(), Dir: fx.dir, Stdout: &out})
		if r.Status != Pass || r.Summary != "2 of 2 hosts would change" {
			t.Fatalf("status %s (%s), summary %q; want pass, 2 of 2 would change\n%s", r.Status, r.Reason, r.Summary, out.String())
		}
		if b, _ := os.ReadFile(filepath.Join(fx.out, "web1.txt")); string(b) != "v2-secret-value\n" {
			t.Errorf("check mode changed web1's file to %q", b)
		}
		if !strings.Contains(out.String(), "+v3") {
			t.Errorf("no --diff output in:\n%s", out.String())
		}
	})
}
