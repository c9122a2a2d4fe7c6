package runbook

import (
	"errors"
	"strings"
	"testing"
)

const aliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGktV9AtyFOGhZj45Dufpt2R/z6kIf5sh+QtNsy/aeBK alice@laptop"

func TestPeopleLoad(t *testing.T) {
	src := `[launch]
name = "x"
approvers = ["alice", "bob"]
quorum = 2

[[cutover]]
id = "s"
run = "true"

[[people]]
name = "alice"
roles = ["driver", "approver"]
os_user = "alice"
ssh_keys = ["` + aliceKey + `"]

[[people]]
name = "bob"
roles = ["approver"]
os_user = "bob"

[[people]]
name = "carol"
`
	rb, err := Parse("good.toml", []byte(src), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rb.People) != 3 {
		t.Fatalf("people = %d, want 3", len(rb.People))
	}
	alice := rb.PersonByOSUser("alice")
	if alice == nil || alice.Name != "alice" || !alice.Has(RoleDriver) || !alice.Has(RoleApprover) || alice.Has(RoleWatcher) {
		t.Fatalf("alice = %+v", alice)
	}
	if got := rb.PersonByKey("SHA256:y7UiDl/ewA8D1TtnD5txWoQdGMUI68i/+C+6ZcOguQs"); got != alice {
		t.Fatalf("by key = %+v, want alice (fingerprint as ssh-keygen -l prints it)", got)
	}
	if alice.SSHKeys[0].Comment != "alice@laptop" || alice.SSHKeys[0].Pos.Line != 14 {
		t.Fatalf("key = %+v", alice.SSHKeys[0])
	}
	if carol := rb.Person("carol"); carol == nil || len(carol.Roles) != 1 || carol.Roles[0] != RoleWatcher {
		t.Fatalf("carol = %+v, want the watcher role by default", carol)
	}
	if rb.PersonByOSUser("") != nil || rb.PersonByOSUser("root") != nil || rb.Person("dave") != nil {
		t.Fatal("lookups of nobody found somebody")
	}
}

func TestPeopleBad(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "unknown role, duplicate name, bad key, unknown key",
			src: `[launch]
name = "x"

[[cutover]]
id = "s"
run = "true"

[[people]]
name = "alice"
roles = ["driver", "boss"]

[[people]]
name = "alice"
ssh_keys = ["ssh-ed25519 notakey"]
email = "a@example.com"
`,
			want: []string{
				`bad.toml:8:1: nobody among [[people]] has the approver role, so no one could open the gate`,
				`bad.toml:10:20: unknown role "boss" for "alice"; use one of driver, approver, watcher`,
				`bad.toml:13:8: person "alice" is listed twice (first at bad.toml:9:8)`,
				`bad.toml:14:13: ssh key 1 of "alice" is not a public key (`,
				`bad.toml:15:1: unknown key "email" in [[people]]; known keys: name, roles, os_user, ssh_keys`,
			},
		},
		{
			name: "approvers must be people with the approver role",
			src: `[launch]
name = "x"
approvers = ["alice", "bob", "zed"]

[[cutover]]
id = "s"
run = "true"

[[people]]
name = "alice"
roles = ["approver"]

[[people]]
name = "bob"
roles = ["driver"]
`,
			want: []string{
				`bad.toml:3:23: approver "bob" does not have the approver role: add "approver" to the roles of "bob" at bad.toml:13:1`,
				`bad.toml:3:30: approver "zed" is not one of the [[people]]: add a [[people]] entry named "zed"`,
			},
		},
		{
			name: "one OS user or key proves one person; quorum within the approvers",
			src: `[launch]
name = "x"
quorum = 3

[[cutover]]
id = "s"
run = "true"

[[people]]
name = "alice"
roles = ["approver"]
os_user = "ops"
ssh_keys = ["` + aliceKey + `"]

[[people]]
name = "bob"
roles = ["approver"]
os_user = "ops"
ssh_keys = ["` + aliceKey + `"]

[[people]]
name = ""
os_user = ""
`,
			want: []string{
				`bad.toml:3:10: quorum 3 is more than the 2 people with the approver role`,
				`bad.toml:18:11: os_user "ops" already proves "alice": one OS user can prove only one person`,
				`bad.toml:19:13: ssh key SHA256:y7UiDl/ewA8D1TtnD5txWoQdGMUI68i/+C+6ZcOguQs already proves "alice"`,
				`bad.toml:22:8: a person's name is empty`,
				`bad.toml:23:11: os_user of this person is empty`,
			},
		},
		{
			name: "people must be a list of tables",
			src:  "[launch]\nname = \"x\"\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n[people]\nname = \"alice\"\n",
			want: []string{`bad.toml:6:1: people must be a list of tables: write [[people]] (double brackets) for each person`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.toml", []byte(c.src), LoadOptions{Environ: []string{}})
			var probs Problems
			if !errors.As(err, &probs) {
				t.Fatalf("err = %v, want Problems", err)
			}
			if len(probs) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(c.want), probs)
			}
			for i, w := range c.want {
				if !strings.HasPrefix(probs[i].String(), w) {
					t.Errorf("problem %d:\n got %s\nwant %s...", i, probs[i], w)
				}
			}
		})
	}
}

func TestDiffPeople(t *testing.T) {
	head := "[launch]\nname = \"d\"\n%s\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n"
	a, err := Parse("a.toml", []byte(strings.Replace(head, "%s", "", 1)+`
[[people]]
name = "alice"
roles = ["approver"]
os_user = "alice"
[[people]]
name = "bob"
roles = ["approver"]
`), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.toml", []byte(strings.Replace(head, "%s", "separate_approver = true", 1)+`
[[people]]
name = "alice"
roles = ["approver"]
os_user = "root"
[[people]]
name = "carol"
roles = ["approver"]
`), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`separate_approver: false → true`, `person "bob" removed`, `person "alice" changed`, `person "carol" added`}
	if got := Diff(a, b); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Diff =\n%q\nwant\n%q", got, want)
	}
}
