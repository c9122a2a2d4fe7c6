package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"golive/ballot"
	"golive/launch"
	"golive/runbook"
	"golive/serve"
)

// roomHold is the Who of the holds `golive serve` sets while no driver is
// connected, so that it releases only the holds it set itself.
const roomHold = "golive serve (no driver connected)"

// engineSink is what the room needs of the engine.
type engineSink interface {
	Send(launch.Command)
	Audit(launch.Event)
}

// room decides who drives a launch served over SSH. Its lock guards only
// its own fields: it never calls into a session while holding it, and it
// wakes sessions with one-slot signals, so a stalled session cannot hold
// up the room, the engine or the others.
type room struct {
	eng   engineSink
	holds func() bool // whether the launch is on hold now
	// separate is the runbook's separate_approver: whoever drives when
	// they vote does not count. The engine knows one driver identity for
	// the whole launch; over SSH the driver changes, so the room checks.
	separate bool

	mu     sync.Mutex
	seats  map[uint64]*seat
	driver uint64 // the driving session; 0 when nobody drives
	asking uint64 // the session asking for the wheel; 0 when none
	held   bool   // the room set the hold that is on now
}

// seat is one session in the room.
type seat struct {
	sess   serve.Session
	person *runbook.Person
	wake   chan struct{} // one slot: the room changed
	note   string        // the last thing the room told this session
}

// roomView is what one session needs to draw its part of the room.
type roomView struct {
	Driving bool
	Driver  string // the driver's name; empty when nobody drives
	Asker   string // who asks this session's driver for the wheel
	Note    string
}

func newRoom(eng engineSink, holds func() bool, heldByRoom bool) *room {
	return &room{eng: eng, holds: holds, seats: map[uint64]*seat{}, held: heldByRoom}
}

// start holds the launch until a driver connects.
func (r *room) start() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.driver == 0 {
		r.holdLocked()
	}
}

// rolesOf names a person's roles for the header and the journal.
func rolesOf(p *runbook.Person) string {
	var rs []string
	for _, x := range p.Roles {
		rs = append(rs, string(x))
	}
	return strings.Join(rs, ", ")
}

func sessionInfo(s serve.Session, p *runbook.Person) *launch.SessionInfo {
	return &launch.SessionInfo{ID: s.ID, Person: p.Name, Role: strings.ReplaceAll(rolesOf(p), ", ", ","), Key: s.Person.Fingerprint,
		Addr: s.RemoteAddr, Cols: s.Width, Rows: s.Height}
}

// open seats a session; the first driver-role person to connect while
// nobody drives takes the wheel.
func (r *room) open(s serve.Session, p *runbook.Person) {
	r.eng.Audit(launch.Event{Body: launch.SessionOpenedBody{Who: p.Name, Session: sessionInfo(s, p)}})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seats[s.ID] = &seat{sess: s, person: p, wake: make(chan struct{}, 1)}
	if r.driver == 0 && p.Has(runbook.RoleDriver) {
		r.setDriverLocked(s.ID, "the first driver to connect")
	}
	r.wakeAllLocked()
}

// close unseats a session. When it was the driver's, nobody drives: the
// running step finishes and no new step starts until a driver connects
// or is granted the wheel.
func (r *room) close(s serve.Session) {
	r.mu.Lock()
	st := r.seats[s.ID]
	if st != nil {
		delete(r.seats, s.ID)
		if r.asking == s.ID {
			r.asking = 0
		}
		if r.driver == s.ID {
			r.setDriverLocked(0, st.person.Name+"'s session closed")
			if r.asking != 0 {
				r.setDriverLocked(r.asking, "asked for the wheel and no driver is connected")
			}
		}
		r.wakeAllLocked()
	}
	r.mu.Unlock()
	if st != nil {
		r.eng.Audit(launch.Event{Body: launch.SessionClosedBody{Who: st.person.Name, Session: sessionInfo(s, st.person)}})
	}
}

// ask is a driver-role person asking for the wheel: granted at once when
// nobody drives, otherwise put to the driver as a y/n question.
func (r *room) ask(id uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := r.seats[id]
	if st == nil || !st.person.Has(runbook.RoleDriver) || r.driver == id {
		return
	}
	switch {
	case r.driver == 0:
		r.setDriverLocked(id, "asked for the wheel and no driver is connected")
	case r.seats[r.driver].person == st.person:
		r.setDriverLocked(id, "moved to another session of "+st.person.Name)
	case r.asking != 0 && r.asking != id:
		st.note = r.seats[r.asking].person.Name + " is already asking for the wheel"
	default:
		r.asking = id
		st.note = "asked " + r.seats[r.driver].person.Name + " for the wheel; waiting for the answer"
	}
	r.wakeAllLocked()
}

// answer is the driver's y/n to the pending request for the wheel.
func (r *room) answer(id uint64, yes bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.driver != id || r.asking == 0 {
		return
	}
	asker := r.seats[r.asking]
	r.asking = 0
	if asker == nil {
		return
	}
	if yes {
		r.setDriverLocked(asker.sess.ID, "granted by "+r.seats[id].person.Name)
	} else {
		asker.note = r.seats[id].person.Name + " keeps the wheel"
	}
	r.wakeAllLocked()
}

// setDriverLocked hands the wheel to session id (0: nobody), journals the
// change and holds the launch while nobody drives. r.mu is held.
func (r *room) setDriverLocked(id uint64, why string) {
	r.driver = id
	b := launch.DriverChangedBody{Reason: why}
	if st := r.seats[id]; st != nil {
		b.Who = st.person.Name
		b.Session = sessionInfo(st.sess, st.person)
		st.note = ""
	}
	r.eng.Audit(launch.Event{Body: b})
	if id == 0 {
		r.holdLocked()
	} else if r.held {
		r.held = false
		r.eng.Send(launch.Command{Kind: launch.CmdHold, On: false, Who: roomHold})
	}
}

// holdLocked puts the launch on hold, unless it already is (then the hold
// is the driver's own, and the room leaves it alone). r.mu is held.
func (r *room) holdLocked() {
	if r.held || r.holds() {
		return
	}
	r.held = true
	r.eng.Send(launch.Command{Kind: launch.CmdHold, On: true, Who: roomHold})
}

func (r *room) wakeAllLocked() {
	for _, st := range r.seats {
		select {
		case st.wake <- struct{}{}:
		default:
		}
	}
}

// view returns session id's view of the room.
func (r *room) view(id uint64) roomView {
	r.mu.Lock()
	defer r.mu.Unlock()
	var v roomView
	if d := r.seats[r.driver]; d != nil {
		v.Driver = d.person.Name
	}
	v.Driving = r.driver != 0 && r.driver == id
	if v.Driving && r.asking != 0 {
		v.Asker = r.seats[r.asking].person.Name
	}
	if st := r.seats[id]; st != nil {
		v.Note = st.note
	}
	return v
}

// count is how many sessions are seated.
func (r *room) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.seats)
}

// wakeOf returns session id's one-slot signal, or nil.
func (r *room) wakeOf(id uint64) <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if st := r.seats[id]; st != nil {
		return st.wake
	}
	return nil
}

// send delivers a command of session id's keys, only while it drives.
// Who is always the session's person: the key proved it.
func (r *room) send(id uint64, c launch.Command) {
	r.mu.Lock()
	st, driving := r.seats[id], r.driver == id
	r.mu.Unlock()
	if st == nil || !driving {
		return
	}
	if c.Kind == launch.CmdApprove {
		return // a typed name proves nothing here: approvers vote from their own session
	}
	c.Who = st.person.Name
	r.eng.Send(c)
}

// vote casts session id's GO or NO-GO, proven by its key. reply receives
// the engine's answer.
func (r *room) vote(id uint64, noGo bool, reason string, reply chan<- ballot.Answer) error {
	r.mu.Lock()
	st, driver := r.seats[id], r.seats[r.driver]
	r.mu.Unlock()
	if st == nil || !st.person.Has(runbook.RoleApprover) {
		return fmt.Errorf("only an approver votes")
	}
	if r.separate && driver != nil && driver.person == st.person {
		return fmt.Errorf("%s", ballot.RefuseDriver)
	}
	b := &ballot.Ballot{Label: st.person.Name, UID: -1, Key: st.sess.Person.Fingerprint, Proof: ballot.ProofSSHKey,
		NoGo: noGo, Reason: reason, At: time.Now()}
	r.eng.Send(launch.Command{Kind: launch.CmdVote, Ballot: b, Reply: reply, Who: st.person.Name})
	return nil
}
