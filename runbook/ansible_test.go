package runbook

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fleetDir makes a runbook directory holding a playbook and an inventory,
// so path checks pass, and returns it.
func fleetDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"deploy.yml", "hosts.ini"} {
		if err := os.WriteFile(filepath.Join(dir, f), []byte("# test\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestAnsibleStepLoads(t *testing.T) {
	dir := fleetDir(t)
	src := `[launch]
name = "fleet"

[env]
VERSION = "v2"

[[preflight]]
id = "dry"
ansible = { playbook = "deploy.yml", inventory = "hosts.ini", check = true }

[[cutover]]
id       = "deploy"
ansible  = { playbook = "deploy.yml", inventory = "hosts.ini", limit = "web:${GOLIVE_STAGE}:$$x", extra_vars = { version = "${VERSION}", n = 3, tags = ["a", "b"], db = { password = "hunter2" } }, forks = 20 }
max_fail = "10%"
rehearse = "check"
rollback = "ansible-playbook -i hosts.ini rollback.yml --limit \"$GOLIVE_CHANGED_HOSTS\""
`
	r, err := Parse(filepath.Join(dir, "fleet.toml"), []byte(src), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Preflight[0]
	if c.Kind != KindAnsible || c.Ansible == nil || !c.Ansible.Check {
		t.Fatalf("check: kind %q ansible %+v, want an ansible check in check mode", c.Kind, c.Ansible)
	}
	s := r.Cutover[0]
	a := s.Ansible
	if a == nil || a.Playbook != filepath.Join(dir, "deploy.yml") || a.Inventory != filepath.Join(dir, "hosts.ini") || a.Forks != 20 {
		t.Fatalf("step ansible = %+v", a)
	}
	if got := a.LimitFor("web1", "0"); got != "web:web1:$x" {
		t.Errorf("LimitFor = %q, want web:web1:$x", got)
	}
	if a.ExtraVars["version"] != "v2" || a.ExtraVars["n"] != int64(3) {
		t.Errorf("extra vars = %#v", a.ExtraVars)
	}
	if got := a.SecretValues(); len(got) != 1 || got[0] != "hunter2" {
		t.Errorf("secret values %v, want hunter2 alone", got)
	}
	if got := r.NewMasker([]string{}).Mask("pw hunter2 for v2"); got != "pw ••• for v2" {
		t.Errorf("masked %q", got)
	}
	if !s.RehearseCheck || !s.Rehearse {
		t.Errorf("rehearse = %v, check %v; want check mode", s.Rehearse, s.RehearseCheck)
	}
	if s.MaxFail != (MaxFail{N: 10, Percent: true, Src: "10%"}) {
		t.Errorf("max_fail = %+v", s.MaxFail)
	}
	want := "ansible-playbook deploy.yml -i hosts.ini --limit web:${GOLIVE_STAGE}:$$x -e db=••• -e n=••• -e tags=••• -e version=••• --forks 20"
	if got := s.Target(); got != want {
		t.Errorf("target\n got %s\nwant %s", got, want)
	}
}

func TestAnsibleBad(t *testing.T) {
	dir := fleetDir(t)
	cases := []struct {
		name, src string
		want      []string
	}{
		{"run and ansible", `[[cutover]]
id = "d"
run = "true"
ansible = { playbook = "deploy.yml" }
`, []string{`f.toml:7:1: step "d" has both run and ansible: keep one`}},
		{"check with two kinds", `[[preflight]]
id = "d"
ansible = { playbook = "deploy.yml" }
tcp = "127.0.0.1:1"
`, []string{`f.toml:7:1: check "d" has two kinds (tcp and ansible): keep one`}},
		{"missing playbook and inventory", `[[cutover]]
id = "d"
ansible = { playbook = "nope.yml", inventory = "gone.ini" }
`, []string{
			`f.toml:6:24: playbook "nope.yml" of step "d" is not a file`,
			`f.toml:6:48: inventory "gone.ini" of step "d" does not exist`,
		}},
		{"no playbook, unknown key, bad forks", `[[cutover]]
id = "d"
ansible = { inventory = "a,b,", forks = 0, serial = 2 }
`, []string{
			`f.toml:6:1: ansible in step "d" needs a playbook`,
			`f.toml:6:41: forks in ansible of [[cutover]] must be at least 1, not 0`,
			`f.toml:6:44: unknown key "serial" in ansible of [[cutover]]`,
		}},
		{"bad max_fail and rehearse", `[[cutover]]
id = "d"
ansible = { playbook = "deploy.yml" }
max_fail = "ten"
rehearse = "dry"
[[cutover]]
id = "e"
run = "true"
max_fail = 1
rehearse = "check"
`, []string{
			`f.toml:7:12: max_fail "ten" is not a host count or a percentage: write "0%", "10%" or "2" (in step "d")`,
			`f.toml:8:12: rehearse in step "d" is "dry": use true, false or "check"`,
			`f.toml:12:1: max_fail in step "e" applies only to an ansible check or step`,
			`f.toml:13:12: rehearse = "check" in step "e" needs an ansible playbook`,
		}},
		{"undefined variable in limit", `[[cutover]]
id = "d"
ansible = { playbook = "deploy.yml", limit = "${NOPE}" }
`, []string{`f.toml:6:47: variable ${NOPE} is not defined`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := "[launch]\nname = \"x\"\n\n" + tc.src
			_, err := Parse(filepath.Join(dir, "f.toml"), []byte(src), LoadOptions{Environ: []string{}})
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want problems", err)
			}
			got := strings.Split(ps.Error(), "\n")
			for i := 0; i < max(len(got), len(tc.want)); i++ {
				switch {
				case i >= len(got):
					t.Errorf("missing problem %d: %s", i+1, tc.want[i])
				case i >= len(tc.want):
					t.Errorf("unexpected problem %d: %s", i+1, got[i])
				case !strings.HasPrefix(strings.TrimPrefix(got[i], dir+"/"), tc.want[i]):
					t.Errorf("problem %d:\n got: %s\nwant: %s...", i+1, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestMaxFail(t *testing.T) {
	cases := []struct {
		src        string
		bad, total int
		exceeded   bool
	}{
		{"0%", 0, 5, false}, {"0%", 1, 5, true}, {"50%", 2, 5, false}, {"50%", 3, 5, true},
		{"0", 0, 5, false}, {"2", 2, 5, false}, {"2", 3, 5, true}, {"100%", 5, 5, false},
	}
	for _, c := range cases {
		m, err := ParseMaxFail(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := m.Exceeded(c.bad, c.total); got != c.exceeded {
			t.Errorf("%s with %d/%d bad: exceeded %v, want %v", c.src, c.bad, c.total, got, c.exceeded)
		}
	}
	for _, bad := range []string{"", "x", "-1", "101%", "1.5"} {
		if _, err := ParseMaxFail(bad); err == nil {
			t.Errorf("ParseMaxFail(%q) accepted", bad)
		}
	}
}
