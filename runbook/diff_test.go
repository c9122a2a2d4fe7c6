package runbook

import (
	"slices"
	"testing"
)

func TestDiff(t *testing.T) {
	base := `[launch]
name = "d"
approvers = ["alice"]
[env]
A = "1"
[[preflight]]
id = "c1"
run = "true"
[[cutover]]
id = "s1"
run = "echo one"
rollback = "echo undo one"
[[cutover]]
id = "s2"
run = "echo two"
`
	changed := `[launch]
name = "d"
approvers = ["alice", "bob"]
quorum = 2
[env]
A = "2"
B = "x"
[[preflight]]
id = "c1"
run = "true"
[[cutover]]
id = "s2"
run = "echo two"
[[cutover]]
id = "s1"
run = "echo one"
rollback = "echo undo ONE"
[[cutover]]
id = "s3"
run = "echo three"
`
	a, err := Parse("a.toml", []byte(base), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if d := Diff(a, a); len(d) != 0 {
		t.Fatalf("a runbook differs from itself: %q", d)
	}
	b, err := Parse("b.toml", []byte(changed), LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`approvers: [alice] quorum 1 → [alice bob] quorum 2`,
		`env A changed`,
		`env B added`,
		`cutover step "s1" changed`,
		`cutover step "s3" added`,
		`cutover steps reordered: s1, s2 → s2, s1`,
	}
	if got := Diff(a, b); !slices.Equal(got, want) {
		t.Errorf("Diff =\n%q\nwant\n%q", got, want)
	}
}
