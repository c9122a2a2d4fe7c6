package safe

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// tabWidth is the distance between tab stops when text expands tabs.
const tabWidth = 8

// Text makes untrusted text safe to show on a terminal while keeping what
// a reader needs: colours and line breaks. SGR is kept (re-rendered from
// the state it sets); every other control sequence is dropped whole with
// its payload; tabs are expanded to spaces; "\r\n" becomes "\n"; other
// controls are dropped. Each line stands alone: it opens with the colours
// active at its start and ends with a reset, so no colour leaks into what
// is drawn around it.
func Text(s string) string {
	if isClean(s, true) {
		return s
	}
	t := textWriter{}
	var sc Scanner
	sc.Feed([]byte(s), &t)
	sc.Flush(&t)
	t.endLine()
	return t.b.String()
}

// Plain makes untrusted text safe for a single line: names, ids, reasons,
// headless output. It drops SGR too, and folds line breaks and tabs into
// single spaces.
func Plain(s string) string {
	if isClean(s, false) {
		return s
	}
	p := plainWriter{}
	var sc Scanner
	sc.Feed([]byte(s), &p)
	sc.Flush(&p)
	return p.b.String()
}

// isClean reports whether s is printable ASCII throughout (with newlines,
// when they are allowed), the common case that needs no work.
func isClean(s string, newlines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c < 0x7f || newlines && c == '\n' {
			continue
		}
		return false
	}
	return true
}

// textWriter builds the result of Text.
type textWriter struct {
	b       strings.Builder
	style   Style
	written Style // the style the output currently has
	line    int   // where the current line starts in b
}

func (t *textWriter) Print(p []byte) {
	if t.style != t.written {
		t.b.Write(t.style.AppendSGR(nil))
		t.written = t.style
	}
	t.b.Write(p)
}

func (t *textWriter) Control(c byte) {
	switch c {
	case '\n':
		t.endLine()
		t.b.WriteByte('\n')
		t.line = t.b.Len()
	case '\t':
		col := ansi.StringWidth(t.b.String()[t.line:])
		t.Print([]byte(strings.Repeat(" ", tabWidth-col%tabWidth)))
	}
}

func (t *textWriter) CSI(q *Seq) {
	if q.IsSGR() {
		t.style.Apply(q)
	}
}

// endLine closes the line with a reset when it left a colour on.
func (t *textWriter) endLine() {
	if !t.written.IsZero() {
		t.b.WriteString("\x1b[m")
		t.written = Style{}
	}
}

// plainWriter builds the result of Plain.
type plainWriter struct {
	b     strings.Builder
	space bool // the last thing written was a folded break
}

func (p *plainWriter) Print(text []byte) {
	p.b.Write(text)
	p.space = false
}

func (p *plainWriter) Control(c byte) {
	switch c {
	case '\n', '\r', '\t', '\v', '\f':
		if !p.space && p.b.Len() > 0 {
			p.b.WriteByte(' ')
			p.space = true
		}
	}
}

func (p *plainWriter) CSI(*Seq) {}
