package launch

import (
	"slices"
	"testing"
)

// A tick can be taken back while the checklist waits; the step ends only
// when every item is ticked again.
func TestChecklistTickCanBeUndone(t *testing.T) {
	r := newRig(t, `
[launch]
name = "untick"

[[cutover]]
id = "announce"
manual = ["Post the note", "Tell support"]
`, cockpit)
	r.start(t.Context())
	r.waitType(GateOpened, "")
	r.e.Send(Command{Kind: CmdApprove, Who: "alice"})
	r.waitType(StepWaiting, "announce")
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 0, Who: "bob"})
	r.waitType(ItemTicked, "announce")
	r.e.Send(Command{Kind: CmdUntick, ID: "announce", Index: 0, Who: "bob"})
	r.e.Send(Command{Kind: CmdUntick, ID: "announce", Index: 1, Who: "bob"}) // not ticked: ignored
	if u := r.waitType(ItemUnticked, "announce"); u.Body.(ItemUntickedBody).Item != 1 || u.Who() != "bob" {
		t.Fatalf("untick %+v", u)
	}
	if it := foldOf(r.rb, r.events()...).Find(PhaseCutover, "announce"); it.Ticked[0] != "" || it.Status != StatusWaiting {
		t.Fatalf("after the untick: %+v", it)
	}
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 1, Who: "bob"})
	r.e.Send(Command{Kind: CmdTick, ID: "announce", Index: 0, Who: "carol"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if n := len(find(r.journal(), ItemUnticked)); n != 1 {
		t.Fatalf("%d unticks journaled, want 1", n)
	}
	if it := foldOf(r.rb, r.events()...).Find(PhaseCutover, "announce"); it.Status != StatusDone || !slices.Equal(it.Ticked, []string{"carol", "bob"}) {
		t.Fatalf("announce: %+v", it)
	}
}
