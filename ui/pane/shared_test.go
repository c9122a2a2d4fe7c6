package pane

import "testing"

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
	for range 2 {
		if om := <-done; om.ID != "s" || om.Closed {
			t.Fatalf("got %#v", om)
		}
	}
}
