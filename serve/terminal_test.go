package serve

import (
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// opened records the sessions the audit hooks saw.
type opened struct {
	mu                    sync.Mutex
	open, closed, resized []Session
}

func (o *opened) hooks(opts *Options) {
	opts.OnOpen = func(s Session) { o.mu.Lock(); o.open = append(o.open, s); o.mu.Unlock() }
	opts.OnClose = func(s Session) { o.mu.Lock(); o.closed = append(o.closed, s); o.mu.Unlock() }
	opts.OnResize = func(s Session) { o.mu.Lock(); o.resized = append(o.resized, s); o.mu.Unlock() }
}

func (o *opened) find(list func(*opened) []Session, name string, w, h int) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, s := range list(o) {
		if s.Person.Name == name && s.Width == w && s.Height == h {
			return true
		}
	}
	return false
}

// interactive is the command line a person types, run inside a pane whose
// terminal type is TERM.
func (r *rig) interactive(key keypair, term string, extra ...string) []string {
	return append([]string{"env", "TERM=" + term, "ssh"}, r.sshArgs(key, append([]string{"-tt"}, extra...)...)...)
}

func waitForCard(t testing.TB, x *tmuxServer, pane string, want func(card) bool) card {
	t.Helper()
	var got card
	waitFor(t, "screen of "+pane, func() (bool, string) {
		screen := x.capture(pane)
		got = readCard(screen)
		return got.ok && want(got), screen
	})
	return got
}

func TestEachSessionDrawsAtItsOwnSize(t *testing.T) {
	var hooks opened
	r := startRig(t, hooks.hooks)
	x := newTmux(t)
	x.start("alice", 80, 24, r.interactive(r.alice, "xterm-256color"))
	x.start("bob", 200, 50, r.interactive(r.bob, "xterm-256color", "-o", "SetEnv=NO_COLOR=1"))

	waitForCard(t, x, "alice", func(c card) bool { return c.name == "alice" && c.size == "80x24" && c.profile == "ansi256" })
	waitForCard(t, x, "bob", func(c card) bool { return c.name == "bob" && c.size == "200x50" && c.profile == "ascii" })

	x.run("resize-window", "-t", "alice", "-x", "100", "-y", "30")
	waitForCard(t, x, "alice", func(c card) bool { return c.size == "100x30" })
	waitFor(t, "OnResize for alice", func() (bool, string) {
		return hooks.find(func(o *opened) []Session { return o.resized }, "alice", 100, 30), "no resize hook yet"
	})
	if c := readCard(x.capture("bob")); c.size != "200x50" {
		t.Fatalf("bob's screen says %s after alice resized; want 200x50", c.size)
	}
	if hooks.find(func(o *opened) []Session { return o.resized }, "bob", 100, 30) {
		t.Fatal("alice's resize reached bob's session")
	}
	if !hooks.find(func(o *opened) []Session { return o.open }, "bob", 200, 50) {
		t.Fatal("OnOpen did not see bob at 200x50")
	}
	alice, ok := stateOf(r.srv, "alice")
	if n := len(r.srv.Sessions()); n != 2 || !ok || alice.Person.Fingerprint != Fingerprint(r.alice.pub) || alice.Term != "xterm-256color" {
		t.Fatalf("Sessions() has %d sessions, alice %+v; want two, alice with her key's fingerprint and TERM", n, alice)
	}

	x.run("send-keys", "-t", "bob", "q")
	waitFor(t, "OnClose for bob", func() (bool, string) {
		return hooks.find(func(o *opened) []Session { return o.closed }, "bob", 200, 50), "no close hook yet"
	})
}

func TestSessionCapRefusesTheNextOne(t *testing.T) {
	r := startRig(t, func(o *Options) { o.MaxSessions = 2 })
	x := newTmux(t)
	x.start("one", 80, 24, r.interactive(r.alice, "xterm"))
	x.start("two", 80, 24, r.interactive(r.bob, "xterm"))
	waitForCard(t, x, "one", func(c card) bool { return c.name == "alice" })
	waitForCard(t, x, "two", func(c card) bool { return c.name == "bob" })

	code, out := r.runSSH(t, r.alice, []string{"-tt"})
	if code != 1 || !strings.Contains(out, "2 sessions are connected, the most it takes") {
		t.Fatalf("third session: exit %d, output %q; want 1 and the cap message", code, out)
	}
	if x, ok := r.refused.find(RefusedSessionCap); !ok || x.Person.Name != "alice" {
		t.Fatalf("refusals %v: want alice refused by the cap", r.refused)
	}
	// The two admitted sessions still run.
	if c := readCard(x.capture("one")); c.name != "alice" {
		t.Fatalf("first session's screen lost its card: %+v", c)
	}
}

func TestLocalForwardIsRefused(t *testing.T) {
	r := startRig(t, nil)
	target, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer target.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := target.Accept(); err == nil {
			c.Close()
			accepted <- struct{}{}
		}
	}()
	local := freePort(t)
	x := newTmux(t)
	x.start("alice", 80, 24, r.interactive(r.alice, "xterm", "-L", fmt.Sprintf("%s:%s", local, target.Addr())))
	waitForCard(t, x, "alice", func(c card) bool { return c.name == "alice" })

	conn, err := net.Dial("tcp", "127.0.0.1:"+local)
	if err != nil {
		t.Fatalf("the client's forward listener: %v", err)
	}
	defer conn.Close()
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("forwarded connection read %d bytes, err %v; want EOF", n, err)
	}
	refusal, ok := r.refused.find(RefusedLocalForward)
	if !ok || refusal.Detail != target.Addr().String() {
		t.Fatalf("refusals %v: want the local forward to %s", r.refused, target.Addr())
	}
	select {
	case <-accepted:
		t.Fatal("the forward target got a connection")
	default:
	}
}

func freePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}

func TestAPanickingModelEndsOnlyItsSession(t *testing.T) {
	var hooks opened
	r := startRig(t, hooks.hooks)
	x := newTmux(t)
	x.start("alice", 80, 24, r.interactive(r.alice, "xterm"))
	x.start("bob", 80, 24, r.interactive(r.bob, "xterm"))
	waitForCard(t, x, "alice", func(c card) bool { return c.name == "alice" })
	waitForCard(t, x, "bob", func(c card) bool { return c.name == "bob" })

	x.run("send-keys", "-t", "bob", "p")
	waitFor(t, "OnClose for bob", func() (bool, string) {
		return hooks.find(func(o *opened) []Session { return o.closed }, "bob", 80, 24), "no close hook yet"
	})
	x.run("resize-window", "-t", "alice", "-x", "70", "-y", "20")
	waitForCard(t, x, "alice", func(c card) bool { return c.size == "70x20" })
	if n := len(r.srv.Sessions()); n != 1 {
		t.Fatalf("%d sessions after bob's panic; want alice's alone", n)
	}
}
