package pane

import "golive/safe"

// cell is one column of a line that can still change. A wide character
// takes two cells: the first holds it, the second is its empty right half.
type cell struct {
	g     string // the grapheme cluster; "" for the right half of a wide one
	w     uint8  // its width: 1 or 2, 0 for a right half
	style safe.Style
}

// asciiCells holds a string for each printable ASCII byte, so that the
// common case of writing a byte allocates nothing.
var asciiCells = func() (t [128]string) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = string(rune(c))
	}
	return t
}()

var blank = cell{g: " ", w: 1}

// liveLine is a line the cursor can still reach, kept as cells. Its
// rendering is cached until it changes.
type liveLine struct {
	cells  []cell
	dirty  bool
	cache  string
	cacheW int
}

// render returns the line as a string that stands alone (opening with its
// first colour, ending with a reset) and its display width.
func (l *liveLine) render() (string, int) {
	if l.dirty {
		l.cache, l.cacheW = renderCells(l.cells)
		l.dirty = false
	}
	return l.cache, l.cacheW
}

func renderCells(cells []cell) (string, int) {
	if len(cells) == 0 {
		return "", 0
	}
	b := make([]byte, 0, len(cells)+16)
	var cur safe.Style
	width := 0
	ascii := true
	for i := range cells {
		c := &cells[i]
		if c.w == 0 {
			continue
		}
		if c.style != cur {
			b = c.style.AppendSGR(b)
			cur = c.style
		}
		b = append(b, c.g...)
		width += int(c.w)
		if len(c.g) != 1 {
			ascii = false
		}
	}
	if !cur.IsZero() {
		b = append(b, "\x1b[m"...)
	}
	if !ascii {
		// Clusters can join across cells (a mark that came in a later
		// read); measure the line as wrapping will.
		s := string(b)
		return s, measure(s)
	}
	return string(b), width
}

// reset empties l for reuse.
func (l *liveLine) reset() {
	l.cells = l.cells[:0]
	l.dirty = true
}

// put writes g of width w at column x, padding with blanks and repairing
// any wide character it cuts in half.
func (l *liveLine) put(x int, g string, w int, st safe.Style) {
	for len(l.cells) < x {
		l.cells = append(l.cells, blank)
	}
	l.dirty = true
	if x == len(l.cells) {
		l.cells = append(l.cells, cell{g: g, w: uint8(w), style: st})
		if w == 2 {
			l.cells = append(l.cells, cell{style: st})
		}
		return
	}
	l.split(x)
	if w == 2 && x+1 < len(l.cells) {
		l.split(x + 1)
	}
	l.cells[x] = cell{g: g, w: uint8(w), style: st}
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
		l.cells[x-1] = cell{g: " ", w: 1, style: l.cells[x-1].style}
	case c.w == 2 && x+1 < len(l.cells):
		l.cells[x+1] = cell{g: " ", w: 1, style: c.style}
	}
}

// attach adds a zero-width cluster (a combining mark that arrived in a
// later read) to the character before column x.
func (l *liveLine) attach(x int, g string) {
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
	l.cells[x].g += g
	l.dirty = true
}

// truncateAt removes the character at column x, and with it the rest of
// the line only when x is its last character; otherwise it becomes blanks
// to be overwritten.
func (l *liveLine) truncateAt(x int) {
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
	if x >= len(l.cells) {
		return
	}
	l.split(x)
	l.cells = l.cells[:x]
	l.dirty = true
}

// erase blanks columns [from, to).
func (l *liveLine) erase(from, to int) {
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
