package serve

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// waitLimit bounds every wait on a condition; reaching it fails the test.
const waitLimit = 60 * time.Second

// waitFor polls cond until it holds, failing the test with cond's last
// explanation if it never does.
func waitFor(t testing.TB, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	last := ""
	for time.Now().Before(deadline) {
		ok, why := cond()
		if ok {
			return
		}
		last = why
		time.Sleep(25 * time.Millisecond)
	}
	t.Fatalf("%s: not reached in %s; last seen: %s", what, waitLimit, last)
}

// keypair is a key made by ssh-keygen, the way a person makes theirs.
type keypair struct {
	path string
	pub  gossh.PublicKey
}

func newKey(t testing.TB, dir, name string) keypair {
	t.Helper()
	path := filepath.Join(dir, name)
	out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	data, err := os.ReadFile(path + ".pub")
	if err != nil {
		t.Fatal(err)
	}
	pub, _, _, _, err := gossh.ParseAuthorizedKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return keypair{path: path, pub: pub}
}

// people is a lookup over a fixed set of keys.
type people map[string]Person

func (p people) lookup(key gossh.PublicKey) (Person, bool) {
	person, ok := p[Fingerprint(key)]
	return person, ok
}

// refusals collects what the server refused.
type refusals struct {
	mu   sync.Mutex
	seen []Refusal
}

func (r *refusals) add(x Refusal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen = append(r.seen, x)
}

func (r *refusals) find(what Refused) (Refusal, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.seen {
		if x.What == what {
			return x, true
		}
	}
	return Refusal{}, false
}

func (r *refusals) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return fmt.Sprint(r.seen)
}

// rig is a running server with two known people and one stranger.
type rig struct {
	srv      *Server
	port     string
	alice    keypair
	bob      keypair
	stranger keypair
	refused  *refusals
	dir      string
}

func startRig(t testing.TB, adjust func(*Options)) *rig {
	t.Helper()
	dir := t.TempDir()
	r := &rig{
		dir:      dir,
		alice:    newKey(t, dir, "alice"),
		bob:      newKey(t, dir, "bob"),
		stranger: newKey(t, dir, "stranger"),
		refused:  &refusals{},
	}
	known := people{
		Fingerprint(r.alice.pub): {Name: "alice", Roles: []string{"driver"}},
		Fingerprint(r.bob.pub):   {Name: "bob", Roles: []string{"watcher"}},
	}
	opts := Options{
		Listen:      "127.0.0.1:0",
		HostKeyFile: filepath.Join(dir, "host_key"),
		Lookup:      known.lookup,
		NewModel:    func(s Session) tea.Model { return newCardModel(s, nil) },
		OnRefuse:    r.refused.add,
	}
	if adjust != nil {
		adjust(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve() }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-served; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	r.srv = srv
	_, r.port, _ = strings.Cut(srv.Addr().String(), ":")
	return r
}

// sshArgs are the OpenSSH client's arguments for key, with no user config,
// no agent and no known_hosts, after extra.
func (r *rig) sshArgs(key keypair, extra ...string) []string {
	// OpenSSH keeps the first value it reads for an option, so extra
	// comes first and can override the defaults below.
	args := append([]string{}, extra...)
	args = append(args,
		"-F", "/dev/null",
		"-i", key.path,
		"-p", r.port,
		"-o", "IdentitiesOnly=yes",
		"-o", "IdentityAgent=none",
		"-o", "StrictHostKeyChecking=no",
		"-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR",
		"-o", "BatchMode=yes",
	)
	return append(args, "127.0.0.1")
}

// runSSH runs the OpenSSH client to its end and returns its exit code and
// everything it printed.
func (r *rig) runSSH(t testing.TB, key keypair, extra []string, command ...string) (int, string) {
	t.Helper()
	cmd := exec.Command("ssh", append(r.sshArgs(key, extra...), command...)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return exit.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("ssh: %v", err)
	}
	return 0, out.String()
}

// shellQuote quotes words for the shell tmux runs a pane's command with.
func shellQuote(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(quoted, " ")
}
