package launch

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestRelayStalledViewDelaysNothing runs a step that ignores the polite
// signal, past its timeout, while one view subscribed to the relay never
// reads. The engine must still signal at the timeout and kill after the
// grace, by its own clock, and the step's process must be gone.
func TestRelayStalledViewDelaysNothing(t *testing.T) {
	relay := NewRelay(nil, nil)
	stalled := relay.Subscribe() // never pulled, never waited on
	defer stalled.Close()
	r := newRig(t, `
[launch]
name = "stalled-view"

[[cutover]]
id = "hang"
run = "trap '' INT TERM; echo $$ > hang.pid; while :; do sleep 0.05; done"
timeout = "1s"
grace = "500ms"
on_timeout = "fail"
on_failure = "abort"

[[cutover]]
id = "after"
run = "touch after.ran"
`, func(o *Options) { o.OnEvent = relay.Publish })
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d, want 1; events:\n%s", code, r.dump())
	}
	started := r.last(StepStarted)
	timedOut := r.last(StepTimedOut)
	failed := r.last(StepFailed)
	if got := timedOut.Time.Sub(started.Time); got < time.Second || got > time.Second+stallSlack {
		t.Errorf("timed out %v after the start, want 1s (the timeout)", got)
	}
	if got := failed.Time.Sub(timedOut.Time); got > 500*time.Millisecond+stallSlack {
		t.Errorf("failed %v after the timeout, want at most the 500ms grace", got)
	}
	pid := readPid(t, filepath.Join(r.dir, "hang.pid"))
	if alive(pid) {
		t.Errorf("the step (pid %d) outlived its timeout and grace", pid)
	}
	for _, ev := range r.events() {
		if ev.ID == "after" && ev.Type() == StepStarted {
			t.Fatalf("a step ran after the abort")
		}
	}

	// The stalled view, once it reads again, is at the present at once.
	select {
	case <-stalled.Wake():
	default:
		t.Fatal("the stalled subscriber was not woken")
	}
	snap := stalled.Pull()
	if snap.State.Outcome != OutcomeAborted && snap.State.Outcome != OutcomeFailed {
		t.Errorf("the stalled view pulled outcome %q, want the launch's end", snap.State.Outcome)
	}
	if n := len(snap.Events) + snap.Skipped; n != len(r.events()) {
		t.Errorf("the stalled view was handed %d events, %d skipped; the engine emitted %d", len(snap.Events), snap.Skipped, len(r.events()))
	}
}

// stallSlack is how late a timer may fire on a loaded machine before the
// test calls it held up. A view-held engine is late by as long as the view
// is stalled, which is the whole run here.
const stallSlack = 3 * time.Second

// TestRelaySlowViewSkipsToThePresent publishes more events than the relay
// keeps while a subscriber does not pull, then checks the subscriber gets
// the newest events, the count of those it missed, and the whole State.
func TestRelaySlowViewSkipsToThePresent(t *testing.T) {
	relay := NewRelay(nil, []Event{{Seq: 1, Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "L"}}}})
	fast, slow := relay.Subscribe(), relay.Subscribe()
	defer fast.Close()
	defer slow.Close()
	if snap := fast.Pull(); len(snap.Events) != 1 || snap.State.Launch.ID != "L" {
		t.Fatalf("first pull: %d events, launch %q; want the history", len(snap.Events), snap.State.Launch.ID)
	}
	const n = RecentEvents + 44
	for i := range n {
		relay.Publish(Event{Seq: int64(i + 2), Body: NoteBody{Text: fmt.Sprint(i)}})
		if i == 9 {
			snap := fast.Pull()
			if len(snap.Events) != 10 || snap.Skipped != 0 || snap.Events[0].Body.(NoteBody).Text != "0" {
				t.Fatalf("fast pull: %d events from %q, %d skipped; want notes 0..9", len(snap.Events), snap.Events[0].Body.(NoteBody).Text, snap.Skipped)
			}
		}
	}
	snap := slow.Pull()
	if snap.Skipped != n+1-RecentEvents {
		t.Errorf("skipped %d, want %d", snap.Skipped, n+1-RecentEvents)
	}
	if len(snap.Events) != RecentEvents || snap.Events[len(snap.Events)-1].Body.(NoteBody).Text != fmt.Sprint(n-1) {
		t.Errorf("got %d events ending %q, want %d ending with the newest", len(snap.Events), snap.Events[len(snap.Events)-1].Body.(NoteBody).Text, RecentEvents)
	}
	if len(snap.State.Notes) != n || snap.State.Seq != n+1 {
		t.Errorf("state has %d notes at seq %d, want all %d folded", len(snap.State.Notes), snap.State.Seq, n)
	}
	// The pulled State is the subscriber's own: changing it changes no
	// one else's.
	snap.State.Notes[0].Text = "scribbled"
	if again := slow.Pull(); again.State.Notes[0].Text == "scribbled" || len(again.Events) != 0 {
		t.Errorf("a pull shared the state (%q) or repeated events (%d)", again.State.Notes[0].Text, len(again.Events))
	}
	// Wakes coalesce: many publishes leave one signal.
	<-fast.Wake()
	select {
	case <-fast.Wake():
		t.Error("the wake channel held more than one signal")
	default:
	}
}

// TestRelayCloseEndsTheSubscription checks Close stops wakes and closes
// Done, so a view's waiting command returns when the view goes.
func TestRelayCloseEndsTheSubscription(t *testing.T) {
	relay := NewRelay(nil, nil)
	s := relay.Subscribe()
	<-s.Wake()
	s.Close()
	s.Close()
	relay.Publish(Event{Seq: 1, Body: NoteBody{}})
	select {
	case <-s.Wake():
		t.Error("a closed subscription was woken")
	default:
	}
	select {
	case <-s.Done():
	default:
		t.Error("Done is not closed")
	}
}
