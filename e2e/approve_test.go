package e2e

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"

	"golive/ballot"
	"golive/launch"
	"golive/runbook"
)

// voterUser is the second OS user who votes in these tests.
const voterUser = "golive-voter"

// driverStub stands where the engine will: it takes ballots on the real
// voting socket of a runbook's state root and answers them with the real
// tally, so these tests prove the command, the socket and the kernel's
// word on who votes.
func driverStub(t *testing.T, rbPath string) {
	t.Helper()
	rb, err := runbook.Load(rbPath, runbook.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	root := launch.StateRoot(rb, "")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "private"), []byte("driver only\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	srv, err := ballot.Listen(root)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	t.Cleanup(func() { close(done); srv.Close() })
	rules, driver := ballot.RulesOf(rb), ballot.Driver{OSUser: "root"}
	go func() {
		var votes []ballot.Vote
		for {
			select {
			case d := <-srv.Ballots():
				dec := ballot.Decide(rules, driver, 0, votes, d.Ballot)
				if dec.Accepted {
					votes = append(votes, dec.Vote)
				}
				d.Reply(dec.Answer)
			case <-done:
				return
			}
		}
	}()
}

// runAs runs golive as another OS user (the binary and the runbook are
// readable by everyone; the launch's state is not).
func runAs(t *testing.T, u *user.User, bin, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command("setpriv", append([]string{"--reuid=" + u.Uid, "--regid=" + u.Gid, "--clear-groups", bin}, args...)...)
	cmd.Dir = dir
	var o, e bytesBuffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running golive %v as %s: %v", args, u.Username, err)
	}
	return o.String(), e.String(), code
}

func TestApproveNobodyListening(t *testing.T) {
	dir := t.TempDir()
	rb := writeFile(t, dir, "r.toml", "[launch]\nname = \"quiet\"\napprovers = [\"bob\"]\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n")
	_, stderr, code := runGolive(t, dir, "approve", rb, "--as", "bob")
	if code != 2 || !strings.Contains(stderr, "no launch of "+rb+" is waiting at a gate") {
		t.Fatalf("exit %d, stderr %q; want 2 and no launch waiting", code, stderr)
	}
	_, stderr, code = runGolive(t, dir, "approve", "--no-go", "", rb)
	if code != 2 || !strings.Contains(stderr, "--no-go needs a reason") {
		t.Fatalf("exit %d, stderr %q; want 2 asking for a reason", code, stderr)
	}
}

// TestApproveLabels: without [[people]], two names from one OS user count
// once and the second says so; another OS user's vote reaches the quorum,
// and flags work in any position.
func TestApproveLabels(t *testing.T) {
	voter, bin, dir := otherUserSetup(t)
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "labels"
approvers = ["alice", "bob"]
quorum = 2

[[cutover]]
id = "s"
run = "true"
`)
	driverStub(t, rb)
	out, stderr, code := runGolive(t, dir, "approve", "--as", "alice", rb)
	if code != 0 || !strings.Contains(out, "GO counted for alice (os_user root, proven by kernel); 1 more GO needed (may still vote: bob)") {
		t.Fatalf("alice: exit %d\n%s%s", code, out, stderr)
	}
	_, stderr, code = runGolive(t, dir, "approve", rb, "--as", "bob")
	if code != 2 || !strings.Contains(stderr, "vote refused: already voted: os_user root already voted GO as alice: one identity counts once") {
		t.Fatalf("bob from root: exit %d, stderr %q; want refused", code, stderr)
	}
	out, stderr, code = runAs(t, voter, bin, dir, "approve", "--as=bob", rb)
	if code != 0 || !strings.Contains(out, "GO counted for bob (os_user "+voterUser+", proven by kernel); the quorum is reached") {
		t.Fatalf("bob from %s: exit %d\n%s%s", voterUser, code, out, stderr)
	}
	private := filepath.Join(dir, ".golive", "labels", "private")
	cat := exec.Command("setpriv", "--reuid="+voter.Uid, "--regid="+voter.Gid, "--clear-groups", "cat", private)
	if out, err := cat.CombinedOutput(); err == nil || !strings.Contains(string(out), "Permission denied") {
		t.Fatalf("%s read the driver's state (%v): %s", voterUser, err, out)
	}
	_, stderr, code = runAs(t, voter, bin, dir, "approve", "--as", "bob", filepath.Join(dir, ".golive", "labels"))
	if code != 2 || !strings.Contains(stderr, "already voted") {
		t.Fatalf("second vote through STATE_DIR: exit %d, stderr %q", code, stderr)
	}
}

// TestApprovePeopleSeparate: with [[people]] and separate_approver, the
// driver's own vote is refused with the reason, and another OS user who
// is an approver votes without --as.
func TestApprovePeopleSeparate(t *testing.T) {
	voter, bin, dir := otherUserSetup(t)
	rb := writeFile(t, dir, "r.toml", `[launch]
name = "people"
approvers = ["alice", "bob"]
separate_approver = true

[[cutover]]
id = "s"
run = "true"

[[people]]
name = "alice"
roles = ["driver", "approver"]
os_user = "root"

[[people]]
name = "bob"
roles = ["approver"]
os_user = "`+voterUser+`"
`)
	driverStub(t, rb)
	_, stderr, code := runGolive(t, dir, "approve", rb)
	if code != 2 || !strings.Contains(stderr, "the driver cannot approve (separate_approver): os_user root drives this launch") {
		t.Fatalf("driver: exit %d, stderr %q", code, stderr)
	}
	_, stderr, code = runAs(t, voter, bin, dir, "approve", "--as", "alice", rb)
	if code != 2 || !strings.Contains(stderr, "identity does not match the name: you are os_user "+voterUser+", which proves bob, not alice") {
		t.Fatalf("bob claiming alice: exit %d, stderr %q", code, stderr)
	}
	out, stderr, code := runAs(t, voter, bin, dir, "approve", rb)
	if code != 0 || !strings.Contains(out, "GO counted for bob (os_user "+voterUser+", proven by kernel); the quorum is reached") {
		t.Fatalf("bob: exit %d\n%s%s", code, out, stderr)
	}
}

// otherUserSetup creates the voter's OS user and a directory and binary
// it may use; the test skips when it cannot create users.
func otherUserSetup(t *testing.T) (*user.User, string, string) {
	t.Helper()
	if os.Getuid() != 0 {
		t.Skip("needs root: it creates a second OS user with useradd and votes as that user")
	}
	u, err := user.Lookup(voterUser)
	if err != nil {
		if out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", voterUser).CombinedOutput(); err != nil {
			t.Fatalf("useradd: %v\n%s", err, out)
		}
		t.Cleanup(func() { exec.Command("userdel", voterUser).Run() })
		if u, err = user.Lookup(voterUser); err != nil {
			t.Fatal(err)
		}
	}
	dir, err := os.MkdirTemp("", "golive-approve-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(golive)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "golive")
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	return u, bin, dir
}
