package pane

import (
	"unicode/utf8"

	"golive/safe"
)

// cell is one column of a line that can still change. A wide character
// takes two cells: the first holds it, the second is its empty right half.
//
// A cell holds no pointer (24 bytes, where a string and a style took 40):
// overwriting one is a plain store the garbage collector never looks at,
// which is most of what a progress bar costs. A character is one rune;
// the rare cluster of several runes (an emoji sequence, a letter and its
// marks) is kept in its line's extra list and r is then the negative
// index -1-i into it.
type cell struct {
	r     rune  // the character; 0 for the right half of a wide one; < 0 a cluster in extra
	w     uint8 // its width: 1 or 2, 0 for a right half
	style safe.Style
}

var blank = cell{r: ' ', w: 1}

// liveLine is a line the cursor can still reach, kept as cells. Its
// rendering is cached until it changes.
type liveLine struct {
	// Text mode (see textline.go): the line's rendering so far, its
	// width and its style at the end; the layer under it after a
	// carriage return; a spare buffer to build the next layer in.
	text     []byte
	tw       int
	tst      safe.Style
	under    []byte
	uw       int
	ust      safe.Style
	hasUnder bool
	spare    []byte

	// Cell mode, once celled.
	celled bool
	cells  []cell
	extra  []string   // clusters of more than one rune, indexed by -1-r
	bst    safe.Style // the style while reading text back into cells

	dirty  bool
	cache  string
	cacheW int

	// Raw, a line skimmed under a flood (see lazy.go): raw holds its
	// bytes, to be interpreted when it is drawn or the cursor comes
	// back; rawW >= 0 means raw is already its rendering, that wide.
	isRaw bool
	raw   string
	rawW  int
}

// glyph returns the cell value for cluster g (one character, or several
// runes that display as one).
func (l *liveLine) glyph(g string) rune {
	r, n := utf8.DecodeRuneInString(g)
	if n == len(g) && r >= 0 {
		return r
	}
	if len(l.extra) >= 2*len(l.cells)+16 {
		l.compactExtra()
	}
	l.extra = append(l.extra, g)
	return rune(-len(l.extra))
}

// compactExtra drops clusters no cell refers to any more, so that a line
// rewritten again and again with emoji stays bounded.
func (l *liveLine) compactExtra() {
	var kept []string
	for i := range l.cells {
		if r := l.cells[i].r; r < 0 {
			kept = append(kept, l.extra[-1-r])
			l.cells[i].r = rune(-len(kept))
		}
	}
	l.extra = kept
}

// appendSGR appends the sequence that sets st: Style.AppendSGR, or a
// bare reset for the default style. Lines are rendered in the very form
// wrapLine writes rows in, so that a line that fits is its own row.
func appendSGR(b []byte, st safe.Style) []byte {
	if st.IsZero() {
		return append(b, "\x1b[m"...)
	}
	return st.AppendSGR(b)
}

// appendGlyph appends the text of cell c to b.
func (l *liveLine) appendGlyph(b []byte, c *cell) []byte {
	if c.r < 0 {
		return append(b, l.extra[-1-c.r]...)
	}
	if c.r < utf8.RuneSelf {
		return append(b, byte(c.r))
	}
	return utf8.AppendRune(b, c.r)
}

// render returns the line as a string that stands alone (opening with its
// first colour, ending with a reset) and its display width.
func (l *liveLine) render() (string, int) {
	if l.dirty {
		b, w := l.appendRender(make([]byte, 0, len(l.text)+len(l.under)+len(l.cells)+16))
		l.cache, l.cacheW = string(b), w
		l.dirty = false
	}
	return l.cache, l.cacheW
}

// appendRender appends the line as render returns it to b.
func (l *liveLine) appendRender(b []byte) ([]byte, int) {
	if !l.celled {
		return l.appendTextRender(b)
	}
	cells := l.cells
	if len(cells) == 0 {
		return b, 0
	}
	start := len(b)
	var cur safe.Style
	width := 0
	ascii := true
	for i := range cells {
		c := &cells[i]
		if c.w == 0 {
			continue
		}
		if c.style != cur {
			b = appendSGR(b, c.style)
			cur = c.style
		}
		if c.r >= 0 && c.r < utf8.RuneSelf {
			b = append(b, byte(c.r))
		} else {
			b = l.appendGlyph(b, c)
			ascii = false
		}
		width += int(c.w)
	}
	if !cur.IsZero() {
		b = append(b, "\x1b[m"...)
	}
	if !ascii {
		// Clusters can join across cells (a mark that came in a later
		// read); measure the line as wrapping will.
		return b, measure(string(b[start:]))
	}
	return b, width
}

// reset empties l for reuse.
func (l *liveLine) reset() {
	l.isRaw, l.raw = false, ""
	l.text, l.tw, l.tst, l.hasUnder = l.text[:0], 0, safe.Style{}, false
	l.celled = false
	l.cells = l.cells[:0]
	l.extra = l.extra[:0]
	l.dirty = true
}

// put writes g of width w at column x, padding with blanks and repairing
// any wide character it cuts in half.
func (l *liveLine) put(x int, g rune, w int, st safe.Style) {
	l.toCells()
	for len(l.cells) < x {
		l.cells = append(l.cells, blank)
	}
	l.dirty = true
	if x == len(l.cells) {
		l.cells = append(l.cells, cell{r: g, w: uint8(w), style: st})
		if w == 2 {
			l.cells = append(l.cells, cell{style: st})
		}
		return
	}
	l.split(x)
	if w == 2 && x+1 < len(l.cells) {
		l.split(x + 1)
	}
	l.cells[x] = cell{r: g, w: uint8(w), style: st}
	if w == 2 {
		if x+1 < len(l.cells) {
			l.cells[x+1] = cell{style: st}
		} else {
			l.cells = append(l.cells, cell{style: st})
		}
	}
}

// split makes column x safe to overwrite: when it holds half of a wide
// character, the other half becomes a blank.
func (l *liveLine) split(x int) {
	c := l.cells[x]
	switch {
	case c.w == 0 && x > 0:
		l.cells[x-1] = cell{r: ' ', w: 1, style: l.cells[x-1].style}
	case c.w == 2 && x+1 < len(l.cells):
		l.cells[x+1] = cell{r: ' ', w: 1, style: c.style}
	}
}

// attach adds a zero-width cluster (a combining mark that arrived in a
// later read) to the character before column x.
func (l *liveLine) attach(x int, g string) {
	l.toCells()
	x--
	if x >= len(l.cells) {
		return
	}
	for x >= 0 && l.cells[x].w == 0 {
		x--
	}
	if x < 0 {
		return
	}
	var joined []byte
	joined = l.appendGlyph(joined, &l.cells[x])
	l.cells[x].r = l.glyph(string(append(joined, g...)))
	l.dirty = true
}

// truncateAt removes the character at column x, and with it the rest of
// the line only when x is its last character; otherwise it becomes blanks
// to be overwritten.
func (l *liveLine) truncateAt(x int) {
	l.toCells()
	end := x + max(int(l.cells[x].w), 1)
	if end >= len(l.cells) {
		l.cells = l.cells[:x]
	} else {
		for i := x; i < end; i++ {
			l.cells[i] = blank
		}
	}
	l.dirty = true
}

// truncate erases from column x to the end of the line.
func (l *liveLine) truncate(x int) {
	if !l.celled && l.truncateText(x) {
		return
	}
	l.toCells()
	if x >= len(l.cells) {
		return
	}
	l.split(x)
	l.cells = l.cells[:x]
	l.dirty = true
}

// erase blanks columns [from, to).
func (l *liveLine) erase(from, to int) {
	l.toCells()
	to = min(to, len(l.cells))
	if from >= to {
		return
	}
	l.split(from)
	if to < len(l.cells) {
		l.split(to)
	}
	for i := from; i < to; i++ {
		l.cells[i] = blank
	}
	l.dirty = true
}
