package main

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"golive/ballot"
	"golive/launch"
	"golive/runbook"
	"golive/serve"
	"golive/ui"
)

// The keys a served cockpit adds to the usual ones.
const (
	keyAskWheel = "W" // a driver-role person asks for the wheel
	keyVote     = "g" // an approver votes at the gate
)

// seatModel is one SSH session's cockpit: the usual cockpit, read-only
// unless this session drives, plus what the room adds: asking for the
// wheel, answering such a request, and an approver's vote proven by the
// session's key.
type seatModel struct {
	id     uint64
	room   *room
	person *runbook.Person
	inner  *ui.Model
	done   <-chan struct{}
	line   lipgloss.Style

	rv     roomView
	voting bool
	input  []rune // the vote being typed
	answer string // the engine's answer to this session's last vote
	hint   string // why the last key did nothing; cleared by the next
	width  int
	// voters name the people whose sessions vote at the gate, for the
	// driver who is not one of them.
	voters []string
}

// roomMsg says the room changed: who drives, a request for the wheel.
type roomMsg struct{}

// voteAnswerMsg carries the engine's answer to this session's vote.
type voteAnswerMsg struct{ a ballot.Answer }

func newSeatModel(s serve.Session, p *runbook.Person, r *room, inner *ui.Model, voters []string) *seatModel {
	m := &seatModel{id: s.ID, room: r, person: p, inner: inner, done: s.Done, width: s.Width,
		line: s.Renderer.NewStyle().Reverse(true), voters: voters}
	m.refresh()
	return m
}

func (m *seatModel) Init() tea.Cmd { return tea.Batch(m.inner.Init(), m.waitRoom()) }

// waitRoom waits off the program's loop for the room to change.
func (m *seatModel) waitRoom() tea.Cmd {
	wake, done := m.room.wakeOf(m.id), m.done
	if wake == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-wake:
			return roomMsg{}
		case <-done:
			return nil
		}
	}
}

// refresh reads the room and tells the cockpit what it may do now.
func (m *seatModel) refresh() {
	m.rv = m.room.view(m.id)
	driver := m.rv.Driver
	if driver == "" {
		driver = "nobody (holding before the next step)"
	}
	seat := ui.Seat{Driver: driver, Notice: m.notice(), Viewer: "you: " + m.person.Name + " (" + rolesOf(m.person) + ") · " + driverWord(m.rv.Driver)}
	if m.rv.Driving {
		id, r := m.id, m.room
		seat.Send = func(c launch.Command) { r.send(id, c) }
	}
	m.inner.SetSeat(seat)
}

// notice is the header's line for a read-only session: who drives and
// what this person can do about it.
func (m *seatModel) notice() string {
	parts := []string{"read-only"}
	if m.person.Has(runbook.RoleDriver) {
		if m.rv.Driver == "" {
			parts = append(parts, "W takes the wheel")
		} else {
			parts = append(parts, "W asks "+m.rv.Driver+" for the wheel")
		}
	}
	if m.person.Has(runbook.RoleApprover) {
		parts = append(parts, "g votes at the gate")
	}
	return strings.Join(parts, " · ")
}

func (m *seatModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case roomMsg:
		m.refresh()
		return m, m.waitRoom()
	case voteAnswerMsg:
		m.answer = msg.a.Message
		if m.answer == "" && msg.a.Accepted {
			m.answer = "your vote counts as " + msg.a.CountedAs
		}
		return m, nil
	case tea.WindowSizeMsg:
		m.width = msg.Width
	case tea.KeyMsg:
		if handled, cmd := m.key(msg); handled {
			return m, cmd
		}
	}
	_, cmd := m.inner.Update(msg)
	return m, cmd
}

// Quiet tells the session's renderer which messages change nothing on
// screen.
func (m *seatModel) Quiet(msg tea.Msg) bool { return m.inner.Quiet(msg) }

// key handles the room's own keys before the cockpit sees them.
func (m *seatModel) key(k tea.KeyMsg) (bool, tea.Cmd) {
	if m.voting {
		return true, m.voteKey(k)
	}
	if m.inner.Busy() {
		return false, nil // a prompt of the cockpit is open: the key is typed there
	}
	m.hint = ""
	switch s := k.String(); {
	case m.rv.Asker != "" && (s == "y" || s == "n"):
		m.room.answer(m.id, s == "y")
		return true, nil
	case s == keyAskWheel && m.person.Has(runbook.RoleDriver) && !m.rv.Driving:
		m.room.ask(m.id)
		return true, nil
	case s == keyVote && m.person.Has(runbook.RoleApprover) && m.inner.AtGate():
		m.voting, m.answer, m.input = true, "", nil
		return true, nil
	case s == keyVote && m.rv.Driving && m.inner.AtGate():
		// The cockpit would ask for an approver's name, which proves
		// nothing here and which the room drops: say so instead.
		m.hint = m.person.Name + " is not an approver: GO is voted by " + orNobody(m.voters) +
			", each from their own ssh session (n is NO-GO)"
		return true, nil
	}
	return false, nil
}

// voteKey edits the vote prompt; Enter casts GO or NO-GO with a reason.
func (m *seatModel) voteKey(k tea.KeyMsg) tea.Cmd {
	switch k.Type {
	case tea.KeyEsc:
		m.voting = false
		return nil
	case tea.KeyEnter:
		text := strings.TrimSpace(string(m.input))
		noGo, reason, ok := parseVote(text)
		if !ok {
			m.answer = "type GO, or NO-GO and a reason (Esc to cancel)"
			return nil
		}
		m.voting = false
		reply := make(chan ballot.Answer, 1)
		if err := m.room.vote(m.id, noGo, reason, reply); err != nil {
			m.answer = err.Error()
			return nil
		}
		m.answer = "vote sent; waiting for the gate's answer"
		done := m.done
		return func() tea.Msg {
			select {
			case a := <-reply:
				return voteAnswerMsg{a}
			case <-done:
				return nil
			}
		}
	}
	switch k.Type {
	case tea.KeyBackspace:
		if n := len(m.input); n > 0 {
			m.input = m.input[:n-1]
		}
	case tea.KeyRunes, tea.KeySpace:
		if len(m.input)+len(k.Runes) <= maxVoteText {
			m.input = append(m.input, k.Runes...)
		}
	}
	return nil
}

// maxVoteText bounds what the vote prompt takes.
const maxVoteText = 500

// parseVote reads "GO", or "NO-GO reason".
func parseVote(s string) (noGo bool, reason string, ok bool) {
	switch {
	case s == "GO":
		return false, "", true
	case strings.HasPrefix(s, "NO-GO"):
		reason = strings.TrimSpace(strings.TrimPrefix(s, "NO-GO"))
		return true, reason, reason != ""
	}
	return false, "", false
}

// View is the cockpit with its last line given to the room when the room
// has something to say: the vote prompt, a request for the wheel, an
// answer.
func (m *seatModel) View() string {
	v := m.inner.View()
	var line string
	switch {
	case m.voting:
		line = "vote as " + m.person.Name + " (your key proves it; GO, or NO-GO and a reason): " + string(m.input) + "█"
		if m.answer != "" {
			line += "  " + m.answer
		}
	case m.rv.Asker != "":
		line = m.rv.Asker + " asks for the wheel: hand it over? y/n"
	case m.hint != "" && m.inner.AtGate():
		line = m.hint
	case m.answer != "":
		line = m.answer
	case m.rv.Note != "":
		line = m.rv.Note
	default:
		return v
	}
	w := max(m.width, 1)
	line = m.line.Render(ansi.Truncate(line, w, "…"))
	if i := strings.LastIndexByte(v, '\n'); i >= 0 {
		return v[:i+1] + line
	}
	return line
}

// driverWord says who drives, for the header's second line.
func driverWord(name string) string {
	if name == "" {
		return "nobody drives"
	}
	return name + " drives"
}

// orNobody joins names for a sentence, or says nobody can.
func orNobody(names []string) string {
	if len(names) == 0 {
		return "nobody in [[people]] (no one has the approver role)"
	}
	return strings.Join(names, ", ")
}
