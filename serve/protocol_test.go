package serve

import (
	"io"
	"os"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// OpenSSH cannot be made to send some requests without an X server or an
// agent on this machine, so these go through Go's SSH client, request by
// request.

func dialAs(t *testing.T, r *rig, key keypair) *gossh.Client {
	t.Helper()
	data, err := os.ReadFile(key.path)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	client, err := gossh.Dial("tcp", r.srv.Addr().String(), &gossh.ClientConfig{
		User:            "anyone",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.FixedHostKey(hostKeyOf(t, r)),
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { client.Close() })
	return client
}

func hostKeyOf(t *testing.T, r *rig) gossh.PublicKey {
	t.Helper()
	data, err := os.ReadFile(r.srv.opts.HostKeyFile)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		t.Fatal(err)
	}
	return signer.PublicKey()
}

func TestForwardingRequestsAreRefused(t *testing.T) {
	r := startRig(t, nil)
	client := dialAs(t, r, r.bob)
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	x11 := gossh.Marshal(struct {
		Single   bool
		Protocol string
		Cookie   string
		Screen   uint32
	}{false, "MIT-MAGIC-COOKIE-1", "00", 0})
	for _, req := range []struct {
		name    string
		payload []byte
		what    Refused
	}{{"x11-req", x11, RefusedX11}, {"auth-agent-req@openssh.com", nil, RefusedAgent}} {
		ok, err := sess.SendRequest(req.name, true, req.payload)
		if err != nil || ok {
			t.Errorf("%s: granted %v, err %v; want refused", req.name, ok, err)
		}
		if x, found := r.refused.find(req.what); !found || x.Person.Name != "bob" {
			t.Errorf("refusals %v: want bob's %s", r.refused, req.what)
		}
	}
}

func TestSubsystemAndShellWithoutPTYAreRefused(t *testing.T) {
	r := startRig(t, nil)
	client := dialAs(t, r, r.alice)
	for _, tc := range []struct {
		name  string
		start func(*gossh.Session) error
		what  Refused
	}{
		{"sftp", func(s *gossh.Session) error { return s.RequestSubsystem("sftp") }, RefusedSubsystem},
		{"shell without pty", func(s *gossh.Session) error { return s.Shell() }, RefusedNoPTY},
	} {
		sess, err := client.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		stderr, _ := sess.StderrPipe()
		if err := tc.start(sess); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		// The channel ends after the message: ReadAll returns.
		msg, _ := io.ReadAll(stderr)
		if !strings.Contains(string(msg), "offers only the interactive cockpit") {
			t.Errorf("%s: stderr %q; want the cockpit message", tc.name, msg)
		}
		if _, found := r.refused.find(tc.what); !found {
			t.Errorf("refusals %v: want %s", r.refused, tc.what)
		}
	}
}
