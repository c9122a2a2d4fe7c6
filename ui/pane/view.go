package pane

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"golive/safe"
)

// View draws the visible output and the footer, exactly width columns by
// height rows. It reads and wraps only the lines on screen, so it costs
// the same with ten thousand or a million lines buffered.
func (m Model) View() string {
	if m.width < MinWidth || m.height < MinHeight {
		return ""
	}
	content := m.contentRows()
	rows := make([]row, 0, content+8)
	var hlSGR string
	if m.query != "" {
		hlSGR = m.Styles.Match.SGR()
	}
	mt := newMatcher(m.query)
	var top, end, dropped int64
	m.buf.with(func(s *Screen) {
		var skip int
		top, skip = m.anchor(s)
		end, dropped = s.Len(), s.First()
		if dropped > 0 && !m.follow && top == dropped && skip == 0 {
			rows = append(rows, m.notice(dropped))
		}
		for n := top; n < end && len(rows) < content+skip; n++ {
			ls, w := s.Line(n)
			hl := mt.find(ls)
			if w <= m.width && len(hl) == 0 {
				// Lines are rendered as wrapLine would write them:
				// one that fits is its own row.
				rows = append(rows, row{ls, w})
			} else {
				rows = wrapLine(rows, ls, m.width, hl, hlSGR)
			}
			if n == top && skip > 0 {
				// Only the top line's rows are in rows yet: the notice
				// is never shown with a partly scrolled top line.
				rows = rows[min(skip, len(rows)):]
				skip = 0
			}
		}
	})
	// One allocation for the frame: the rows' bytes, their padding at
	// most, the newlines, and the footer with its style.
	size := (m.width+1)*content + m.width + 64
	for i := range min(content, len(rows)) {
		size += len(rows[i].s)
	}
	var b strings.Builder
	b.Grow(size)
	for i := range content {
		if i < len(rows) {
			b.WriteString(rows[i].s)
			pad(&b, m.width-rows[i].w)
		} else {
			pad(&b, m.width)
		}
		b.WriteByte('\n')
	}
	b.WriteString(m.footer(top, end, dropped))
	return b.String()
}

// notice is the row above the first held line when earlier lines were
// dropped from the ring.
func (m Model) notice(dropped int64) row {
	text := ansi.Truncate(m.droppedText(dropped), m.width, "…")
	w := ansi.StringWidth(text)
	return row{m.Styles.Notice.Render(text), w}
}

func (m Model) droppedText(dropped int64) string {
	t := strconv.FormatInt(dropped, 10) + " earlier lines only in the log"
	if m.LogPath != "" {
		t += ": " + safe.Plain(m.LogPath)
	}
	return t
}

// footer is the status line: following or where the view is, the search
// being typed or its result, and how much is only in the log.
func (m Model) footer(top, end, dropped int64) string {
	var t string
	switch {
	case m.mode == modeSearch:
		t = "/" + safe.Plain(string(m.input)) + "█"
	case m.follow:
		t = "following"
	default:
		t = "scrolled: line " + strconv.FormatInt(top+1, 10) + " of " + strconv.FormatInt(end, 10)
	}
	if m.mode != modeSearch && m.status != "" {
		t += " · " + m.status
	}
	if dropped > 0 {
		t += " · " + m.droppedText(dropped)
	}
	t = ansi.Truncate(t, m.width, "…")
	var b strings.Builder
	b.WriteString(t)
	pad(&b, m.width-ansi.StringWidth(t))
	return m.Styles.Footer.Render(b.String())
}

// pad writes n spaces.
func pad(b *strings.Builder, n int) {
	for n > 0 {
		k := min(n, len(spaces))
		b.WriteString(spaces[:k])
		n -= k
	}
}

var spaces = strings.Repeat(" ", 256)
