package main

import (
	"strings"
	"testing"

	"golive/launch"
	"golive/runbook"
	"golive/serve"
)

// journalSink records what the room asks of the engine, in order.
type journalSink struct {
	events []launch.Event
	cmds   []launch.Command
	hold   bool
}

func (j *journalSink) Send(c launch.Command) {
	j.cmds = append(j.cmds, c)
	if c.Kind == launch.CmdHold {
		j.hold = c.On
	}
}
func (j *journalSink) Audit(e launch.Event) { j.events = append(j.events, e) }

func (j *journalSink) drivers() []string {
	var out []string
	for _, e := range j.events {
		if e.Type() == launch.DriverChanged {
			out = append(out, e.Who()+": "+e.Reason())
		}
	}
	return out
}

func testPeople() map[string]*runbook.Person {
	return map[string]*runbook.Person{
		"alice": {Name: "alice", Roles: []runbook.Role{runbook.RoleDriver}},
		"dave":  {Name: "dave", Roles: []runbook.Role{runbook.RoleDriver}},
		"bob":   {Name: "bob", Roles: []runbook.Role{runbook.RoleApprover}},
		"carol": {Name: "carol", Roles: []runbook.Role{runbook.RoleWatcher}},
	}
}

func newTestRoom() (*room, *journalSink) {
	j := &journalSink{}
	r := newRoom(j, func() bool { return j.hold }, false)
	r.start()
	return r, j
}

func sess(id uint64) serve.Session { return serve.Session{ID: id, Width: 80, Height: 24} }

func TestRoomFirstDriverDrivesOthersWatch(t *testing.T) {
	p := testPeople()
	r, j := newTestRoom()
	if !j.hold {
		t.Fatal("with nobody connected the launch is not held")
	}
	r.open(sess(1), p["carol"])
	r.open(sess(2), p["alice"])
	r.open(sess(3), p["dave"])
	if j.hold {
		t.Error("the hold stays on with a driver connected")
	}
	if v := r.view(2); !v.Driving || v.Driver != "alice" {
		t.Errorf("alice's view %+v, want her driving", v)
	}
	if v := r.view(3); v.Driving || v.Driver != "alice" {
		t.Errorf("dave's view %+v, want alice driving", v)
	}
	// Only the driver's commands reach the engine, signed with her name.
	n := len(j.cmds)
	r.send(1, launch.Command{Kind: launch.CmdAbort, Reason: "carol"})
	r.send(3, launch.Command{Kind: launch.CmdAbort, Reason: "dave"})
	r.send(2, launch.Command{Kind: launch.CmdApprove, Who: "bob"})
	r.send(2, launch.Command{Kind: launch.CmdNote, Text: "hi", Who: "mallory"})
	if got := j.cmds[n:]; len(got) != 1 || got[0].Kind != launch.CmdNote || got[0].Who != "alice" {
		t.Errorf("commands that reached the engine: %+v, want alice's note alone", got)
	}
}

func TestRoomWheelPassesOnYesOnly(t *testing.T) {
	p := testPeople()
	r, j := newTestRoom()
	r.open(sess(1), p["alice"])
	r.open(sess(2), p["dave"])
	r.ask(2)
	if v := r.view(1); v.Asker != "dave" {
		t.Fatalf("alice is not asked: %+v", v)
	}
	r.answer(2, true) // only the driver answers
	r.answer(1, false)
	if v := r.view(2); v.Driving || !strings.Contains(v.Note, "keeps the wheel") {
		t.Errorf("after no, dave's view %+v", v)
	}
	r.ask(2)
	r.answer(1, true)
	if v := r.view(2); !v.Driving {
		t.Errorf("after yes, dave does not drive: %+v", v)
	}
	want := []string{"alice: the first driver to connect", "dave: granted by alice"}
	if got := j.drivers(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("driver changes %q, want %q", got, want)
	}
}

func TestRoomDriverLeavesHoldsUntilOneReturns(t *testing.T) {
	p := testPeople()
	r, j := newTestRoom()
	r.open(sess(1), p["alice"])
	r.open(sess(2), p["bob"])
	r.close(sess(1))
	if !j.hold {
		t.Error("the driver left and the launch is not held")
	}
	if v := r.view(2); v.Driver != "" {
		t.Errorf("bob sees %q driving after alice left", v.Driver)
	}
	r.ask(2) // bob has no driver role
	if v := r.view(2); v.Driving {
		t.Error("an approver took the wheel")
	}
	r.open(sess(3), p["alice"])
	if !r.view(3).Driving || j.hold {
		t.Errorf("alice's new session does not drive (hold %v)", j.hold)
	}
	var opened, closed int
	for _, e := range j.events {
		switch e.Type() {
		case launch.SessionOpened:
			opened++
		case launch.SessionClosed:
			closed++
		}
	}
	if opened != 3 || closed != 1 {
		t.Errorf("journaled %d opens and %d closes, want 3 and 1", opened, closed)
	}
}

func TestRoomAsksWithNoDriverTakeAtOnce(t *testing.T) {
	p := testPeople()
	r, _ := newTestRoom()
	r.open(sess(1), p["alice"])
	r.open(sess(2), p["dave"])
	r.ask(2)
	r.close(sess(1)) // alice leaves without answering: dave was asking
	if !r.view(2).Driving {
		t.Error("dave asked, alice left, and dave does not drive")
	}
}

func TestRoomLeavesTheDriversOwnHold(t *testing.T) {
	p := testPeople()
	j := &journalSink{}
	r := newRoom(j, func() bool { return j.hold }, false)
	r.open(sess(1), p["alice"])
	r.send(1, launch.Command{Kind: launch.CmdHold, On: true})
	r.close(sess(1))
	r.open(sess(2), p["alice"])
	if !j.hold {
		t.Error("the room released a hold the driver set herself")
	}
}

func TestRoomSeparateApproverRefusesTheDriver(t *testing.T) {
	p := testPeople()
	p["alice"].Roles = append(p["alice"].Roles, runbook.RoleApprover)
	r, j := newTestRoom()
	r.separate = true
	r.open(sess(1), p["alice"])
	r.open(sess(2), p["bob"])
	if err := r.vote(1, false, "", nil); err == nil {
		t.Error("the driver's vote was sent under separate_approver")
	}
	if err := r.vote(2, false, "", nil); err != nil {
		t.Errorf("bob's vote: %v", err)
	}
	if err := r.vote(3, false, "", nil); err == nil {
		t.Error("a vote from no session was sent")
	}
	var votes []string
	for _, c := range j.cmds {
		if c.Kind == launch.CmdVote {
			votes = append(votes, c.Ballot.Label+" "+string(c.Ballot.Proof))
		}
	}
	if strings.Join(votes, ",") != "bob ssh-key" {
		t.Errorf("votes sent: %q, want bob's, proven by his key", votes)
	}
}

func TestParseVote(t *testing.T) {
	for _, c := range []struct {
		in         string
		noGo, ok   bool
		wantReason string
	}{
		{"GO", false, true, ""},
		{"NO-GO disk is full", true, true, "disk is full"},
		{"NO-GO", true, false, ""},
		{"go", false, false, ""},
		{"alice", false, false, ""},
	} {
		noGo, reason, ok := parseVote(c.in)
		if noGo != c.noGo || ok != c.ok || reason != c.wantReason {
			t.Errorf("parseVote(%q) = %v %q %v", c.in, noGo, reason, ok)
		}
	}
}
