package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

func (m *Model) tooSmall() bool { return m.width < minWidth || m.height < minHeight }

// View draws the whole screen from the state; it changes nothing.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 {
		return "starting…"
	}
	if m.tooSmall() {
		return m.compactView()
	}
	if m.present {
		return m.presentView()
	}
	foot := m.footerView()
	_, bodyH := m.bodySize()
	body := m.bodyView(m.width, bodyH)
	if wl := m.mainWaitLine(); wl != "" {
		foot = wl + "\n" + foot
	}
	return m.headerView() + "\n" + body + "\n" + foot
}

// bodyView draws the current view in w x h, a banner above it when the
// monitor recommends a rollback.
func (m *Model) bodyView(w, h int) string {
	var banner []string
	if b := m.bannerText(); b != "" {
		banner = append(banner, m.styles.loud(m.styles.banner.Width(w), trunc(b, w-2)))
	}
	var body string
	switch m.view() {
	case modeGate:
		body = m.gate.view(m.frame())
	case modeMonitor:
		body = m.monitor.view(m.frame())
	case modeSummary:
		body = m.summary.view(m.frame())
	default:
		body = m.steps.view(m.frame(), m.paneView())
	}
	if m.modal == modeHelp {
		body = fit([]string{m.fullHelp(w)}, w, h)
	}
	return strings.Join(append(banner, body), "\n")
}

// bannerText is the line nobody may miss, or "".
func (m *Model) bannerText() string {
	if r := m.st.Monitor.Recommended; r != "" && m.st.Monitor.Verdict == "" && !m.st.Rollback {
		t := "ROLLBACK RECOMMENDED: " + recommendation(m.st)
		switch {
		case m.auto.armed():
			t = "AUTOMATIC ROLLBACK IN " + m.auto.left() + ": " + recommendation(m.st) + " — c cancels, B rolls back now"
		case m.canAct():
			t += " — press B to roll back"
		}
		return t
	}
	return ""
}

// listWidth is the width of the step list, from the window width.
func listWidth(w int) int { return max(30, min(48, w/3)) }

// footerView is the open prompt or question, or the key hints.
func (m *Model) footerView() string {
	if m.memo.ok {
		return m.memo.foot
	}
	if m.questions.isOpen() {
		return m.questions.view(m.styles)
	}
	return m.help.View(m.helpKeys())
}

// mainWaitLine is the waiting line at the window's width.
func (m *Model) mainWaitLine() string {
	if m.memo.ok {
		return m.memo.wait
	}
	return m.waitLine(m.width)
}

// viewMemo keeps the footer and the waiting line, which the layout and
// View each need several times, from one message to the next: both follow
// from state that only Update and SetSeat change, and drawing the key
// hints is a good part of a frame.
type viewMemo struct {
	ok         bool
	foot, wait string
}

// remember fills the memo from the state as it is now.
func (m *Model) remember() {
	m.memo = viewMemo{}
	foot, wait := m.footerView(), m.waitLine(m.width)
	m.memo = viewMemo{ok: true, foot: foot, wait: wait}
}

// layout hands each screen its room: the body between the header and the
// footer, less the banner. The root calls it after every message, so a
// screen draws in the size it was given and View changes nothing.
func (m *Model) layout() {
	w, h := m.bodySize()
	m.gate.setSize(w, h)
	m.monitor.setSize(w, h)
	m.monitor.followBreach(m.st.Monitor.Probes)
	m.summary.setSize(w, h)
	m.steps.setSize(w, h)
}

// bodySize is the room under the header, the banner and above the footer.
func (m *Model) bodySize() (w, h int) {
	h = m.height - headerHeight - strings.Count(m.footerView(), "\n") - 1
	if m.bannerText() != "" {
		h--
	}
	if m.mainWaitLine() != "" {
		h--
	}
	return m.width, max(h, 0)
}

// resize hands the children their sizes after a window change (the pane
// is sized by layoutPane after every message).
func (m *Model) resize() {
	m.questions.setWidth(m.width)
	m.help.Width = m.width
}

// refreshPane shows the selected item's pane; a pane shown for the first
// time starts waiting for its output.
func (m *Model) refreshPane() tea.Cmd {
	it := m.selected()
	if it == nil {
		return nil
	}
	m.preloadLog(it, m.out.buf(outKey(it.Phase, it.ID)))
	return m.showPane(it.Phase, it.ID)
}
