package pane

import (
	"testing"
	"time"
)

// TestPanesSharingABufferEachWake checks that every pane showing one
// Buffer (one per SSH session of a served launch) is woken by a write,
// not only the first to take a one-slot signal.
func TestPanesSharingABufferEachWake(t *testing.T) {
	b := NewBuffer(0)
	a, c := New("s", b, ""), New("s", b, "")
	done := make(chan OutputMsg, 2)
	for _, m := range []Model{a, c} {
		go func(cmd func() any) { done <- cmd().(OutputMsg) }(func() any { return m.Init()() })
	}
	b.Write([]byte("x\n"))
	for i := range 2 {
		select {
		case om := <-done:
			if om.ID != "s" || om.Closed {
				t.Fatalf("got %#v", om)
			}
		case <-time.After(10 * time.Second):
			// A guard against hanging, far beyond any frame interval.
			t.Fatalf("only %d of 2 panes woke for one write", i)
		}
	}
}
