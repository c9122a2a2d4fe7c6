package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// paneView shows the selected item's output. It is a thin stand-in for the
// output pane component (follow, scroll, search), and is swapped for it
// once that lands.
type paneView struct {
	buf           *outBuf
	width, height int
}

func newPaneView() paneView { return paneView{} }

func (p *paneView) setSize(w, h int) { p.width, p.height = w, h }

func (p *paneView) setBuffer(b *outBuf) { p.buf = b }

// update takes a key the cockpit did not use; it reports whether it did.
func (p *paneView) update(tea.KeyMsg) (bool, tea.Cmd) { return false, nil }

// searching reports whether the pane's search input is open.
func (p *paneView) searching() bool { return false }

func (p *paneView) view() string {
	if p.buf == nil || p.height <= 0 {
		return ""
	}
	lines := p.buf.tail(p.height)
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, p.width, "…")
	}
	return strings.Join(lines, "\n")
}
