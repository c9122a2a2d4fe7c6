package launch

import (
	"fmt"
	"strconv"
	"time"
)

// The audit events of `golive serve`: who was connected, from where, in
// which role, and who drove when. They change no decision of the engine;
// the fold keeps them in State.Room for the cockpit and the report.
const (
	// SessionOpened. Body: SessionOpenedBody (the session: person, role,
	// key, address, size).
	SessionOpened Type = "session_opened"
	// SessionClosed. Body: SessionClosedBody (the session, with the size
	// it had at the end).
	SessionClosed Type = "session_closed"
	// DriverChanged. Body: DriverChangedBody (the new driver, empty when
	// nobody drives; why; the new driver's session, when there is one).
	DriverChanged Type = "driver_changed"
)

// SessionInfo describes one SSH session of `golive serve` in the journal.
type SessionInfo struct {
	ID     uint64 `json:"id"`     // numbered from 1 in the order sessions opened
	Person string `json:"person"` // the [[people]] name the key proves
	Role   string `json:"role"`   // the person's roles, comma-separated
	Key    string `json:"key"`    // SHA256 fingerprint of the key that authenticated
	Addr   string `json:"addr"`   // the client's host:port
	Cols   int    `json:"cols"`
	Rows   int    `json:"rows"`
}

// Room is who was there: every session of `golive serve` and every change
// of driver, in order.
type Room struct {
	Sessions []SessionRec
	Drivers  []DriverRec
	Driver   string // who drives now; empty when nobody does
}

// SessionRec is one session as the report shows it.
type SessionRec struct {
	SessionInfo
	Opened time.Time
	Closed time.Time // zero while it is connected (or when the launch ended first)
}

// DriverRec is one change of driver.
type DriverRec struct {
	At      time.Time `json:"at"`
	Who     string    `json:"who"` // empty: nobody drives
	Reason  string    `json:"reason"`
	Session uint64    `json:"session,omitempty"`
}

// applyRoom folds an audit event.
func (s *State) applyRoom(e Event) {
	r := &s.Room
	switch b := e.Body.(type) {
	case SessionOpenedBody:
		if b.Session != nil {
			r.Sessions = append(r.Sessions, SessionRec{SessionInfo: *b.Session, Opened: e.Time})
		}
	case SessionClosedBody:
		if b.Session == nil {
			return
		}
		for i := range r.Sessions {
			if rec := &r.Sessions[i]; rec.ID == b.Session.ID && rec.Closed.IsZero() {
				rec.Cols, rec.Rows = b.Session.Cols, b.Session.Rows
				rec.Closed = e.Time
			}
		}
	case DriverChangedBody:
		d := DriverRec{At: e.Time, Who: b.Who, Reason: b.Reason}
		if b.Session != nil {
			d.Session = b.Session.ID
		}
		r.Drivers = append(r.Drivers, d)
		r.Driver = b.Who
	}
}

func (r Room) clone() Room {
	r.Sessions = append([]SessionRec(nil), r.Sessions...)
	r.Drivers = append([]DriverRec(nil), r.Drivers...)
	return r
}

// auditMsg carries an audit event to the Run goroutine, which alone
// numbers and journals events.
type auditMsg struct{ e Event }

// Audit journals an audit event (SessionOpened, SessionClosed,
// DriverChanged) from any goroutine. It does not wait for the journal;
// after the launch has ended it does nothing.
func (e *Engine) Audit(ev Event) {
	switch ev.Type() {
	case SessionOpened, SessionClosed, DriverChanged:
	default:
		return
	}
	e.post(auditMsg{ev})
}

// describeRoom is the headless line of an audit event.
func describeRoom(e Event) (string, string) {
	var d detailBuf
	word := "session-opened"
	var s *SessionInfo
	switch b := e.Body.(type) {
	case DriverChangedBody:
		if b.Who == "" {
			d.add("nobody")
		} else {
			d.add(b.Who)
		}
		d.reason(b.Reason)
		return "driver", d.String()
	case SessionOpenedBody:
		s = b.Session
	case SessionClosedBody:
		word, s = "session-closed", b.Session
	}
	if s != nil {
		d.add(strconv.FormatUint(s.ID, 10))
		d.add(s.Person)
		d.kv("role", s.Role)
		d.kv("key", s.Key)
		d.kv("from", s.Addr)
		d.kv("size", fmt.Sprintf("%dx%d", s.Cols, s.Rows))
	}
	return word, d.String()
}

// ReportRoom is the report's "Who was there": every SSH session of
// `golive serve` and every change of driver.
type ReportRoom struct {
	Sessions []ReportSession `json:"sessions"`
	Drivers  []DriverRec     `json:"drivers"`
}

// ReportSession is one session in the report.
type ReportSession struct {
	SessionInfo
	Opened *time.Time `json:"opened"`
	Closed *time.Time `json:"closed"` // null: still connected when the journal ends
}

// buildRoom is the report's view of the room, nil when nobody connected.
func buildRoom(r Room) *ReportRoom {
	if len(r.Sessions) == 0 && len(r.Drivers) == 0 {
		return nil
	}
	out := &ReportRoom{Sessions: []ReportSession{}, Drivers: append([]DriverRec{}, r.Drivers...)}
	for _, s := range r.Sessions {
		out.Sessions = append(out.Sessions, ReportSession{SessionInfo: s.SessionInfo, Opened: timePtr(s.Opened), Closed: timePtr(s.Closed)})
	}
	return out
}
