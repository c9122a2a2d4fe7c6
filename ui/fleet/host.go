package fleet

import (
	"fmt"
)

// hostLines are the selected host's title, its failure, and its task
// results from the scroll position on.
func (m Model) hostLines() []string {
	h := &m.fleet.Hosts[m.cursor]
	lines := make([]string, 0, m.height)
	title := fmt.Sprintf("%s %s · %s · %d results", glyph(h.Status), h.Name, h.Status, len(h.Results))
	if d := m.duration(h); d != "" {
		title += " · " + d
	}
	lines = append(lines, m.st.bold.Render(m.fit(title)))
	switch {
	case h.Status.Bad():
		lines = append(lines, m.st.crit.Render(m.fit(fmt.Sprintf("%s at %s: %s", h.Status, h.FailedTask, firstLine(h.Msg)))))
	case h.Running:
		lines = append(lines, m.st.accent.Render(m.fit("running "+h.Task)))
	default:
		lines = append(lines, m.st.dim.Render(m.fit("esc: back to the hosts")))
	}
	end := min(m.scroll+max(m.height-chromeHost, 0), len(h.Results))
	for i := m.scroll; i < end; i++ {
		r := h.Results[i]
		plain := fmt.Sprintf("%s %-*s %s", glyph(r.Status), statusWidth, r.Status, r.Task)
		if r.Ignored {
			plain += " (ignored)"
		}
		if r.Msg != "" {
			plain += ": " + firstLine(r.Msg)
		}
		lines = append(lines, m.st.status(r.Status).Render(m.fit(plain)))
	}
	return lines
}
