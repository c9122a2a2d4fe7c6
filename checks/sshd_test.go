package checks

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// testSSHD is a real OpenSSH server on loopback with a throwaway host key
// that lets the current user in with a throwaway client key.
type testSSHD struct {
	Port int
	User string
	Key  string // the client's private key file
}

// startSSHD starts sshd on a free loopback port and ends it (by its pid)
// when the test ends. It skips the test where sshd or ssh-keygen is not
// installed.
func startSSHD(t *testing.T) testSSHD {
	t.Helper()
	sshd, err := exec.LookPath("sshd")
	if err != nil {
		if _, e := os.Stat("/usr/sbin/sshd"); e != nil {
			missingTool(t, "sshd is not installed (apt-get install openssh-server)")
		}
		sshd = "/usr/sbin/sshd"
	}
	if _, err := exec.LookPath("ssh-keygen"); err != nil {
		missingTool(t, "ssh-keygen is not installed (apt-get install openssh-client)")
	}
	u, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"host_key", "client_key"} {
		out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", filepath.Join(dir, k)).CombinedOutput()
		if err != nil {
			t.Fatalf("ssh-keygen: %v\n%s", err, out)
		}
	}
	pub, err := os.ReadFile(filepath.Join(dir, "client_key.pub"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "authorized_keys"), pub, 0o600); err != nil {
		t.Fatal(err)
	}
	// Privilege separation needs its empty directory to exist.
	_ = os.MkdirAll("/run/sshd", 0o755)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cfg := fmt.Sprintf(`ListenAddress 127.0.0.1
Port %d
HostKey %s
AuthorizedKeysFile %s
PidFile none
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers %s
`, port, filepath.Join(dir, "host_key"), filepath.Join(dir, "authorized_keys"), u.Username)
	cfgPath := filepath.Join(dir, "sshd_config")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(sshd, "-D", "-e", "-f", cfgPath)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start sshd: %v", err)
	}
	pid := cmd.Process.Pid
	t.Cleanup(func() {
		_ = syscall.Kill(pid, syscall.SIGTERM)
		_ = cmd.Wait()
	})
	// sshd says so on stderr once it listens; its log stays drained after.
	ready := make(chan struct{})
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		said := false
		for sc.Scan() {
			if !said {
				log.WriteString(sc.Text() + "\n")
			}
			if !said && strings.Contains(sc.Text(), "Server listening on 127.0.0.1 port") {
				said = true
				close(ready)
			}
		}
		if !said {
			close(ready)
		}
	}()
	select {
	case <-ready:
	case <-time.After(30 * time.Second):
		t.Fatalf("sshd did not listen within 30s")
	}
	if !alive(pid) {
		t.Fatalf("sshd exited:\n%s", log.String())
	}
	return testSSHD{Port: port, User: u.Username, Key: filepath.Join(dir, "client_key")}
}

// missingTool skips a test whose tool is not installed, except under CI,
// which installs every tool the tests need: there a missing tool fails.
func missingTool(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
}
