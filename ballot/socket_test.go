package ballot

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// voterUser is the second OS user the socket tests vote as.
const voterUser = "golive-voter"

// clientEnv makes the test binary act as a voter: TestVoterProcess casts
// the request in it to the state root in it and prints the answer.
const clientEnv = "GOLIVE_BALLOT_TEST_VOTER"

type voterJob struct {
	Root    string  `json:"root"`
	Request Request `json:"request"`
	Journal string  `json:"journal"` // a driver's file the voter must not be able to read
}

type voterResult struct {
	UID       int    `json:"uid"`
	Answer    Answer `json:"answer"`
	Err       string `json:"err,omitempty"`
	ReadError string `json:"read_error"`
}

// TestVoterProcess is the voter's side, run in a child process as another
// OS user. It does nothing in an ordinary test run.
func TestVoterProcess(t *testing.T) {
	spec := os.Getenv(clientEnv)
	if spec == "" {
		t.Skip("runs only as the voter process of TestSocketProvesOtherUser")
	}
	var job voterJob
	if err := json.Unmarshal([]byte(spec), &job); err != nil {
		t.Fatal(err)
	}
	res := voterResult{UID: os.Getuid()}
	if _, err := os.ReadFile(job.Journal); err != nil {
		res.ReadError = err.Error()
	}
	a, err := Cast(context.Background(), []string{job.Root}, job.Request)
	res.Answer = a
	if err != nil {
		res.Err = err.Error()
	}
	json.NewEncoder(os.Stdout).Encode(res)
}

// TestSocketProvesOtherUser runs the server here (as root) and a voter as
// another OS user, and checks that the uid the server sees is the voter's,
// whatever name the voter claims, while the state root stays 0700 with a
// 0600 file the voter cannot read.
func TestSocketProvesOtherUser(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root: it creates an OS user with useradd and runs the voter as that user")
	}
	voter := ensureUser(t, voterUser)
	bin := publicCopy(t)

	base := publicDir(t)
	root := filepath.Join(base, ".golive", "checkout")
	if err := os.MkdirAll(root, 0o700); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(base, ".golive"), 0o755)
	journal := filepath.Join(root, "journal.jsonl")
	if err := os.WriteFile(journal, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	srv, err := Listen(root)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	job, _ := json.Marshal(voterJob{Root: root, Request: Request{As: "root"}, Journal: journal})
	uid, _ := strconv.Atoi(voter.Uid)
	cmd := exec.Command("setpriv", "--reuid="+voter.Uid, "--regid="+voter.Gid, "--clear-groups",
		bin, "-test.run=^TestVoterProcess$", "-test.v")
	cmd.Env = append(os.Environ(), clientEnv+"="+string(job))
	cmd.Dir = "/"
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()

	d := <-srv.Ballots()
	if d.Ballot.UID != uid || d.Ballot.OSUser != voterUser || d.Ballot.Proof != ProofKernel || d.Ballot.Label != "root" {
		t.Errorf("ballot = %+v, want uid %d os_user %s proven by the kernel, labelled as claimed", d.Ballot, uid, voterUser)
	}
	dec := Decide(Rules{Approvers: []string{"root"}, Quorum: 1, SeparateApprover: true}, Driver{OSUser: "root"}, 0, nil, d.Ballot)
	if !dec.Accepted || dec.Vote.Identity != "os_user "+voterUser {
		t.Errorf("decision = %+v, want the vote counted for %s's identity", dec, voterUser)
	}
	d.Reply(dec.Answer)

	raw, err := io.ReadAll(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("voter: %v\n%s", err, raw)
	}
	var res voterResult
	line := raw
	if i := strings.IndexByte(string(raw), '{'); i >= 0 {
		line = raw[i:]
	}
	if err := json.NewDecoder(strings.NewReader(string(line))).Decode(&res); err != nil {
		t.Fatalf("voter output %q: %v", raw, err)
	}
	if res.UID != uid || res.Err != "" {
		t.Fatalf("voter ran as uid %d (want %d), err %q", res.UID, uid, res.Err)
	}
	if !strings.Contains(res.ReadError, "permission denied") {
		t.Errorf("the voter could read the driver's journal (err %q): the state root is not private", res.ReadError)
	}
	if !res.Answer.Accepted || res.Answer.CountedAs != "root" || res.Answer.Identity != "os_user "+voterUser {
		t.Errorf("voter got %+v", res.Answer)
	}
	for _, p := range []string{root, journal} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if perm := st.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s is %v: voting must not need it opened up", p, perm)
		}
	}
}

// TestCastRefusesSquatter: abstract socket names are open to every user,
// so a process of another user could bind a launch's name first. The
// voter compares who listens with who owns the state root and refuses.
func TestCastRefusesSquatter(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root: it gives the state root to another OS user")
	}
	voter := ensureUser(t, voterUser)
	root := filepath.Join(publicDir(t), "launch")
	if err := os.Mkdir(root, 0o700); err != nil {
		t.Fatal(err)
	}
	uid, _ := strconv.Atoi(voter.Uid)
	gid, _ := strconv.Atoi(voter.Gid)
	if err := os.Chown(root, uid, gid); err != nil {
		t.Fatal(err)
	}
	srv, err := Listen(root) // this process (root) is not the owner: a squatter
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	_, err = Cast(context.Background(), []string{root}, Request{As: "x"})
	if err == nil || !strings.Contains(err.Error(), "runs as root, but the launch belongs to "+voterUser) {
		t.Fatalf("err = %v, want a refusal naming both users", err)
	}
}

// TestSocketSameUser votes from this process: the answer travels back,
// a refusal is an answer and not an error, and the uid is this process's.
func TestSocketSameUser(t *testing.T) {
	root := filepath.Join(t.TempDir(), "launch")
	srv, err := Listen(root)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if _, err := Listen(root); err == nil || !strings.Contains(err.Error(), "another process already takes votes") {
		t.Fatalf("second Listen: %v, want a clear refusal", err)
	}
	done := make(chan Delivery, 1)
	go func() {
		d := <-srv.Ballots()
		done <- d
		d.Reply(Answer{Refusal: RefuseAlreadyVoted, Message: "x already voted", Needed: 1})
	}()
	a, err := Cast(context.Background(), []string{filepath.Join(root, "nope"), root}, Request{As: "x", NoGo: true, Reason: "smoke"})
	if err != nil {
		t.Fatal(err)
	}
	d := <-done
	if d.Ballot.UID != os.Getuid() || !d.Ballot.NoGo || d.Ballot.Reason != "smoke" {
		t.Fatalf("ballot = %+v", d.Ballot)
	}
	if a.Accepted || a.Refusal != RefuseAlreadyVoted || a.Needed != 1 {
		t.Fatalf("answer = %+v", a)
	}
}

// TestCastNobodyListening: no driver means ErrNoLaunch at once, not a hang.
func TestCastNobodyListening(t *testing.T) {
	_, err := Cast(context.Background(), []string{t.TempDir()}, Request{As: "x"})
	if !errors.Is(err, ErrNoLaunch) {
		t.Fatalf("err = %v, want ErrNoLaunch", err)
	}
}

// TestCloseAnswersWaitingVoter: a voter whose ballot the engine took but
// never answered hears that the launch stopped listening.
func TestCloseAnswersWaitingVoter(t *testing.T) {
	root := t.TempDir()
	srv, err := Listen(root)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		<-srv.Ballots()
		srv.Close()
	}()
	a, err := Cast(context.Background(), []string{root}, Request{As: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Accepted || a.Refusal != RefuseServerShutdown {
		t.Fatalf("answer = %+v", a)
	}
}

// ensureUser returns the OS user name, creating it (and removing it after
// the test) when it does not exist.
func ensureUser(t *testing.T, name string) *user.User {
	t.Helper()
	if u, err := user.Lookup(name); err == nil {
		return u
	}
	if out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name).CombinedOutput(); err != nil {
		t.Fatalf("useradd %s: %v\n%s", name, err, out)
	}
	t.Cleanup(func() { exec.Command("userdel", name).Run() })
	u, err := user.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// publicDir is a temporary directory every user may enter, as a runbook's
// directory usually is; what is private inside it is up to the test.
func publicDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "ballot-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// publicCopy copies the test binary where another user may run it: the
// one go test built sits in a directory private to root.
func publicCopy(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := publicDir(t)
	src, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "ballot.test")
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestServerBadRequests: what a voter sends is never trusted; garbage
// gets a clear refusal and never reaches the engine.
func TestServerBadRequests(t *testing.T) {
	root := t.TempDir()
	srv, err := Listen(root)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	name, err := Address(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ send, want string }{
		{"not json\n", "the vote is not a JSON object"},
		{"", "no vote received"},
		{`{"as":"x","uid":0,"os_user":"root"` + "\n", "the vote is not a JSON object"},
	} {
		c, err := net.Dial("unix", name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(c, tc.send)
		c.(*net.UnixConn).CloseWrite()
		raw, err := io.ReadAll(c)
		c.Close()
		if err != nil {
			t.Fatal(err)
		}
		var a Answer
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("send %q: answer %q: %v", tc.send, raw, err)
		}
		if a.Accepted || a.Refusal != RefuseBadRequest || !strings.Contains(a.Message, tc.want) {
			t.Errorf("send %q: answer %+v, want a bad request saying %q", tc.send, a, tc.want)
		}
	}
	select {
	case d := <-srv.Ballots():
		t.Fatalf("a bad request reached the engine: %+v", d.Ballot)
	default:
	}
}
