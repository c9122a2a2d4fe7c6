package serve

import (
	"syscall"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// TestStalledClientCostsOnlyItsOwnFrames stops one ssh client (as a frozen
// laptop would) while every session redraws its whole screen on each tick
// of a flood, and checks that the other session keeps drawing, that a
// resize still reaches it, that the caller's side answers, and that the
// stopped one catches up with the latest tick once it runs again.
func TestStalledClientCostsOnlyItsOwnFrames(t *testing.T) {
	flood := &feed{}
	r := startRig(t, func(o *Options) {
		o.NewModel = func(s Session) tea.Model { return newCardModel(s, flood) }
		o.Frame = time.Millisecond // frames as fast as the client takes them
	})
	stop := make(chan struct{})
	published := make(chan struct{})
	go func() {
		defer close(published)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				flood.publish()
			}
		}
	}()
	defer func() { close(stop); <-published }()

	x := newTmux(t)
	x.start("driver", 80, 24, r.interactive(r.alice, "xterm-256color"))
	x.startUnderShell("watcher", 200, 50, r.interactive(r.bob, "xterm-256color"))
	waitForCard(t, x, "driver", func(c card) bool { return c.name == "alice" && c.tick > 0 })
	waitForCard(t, x, "watcher", func(c card) bool { return c.name == "bob" && c.tick > 0 })

	watcherPID := x.childPID("watcher")
	if err := syscall.Kill(watcherPID, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	continued := false
	defer func() {
		if !continued {
			_ = syscall.Kill(watcherPID, syscall.SIGCONT)
		}
	}()

	// Proof of the stall: one write to the watcher stays in progress while
	// the driver's screen advances by 2000 ticks (two seconds of the flood).
	waitStalled(t, r.srv, "bob", func() {
		from := readCard(x.capture("driver")).tick
		waitForCard(t, x, "driver", func(c card) bool { return c.tick >= from+2000 })
	})

	// While the watcher is stuck, a resize still reaches the driver.
	x.run("resize-window", "-t", "driver", "-x", "90", "-y", "30")
	waitForCard(t, x, "driver", func(c card) bool { return c.size == "90x30" })

	stalled, _ := stateOf(r.srv, "bob")
	if stalled.Traffic.WriteStarted.IsZero() {
		t.Fatal("the watcher's write finished while its client was stopped")
	}
	latest := flood.count.Load()
	continued = true
	if err := syscall.Kill(watcherPID, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	waitForCard(t, x, "watcher", func(c card) bool { return c.tick >= latest })
	t.Logf("watcher stalled for %s with %d bytes written; caught up past tick %d",
		time.Since(stalled.Traffic.WriteStarted).Round(time.Millisecond), stalled.Traffic.Bytes, latest)
}

// waitStalled waits until one write to name's session stays in progress
// for as long as meanwhile takes.
func waitStalled(t *testing.T, srv *Server, name string, meanwhile func()) {
	t.Helper()
	waitFor(t, name+"'s write blocked", func() (bool, string) {
		before, ok := stateOf(srv, name)
		if !ok || before.Traffic.WriteStarted.IsZero() {
			return false, "the writes still complete"
		}
		meanwhile()
		after, _ := stateOf(srv, name)
		return after.Traffic.Writes == before.Traffic.Writes && after.Traffic.WriteStarted.Equal(before.Traffic.WriteStarted),
			"a write completed meanwhile: not stalled yet"
	})
}

func stateOf(srv *Server, name string) (SessionState, bool) {
	for _, s := range srv.Sessions() {
		if s.Person.Name == name {
			return s, true
		}
	}
	return SessionState{}, false
}

// TestCloseDoesNotWaitOnAStalledClient stops a client mid-flood and checks
// that the caller's Close returns and the session's close is reported.
func TestCloseDoesNotWaitOnAStalledClient(t *testing.T) {
	flood := &feed{}
	var hooks opened
	r := startRig(t, func(o *Options) {
		o.NewModel = func(s Session) tea.Model { return newCardModel(s, flood) }
		o.Frame = time.Millisecond
		hooks.hooks(o)
	})
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				flood.publish()
			}
		}
	}()
	x := newTmux(t)
	x.startUnderShell("watcher", 200, 50, r.interactive(r.bob, "xterm-256color"))
	waitForCard(t, x, "watcher", func(c card) bool { return c.name == "bob" && c.tick > 0 })
	pid := x.childPID("watcher")
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer syscall.Kill(pid, syscall.SIGCONT)
	waitStalled(t, r.srv, "bob", func() {
		from := flood.count.Load()
		waitFor(t, "the flood going on", func() (bool, string) { return flood.count.Load() >= from+1000, "" })
	})
	if err := r.srv.Close(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "OnClose for the stalled watcher", func() (bool, string) {
		return hooks.find(func(o *opened) []Session { return o.closed }, "bob", 200, 50), "no close hook yet"
	})
	if n := len(r.srv.Sessions()); n != 0 {
		t.Fatalf("%d sessions left after Close", n)
	}
}
