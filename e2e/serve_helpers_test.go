package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// person is one [[people]] entry of a served runbook with its key pair.
type person struct {
	name, roles string
	key, pub    string // private key file, public key line
}

// newPeople creates an ed25519 key pair in dir for each name and returns
// the people and their [[people]] TOML.
func newPeople(t testing.TB, dir string, roles map[string]string) (map[string]person, string) {
	t.Helper()
	if _, err := exec.LookPath("ssh"); err != nil {
		t.Skip("the OpenSSH client is not installed: apt-get install -y openssh-client")
	}
	out := map[string]person{}
	var toml strings.Builder
	for name, r := range roles {
		key := filepath.Join(dir, name+".key")
		if b, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name+"@test", "-f", key).CombinedOutput(); err != nil {
			t.Fatalf("ssh-keygen: %v: %s", err, b)
		}
		pub, err := os.ReadFile(key + ".pub")
		if err != nil {
			t.Fatal(err)
		}
		p := person{name: name, roles: r, key: key, pub: strings.TrimSpace(string(pub))}
		out[name] = p
		if r == "" {
			continue // a stranger: a key nobody listed
		}
		fmt.Fprintf(&toml, "\n[[people]]\nname = %q\nroles = %s\nssh_keys = [%q]\n", name, r, p.pub)
	}
	return out, toml.String()
}

// fingerprint is what ssh-keygen -l says of p's key.
func (p person) fingerprint(t testing.TB) string {
	t.Helper()
	b, err := exec.Command("ssh-keygen", "-l", "-f", p.key+".pub").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Fields(string(b))[1]
}

// server is a running `golive serve`.
type server struct {
	t    *testing.T
	cmd  *exec.Cmd
	port string
	out  *syncBuffer // stdout: the headless lines
	err  *syncBuffer
	done chan struct{}
	code int
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs golive serve in dir on a free loopback port and waits
// until it listens.
func startServe(t *testing.T, dir string, args ...string) *server {
	t.Helper()
	addr := freeAddr(t)
	s := &server{t: t, port: addr[strings.LastIndexByte(addr, ':')+1:], out: &syncBuffer{}, err: &syncBuffer{}, done: make(chan struct{})}
	s.cmd = exec.Command(golive, append([]string{"serve", "--listen", addr}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.err
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.cmd.Wait()
		s.code = s.cmd.ProcessState.ExitCode()
		close(s.done)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		default:
			killTree(s.cmd.Process.Pid)
			<-s.done
		}
	})
	s.waitErr(20*time.Second, "connect with: ssh -p "+s.port)
	return s
}

func (s *server) waitOut(timeout time.Duration, want string) string {
	s.t.Helper()
	return waitText(s.t, timeout, "serve's stdout", want, s.out.String)
}

func (s *server) waitErr(timeout time.Duration, want string) string {
	s.t.Helper()
	return waitText(s.t, timeout, "serve's stderr", want, s.err.String)
}

// exit waits for serve to end and returns its exit code.
func (s *server) exit(timeout time.Duration) int {
	s.t.Helper()
	select {
	case <-s.done:
		return s.code
	case <-time.After(timeout):
		s.t.Fatalf("golive serve did not end within %v; stderr:\n%s", timeout, s.err.String())
	}
	return -1
}

func waitText(t testing.TB, timeout time.Duration, what, want string, read func() string) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		s := read()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never said %q within %v:\n%s", what, want, timeout, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sshArgs are the OpenSSH client's options for p against s: only p's
// key, no known_hosts of the machine, a PTY forced.
func (s *server) sshArgs(p person) string {
	return fmt.Sprintf("ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityAgent=none -o LogLevel=ERROR -i %s -p %s 127.0.0.1", p.key, s.port)
}

// connect opens p's session in a cols x rows tmux terminal, with ssh run
// under the pane's shell (tmux sends SIGCONT to a pane's own process, so
// a client meant to stay stopped must not be that process).
func (s *server) connect(p person, cols, rows int) *tmuxTerm {
	s.t.Helper()
	return startTmux(s.t, filepath.Dir(p.key), cols, rows, []string{"NO_COLOR=1"}, s.sshArgs(p))
}

// sshPID is the pid of the ssh client in term's pane.
func (m *tmuxTerm) sshPID() int {
	m.t.Helper()
	out, err := m.tmux("display-message", "-p", "-t", m.name, "#{pane_pid}")
	if err != nil {
		m.t.Fatalf("pane pid: %v: %s", err, out)
	}
	shell, _ := strconv.Atoi(strings.TrimSpace(out))
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", shell, shell))
		for _, f := range strings.Fields(string(data)) {
			pid, _ := strconv.Atoi(f)
			if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); strings.TrimSpace(string(comm)) == "ssh" {
				return pid
			}
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("no ssh under the pane's shell %d: %q", shell, data)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// ruleWidth is the width of the header's rule: the width the cockpit
// drew at.
func ruleWidth(screen string) int {
	for _, l := range strings.Split(screen, "\n") {
		if strings.HasPrefix(l, "───") {
			return len([]rune(strings.TrimRight(l, " ")))
		}
	}
	return 0
}

// syscallKill ends a process the test started (an ssh client) at once.
func syscallKill(t *testing.T, pid int) {
	t.Helper()
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// killTree ends a golive process a test started at once, with every step
// it runs. Each step leads a process group and session of its own, so a
// SIGKILL of golive's group alone would leave them running for good
// (`golive run --resume` would end them; a test never resumes there).
// golive is stopped first, so that no step starts while they are listed.
func killTree(pid int) {
	syscall.Kill(-pid, syscall.SIGSTOP)
	lists, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", pid))
	for _, l := range lists {
		data, _ := os.ReadFile(l)
		for _, f := range strings.Fields(string(data)) {
			if k, err := strconv.Atoi(f); err == nil && k > 1 {
				syscall.Kill(-k, syscall.SIGKILL)
				syscall.Kill(k, syscall.SIGKILL)
			}
		}
	}
	syscall.Kill(-pid, syscall.SIGKILL)
}
