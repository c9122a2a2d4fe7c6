package ui

import (
	"strings"

	"github.com/charmbracelet/glamour"
	gansi "github.com/charmbracelet/glamour/ansi"
	gstyles "github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
)

// markdown renders the runbook's descriptions (Markdown) for one
// terminal: glamour fits them to the width and draws them with the
// terminal's colour profile and background, so a monochrome terminal
// gets plain words (never literal ** or #). Renderings are cached by
// width and text: a description is drawn on every frame while selected.
type markdown struct {
	r     *lipgloss.Renderer
	width int
	tr    *glamour.TermRenderer
	cache map[string][]string
}

func newMarkdown(r *lipgloss.Renderer) *markdown {
	return &markdown{r: r, cache: map[string][]string{}}
}

// render returns the lines of src rendered in w cells, or src's own lines
// when it cannot be rendered.
func (md *markdown) render(src string, w int) []string {
	src = strings.TrimSpace(src)
	if src == "" || w < 10 {
		return nil
	}
	if w != md.width || md.tr == nil {
		md.width, md.cache = w, map[string][]string{}
		style := gstyles.DarkStyleConfig
		if !md.r.HasDarkBackground() {
			style = gstyles.LightStyleConfig
		}
		// The detail area has its own margin: glamour's document margin
		// would waste two of its columns.
		zero := uint(0)
		style.Document.Margin = &zero
		style.Document.BlockPrefix, style.Document.BlockSuffix = "", ""
		tr, err := glamour.NewTermRenderer(
			glamour.WithStyles(gansi.StyleConfig(style)),
			glamour.WithColorProfile(md.r.ColorProfile()),
			glamour.WithWordWrap(w),
		)
		if err != nil {
			return wrapLines(src, w, 50)
		}
		md.tr = tr
	}
	if l, ok := md.cache[src]; ok {
		return l
	}
	out, err := md.tr.Render(src)
	if err != nil {
		return wrapLines(src, w, 50)
	}
	lines := strings.Split(strings.Trim(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	md.cache[src] = lines
	return lines
}
