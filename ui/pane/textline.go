package pane

import (
	"bytes"

	"golive/safe"
)

// A live line starts in text mode: it holds the bytes it will render as
// (ASCII text and the SGR sequences appendSGR writes), one byte per
// column, and takes what is printed at its end by appending. Most output
// never leaves this mode: `seq`, logs, and progress bars that rewrite the
// whole line after a carriage return. Finishing such a line is a copy of
// its bytes, and a byte of output costs about a byte of work.
//
// A carriage return followed by text starts the line's text afresh and
// keeps what was there as the layer under it: under shows through past
// the end of the new text, and is dropped as soon as the new text is as
// wide. Anything else that rewrites the line (a backspace, cursor motion,
// erasing inside it, characters outside ASCII) turns it into cells once,
// and it stays cells until it is reused.

// empty reports whether the line shows nothing.
func (l *liveLine) empty() bool {
	if l.celled {
		return len(l.cells) == 0
	}
	return l.tw == 0 && !l.hasUnder
}

// appendText appends printable ASCII at the end of a line in text mode;
// the caller has written the SGR sequence of its style when it changed.
func (l *liveLine) appendText(text []byte) {
	l.text = append(l.text, text...)
	l.tw += len(text)
	if l.hasUnder && l.tw >= l.uw {
		l.hasUnder = false
	}
	l.dirty = true
}

// rewrite starts the text of a line in text mode afresh from column 0,
// keeping what it showed as the layer under it.
func (l *liveLine) rewrite() {
	if l.hasUnder {
		l.spare, l.uw, l.ust = l.appendMerged(l.spare[:0])
		l.under, l.spare = l.spare, l.under
		l.text = l.text[:0]
	} else {
		// The text alone is what the line shows: it becomes the layer
		// under as it is, and the old layer's buffer takes the new
		// text (a progress bar redrawn after '\r' copies nothing).
		l.under, l.text = l.text, l.under[:0]
		l.uw, l.ust = l.tw, l.tst
	}
	l.hasUnder = true
	l.tw, l.tst = 0, safe.Style{}
	l.dirty = true
}

// appendMerged appends what a line in text mode shows to b, without the
// final reset, and returns its width and the style at its end.
func (l *liveLine) appendMerged(b []byte) ([]byte, int, safe.Style) {
	b = append(b, l.text...)
	if !l.hasUnder || l.uw <= l.tw {
		return b, l.tw, l.tst
	}
	// Find column tw in the layer under, and the style in force there.
	u := l.under
	var active []byte
	col, i := 0, 0
	for i < len(u) {
		if u[i] == 0x1b {
			k := bytes.IndexByte(u[i:], 'm')
			if k < 0 {
				i = len(u) // never: under holds only whole sequences
				break
			}
			active = u[i : i+k+1]
			i += k + 1
			continue
		}
		if col == l.tw {
			break
		}
		col++
		i++
	}
	var cur [64]byte
	want := appendSGR(cur[:0], l.tst)
	if active == nil {
		active = resetSGR
	}
	if !bytes.Equal(active, want) {
		b = append(b, active...)
	}
	return append(b, u[i:]...), l.uw, l.ust
}

// resetSGR is the sequence appendSGR writes for the default style.
var resetSGR = []byte("\x1b[m")

// appendTextRender appends a line in text mode as render returns it.
func (l *liveLine) appendTextRender(b []byte) ([]byte, int) {
	b, w, st := l.appendMerged(b)
	if !st.IsZero() {
		b = append(b, "\x1b[m"...)
	}
	return b, w
}

// toCells turns a line in text mode into cells, for an edit text mode
// cannot take.
func (l *liveLine) toCells() {
	if l.celled {
		return
	}
	var shown []byte
	shown, _, _ = l.appendMerged(shown)
	l.celled = true
	l.cells = l.cells[:0]
	l.extra = l.extra[:0]
	l.bst = safe.Style{}
	var sc safe.Scanner
	sc.Feed(shown, (*cellBuilder)(l))
	l.text, l.tw, l.tst = l.text[:0], 0, safe.Style{}
	l.hasUnder = false
	l.dirty = true
}

// truncateText is truncate for a line in text mode; it reports false
// when the line must become cells first.
func (l *liveLine) truncateText(x int) bool {
	switch {
	case x == 0:
		l.text, l.tw, l.tst, l.hasUnder = l.text[:0], 0, safe.Style{}, false
	case x == l.tw:
		l.hasUnder = false
	case x > l.tw && (!l.hasUnder || x >= l.uw):
		return true
	default:
		return false
	}
	l.dirty = true
	return true
}

// cellBuilder reads a line's own rendering back into its cells.
type cellBuilder liveLine

func (c *cellBuilder) Print(text []byte) {
	for _, b := range text {
		c.cells = append(c.cells, cell{r: rune(b), w: 1, style: c.bst})
	}
}

func (c *cellBuilder) Control(byte) {}

func (c *cellBuilder) CSI(q *safe.Seq) {
	if q.IsSGR() {
		c.bst.Apply(q)
	}
}
