package fleet

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"golive/checks"
)

// statusWidth fits the longest status word, "unreachable".
const statusWidth = len("unreachable")

// durWidth fits "59m59s".
const durWidth = 6

// gridLines are the summary, the header and the visible host rows. Only
// the rows on screen are formatted.
func (m Model) gridLines() []string {
	f := m.fleet
	lines := make([]string, 0, m.height)
	summary := f.Summary()
	if f.CheckMode {
		summary = "check mode · " + summary
	}
	if n, rows := len(f.Hosts), m.rows(); n > rows && rows > 0 {
		summary += fmt.Sprintf("  (%d-%d of %d)", m.offset+1, min(m.offset+rows, n), n)
	}
	lines = append(lines, m.st.bold.Render(m.fit(summary)))
	if m.height < minHeight || m.width < minWidth {
		return lines
	}
	taskW, detailW := m.columns()
	head := fmt.Sprintf("  %-*s %-*s %-*s %*s", statusWidth, "STATUS", m.nameW, "HOST", taskW, "TASK", durWidth, "TIME")
	if detailW > 0 {
		head += " FAILURE"
	}
	lines = append(lines, m.st.dim.Render(m.fit(head)))
	end := min(m.offset+m.rows(), len(f.Hosts))
	for i := m.offset; i < end; i++ {
		lines = append(lines, m.row(&f.Hosts[i], i == m.cursor, taskW, detailW))
	}
	return lines
}

// columns splits the width left after status, host and time between the
// task and the failure columns.
func (m Model) columns() (task, detail int) {
	rest := m.width - (2 + statusWidth + 1 + m.nameW + 1 + 1 + durWidth)
	task = min(max(rest/3, 8), 28)
	detail = rest - task - 1
	if detail < 10 {
		return max(rest, 4), 0
	}
	return task, detail
}

// row formats one host. Its coloured head is pre-rendered; the rest is
// plain text, so a row costs a few string operations.
func (m Model) row(h *checks.HostState, selected bool, taskW, detailW int) string {
	hd := head{h.Status, h.Running}
	task := h.Task
	if h.Status.Bad() && h.FailedTask != "" {
		task = h.FailedTask
	}
	var b strings.Builder
	b.Grow(m.width + 32)
	b.WriteByte(' ')
	pad(&b, cut(h.Name, m.nameW), m.nameW)
	b.WriteByte(' ')
	pad(&b, cut(task, taskW), taskW)
	b.WriteByte(' ')
	d := m.duration(h)
	b.WriteString(strings.Repeat(" ", max(durWidth-len(d), 0)))
	b.WriteString(d)
	if detailW > 0 && h.Status.Bad() {
		b.WriteByte(' ')
		b.WriteString(cut(firstLine(h.Msg), detailW))
	}
	text := hd.text()
	rest := b.String()
	if ansi.StringWidth(text)+ansi.StringWidth(rest) > m.width {
		plain := m.fit(text + rest)
		if selected {
			return m.st.selected.Render(plain)
		}
		return plain
	}
	if selected {
		return m.st.selected.Render(text + rest)
	}
	return m.st.heads[hd] + rest
}

// pad writes s and spaces up to n cells.
func pad(b *strings.Builder, s string, n int) {
	b.WriteString(s)
	if w := ansi.StringWidth(s); w < n {
		b.WriteString(strings.Repeat(" ", n-w))
	}
}

// duration is how long the host has been at it: until now while a task
// runs on it, else until its last result.
func (m Model) duration(h *checks.HostState) string {
	if h.Started.IsZero() {
		return ""
	}
	end := h.Updated
	if h.Running && !m.now.IsZero() {
		end = m.now
	}
	return shortDur(end.Sub(h.Started))
}

// shortDur is a duration in at most six cells: "850ms", "4.2s", "12s",
// "3m05s", "2h10m".
func shortDur(d time.Duration) string {
	switch {
	case d < 0:
		return ""
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// fit cuts a line to the grid's width.
func (m Model) fit(s string) string {
	return ansi.Truncate(s, m.width, "…")
}

// cut shortens s to n cells, marking the cut.
func cut(s string, n int) string {
	if ansi.StringWidth(s) <= n {
		return s
	}
	return ansi.Truncate(s, n, "…")
}

// firstLine keeps the first line of a message, marking what was dropped.
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i] + " …"
	}
	return s
}
