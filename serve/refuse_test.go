package serve

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
)

func TestUnknownKeyIsRefused(t *testing.T) {
	r := startRig(t, nil)
	code, out := r.runSSH(t, r.stranger, []string{"-tt"})
	if code != 255 || !strings.Contains(out, "Permission denied (publickey)") {
		t.Fatalf("stranger's key: exit %d, output %q; want 255 and Permission denied (publickey)", code, out)
	}
	if x, ok := r.refused.find(RefusedUnknownKey); !ok || x.Detail != Fingerprint(r.stranger.pub) {
		t.Fatalf("refusals %v: want the stranger's key fingerprint %s", r.refused, Fingerprint(r.stranger.pub))
	}
}

func TestPasswordAndKeyboardInteractiveAreNotOffered(t *testing.T) {
	r := startRig(t, nil)
	code, out := r.runSSH(t, r.alice, []string{"-tt",
		"-o", "PreferredAuthentications=password,keyboard-interactive",
		"-o", "PubkeyAuthentication=no"})
	if code != 255 || !strings.Contains(out, "Permission denied (publickey)") {
		t.Fatalf("password login: exit %d, output %q; want 255 and only publickey offered", code, out)
	}
}

func TestCommandIsRefusedWithAMessage(t *testing.T) {
	r := startRig(t, nil)
	code, out := r.runSSH(t, r.alice, nil, "cat", "/etc/passwd")
	if code == 0 || !strings.Contains(out, "offers only the interactive cockpit") || strings.Contains(out, "root:") {
		t.Fatalf("ssh host command: exit %d, output %q; want a refusal that names the cockpit", code, out)
	}
	x, ok := r.refused.find(RefusedExec)
	if !ok || x.Detail != "cat /etc/passwd" || x.Person.Name != "alice" {
		t.Fatalf("refusals %v: want alice's exec of cat /etc/passwd", r.refused)
	}
}

func TestRemoteForwardIsRefused(t *testing.T) {
	r := startRig(t, nil)
	code, out := r.runSSH(t, r.alice, []string{"-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:127.0.0.1:9"})
	if code != 255 || !strings.Contains(out, "forwarding failed") {
		t.Fatalf("ssh -R: exit %d, output %q; want 255 and forwarding failed", code, out)
	}
	if _, ok := r.refused.find(RefusedRemoteFwd); !ok {
		t.Fatalf("refusals %v: want a remote forward", r.refused)
	}
}

func TestAddressIsLockedOutAfterRefusedKeys(t *testing.T) {
	r := startRig(t, func(o *Options) { o.MaxAuthFailures = 2 })
	for i := 0; i < 2; i++ {
		if code, out := r.runSSH(t, r.stranger, []string{"-tt"}); code != 255 {
			t.Fatalf("stranger attempt %d: exit %d, output %q", i+1, code, out)
		}
	}
	code, out := r.runSSH(t, r.alice, []string{"-tt", "-o", "LogLevel=INFO"})
	if code != 255 || !strings.Contains(out, "too many refused keys from 127.0.0.1") {
		t.Fatalf("alice after lockout: exit %d, output %q; want 255 and the lockout banner", code, out)
	}
	if _, ok := r.refused.find(RefusedLockedOut); !ok {
		t.Fatalf("refusals %v: want a locked-out attempt", r.refused)
	}
}

func TestConnectionCapClosesTheNextBeforeTheHandshake(t *testing.T) {
	r := startRig(t, func(o *Options) { o.MaxConnections = 1 })
	first, err := net.Dial("tcp", r.srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	banner, err := bufio.NewReader(first).ReadString('\n')
	if err != nil || !strings.HasPrefix(banner, "SSH-2.0-golive") {
		t.Fatalf("first connection: banner %q, err %v", banner, err)
	}
	second, err := net.Dial("tcp", r.srv.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer second.Close()
	if got, err := io.ReadAll(second); err != nil || len(got) != 0 {
		t.Fatalf("second connection read %q, err %v; want closed with nothing", got, err)
	}
	if _, ok := r.refused.find(RefusedConnectionCap); !ok {
		t.Fatalf("refusals %v: want the connection cap", r.refused)
	}
	// Closing the first gives its place back.
	first.Close()
	waitFor(t, "a connection admitted again", func() (bool, string) {
		c, err := net.Dial("tcp", r.srv.Addr().String())
		if err != nil {
			return false, err.Error()
		}
		defer c.Close()
		line, err := bufio.NewReader(c).ReadString('\n')
		return strings.HasPrefix(line, "SSH-2.0-golive"), fmt.Sprintf("read %q, %v", line, err)
	})
}
