package ui

import "golive/launch"

// Seat is what one cockpit of a shared launch may do and how its header
// names it; `golive serve` changes it when the wheel passes to someone
// else.
type Seat struct {
	// Send delivers this cockpit's commands; nil makes it read-only.
	Send func(launch.Command)
	// Notice replaces the header's "(watching, read-only)" while it is
	// read-only, e.g. to say who drives and how to ask for the wheel.
	Notice string
	// Driver is who drives now, shown in the header.
	Driver string
	// Viewer says whose cockpit this is and in which role, e.g. "you:
	// alice (driver, approver)"; it opens the header's second line.
	Viewer string
}

// SetSeat changes what the cockpit may do. Call it from the program's own
// Update (a parent model's), never from another goroutine.
func (m *Model) SetSeat(s Seat) {
	m.o.Send = s.Send
	m.o.ReadOnly = s.Send == nil
	m.o.Notice = s.Notice
	m.o.Driver = s.Driver
	m.viewer = s.Viewer
	if m.o.ReadOnly {
		m.closeModal() // a prompt opened while driving sends nothing now
	}
	m.memo = viewMemo{}
}

// AtGate reports whether the launch waits at the go/no-go gate.
func (m *Model) AtGate() bool {
	return m.st.Phase == launch.PhaseGate && m.st.Gate.Open && m.running()
}

// Busy reports whether the cockpit takes every key itself now: a prompt,
// a question, the help screen, a search or a focused step.
func (m *Model) Busy() bool { return m.modal != modeNormal || m.paneSearching() }
