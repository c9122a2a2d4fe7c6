package pane

import (
	"strings"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
)

// span is a byte range [from, to) of a line's plain text.
type span struct{ from, to int }

// row is one screen row of a wrapped line and its display width.
type row struct {
	s string
	w int
}

// wrapLine appends the rows of line s at the given width. s is a line as
// a Screen renders it: text and SGR sequences that set the whole style.
// Every row stands alone: it opens with the style active at its start and
// ends with a reset. Characters within hl (plain-text byte ranges) are
// drawn in the style hlSGR instead.
func wrapLine(out []row, s string, width int, hl []span, hlSGR string) []row {
	width = max(width, 1)
	// Rows are cut from one buffer that is only ever appended to, so a
	// row's string shares its bytes instead of copying them; the room
	// beyond the line's own length is for the style each row reopens
	// and closes, and for highlights.
	b := make([]byte, 0, len(s)+64+8*len(hl)*len(hlSGR))
	start := 0    // where the current row begins in b
	cur := ""     // the line's style at this point ("" = default)
	emitted := "" // the style the row's output has
	col, plain := 0, 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			seq := s[i : i+j+1]
			i += j + 1
			if seq == "\x1b[m" || seq == "\x1b[0m" {
				seq = ""
			}
			cur = seq
			continue
		}
		n, w := nextCluster(s, i)
		if n == 0 {
			break
		}
		if col+w > width && col > 0 {
			if emitted != "" {
				b = append(b, "\x1b[m"...)
			}
			out = append(out, row{rowString(b[start:]), col})
			start, col, emitted = len(b), 0, ""
		}
		for len(hl) > 0 && hl[0].to <= plain {
			hl = hl[1:]
		}
		want := cur
		if len(hl) > 0 && hl[0].from <= plain {
			want = hlSGR
		}
		if want != emitted {
			if want == "" {
				b = append(b, "\x1b[m"...)
			} else {
				b = append(b, want...)
			}
			emitted = want
		}
		if n == 1 {
			// A run of plain ASCII in one style is copied at once, up
			// to the end of the row or of the highlight it is in.
			limit := width - col
			if len(hl) > 0 {
				if hl[0].from <= plain {
					limit = min(limit, hl[0].to-plain)
				} else {
					limit = min(limit, hl[0].from-plain)
				}
			}
			k := max(asciiRun(s, i, limit), 1)
			n, w = k, k
		}
		b = append(b, s[i:i+n]...)
		col += w
		plain += n
		i += n
	}
	if emitted != "" {
		b = append(b, "\x1b[m"...)
	}
	return append(out, row{rowString(b[start:]), col})
}

// rowString returns the bytes of a row as a string without copying them.
// wrapLine never writes to bytes once a row holds them: it appends after
// them, and a buffer that grows moves to a new array, leaving the old one
// to the rows that point into it.
func rowString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// asciiRun returns how many bytes from s[i] on, at most limit, are
// printable ASCII characters each of one column: none is ESC, and none is
// followed by a byte that could join it into a larger cluster.
func asciiRun(s string, i, limit int) int {
	k := 0
	for i+k < len(s) && k < limit {
		c := s[i+k]
		if c < 0x20 || c >= 0x7f || (i+k+1 < len(s) && s[i+k+1] >= 0x80) {
			break
		}
		k++
	}
	return k
}

// rowCount is how many rows line s of display width w takes at width.
func rowCount(s string, w, width int) int {
	if w <= width || width <= 0 {
		return 1
	}
	if !needsCluster(s) {
		return (w + width - 1) / width
	}
	return len(wrapLine(nil, s, width, nil, ""))
}

// needsCluster reports whether s has a byte outside ASCII, where a wide
// character may not fit at the end of a row.
func needsCluster(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return true
		}
	}
	return false
}

// nextCluster returns the length and width of the grapheme cluster at
// s[i]. A line's recorded width and its wrapping both measure with it, so
// they always agree.
func nextCluster(s string, i int) (n, w int) {
	if s[i] < 0x80 && (i+1 == len(s) || s[i+1] < 0x80) {
		return 1, 1
	}
	g, w := ansi.FirstGraphemeCluster(s[i:], ansi.GraphemeWidth)
	return len(g), w
}

// measure returns the display width of a rendered line.
func measure(s string) int {
	w := 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			i += j + 1
			continue
		}
		n, cw := nextCluster(s, i)
		if n == 0 {
			break
		}
		w += cw
		i += n
	}
	return w
}
