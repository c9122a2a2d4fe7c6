package pane

import (
	"bytes"
	"slices"
	"unsafe"

	"github.com/charmbracelet/x/ansi"

	"golive/safe"
)

// Defaults of a Screen.
const (
	// DefaultLimit is how many finished lines a pane keeps; older lines
	// are only in the step's log.
	DefaultLimit = 10000
	// LiveLines is how many of the last lines cursor motion can reach.
	// Progress displays rewrite a few dozen lines at most.
	LiveLines = 100
	// MaxLineCells bounds one line. Output that runs longer without a
	// newline continues on the next line, as a terminal would wrap it, so
	// a single endless line cannot grow without bound.
	MaxLineCells = 8192
	// tabStop is the distance between tab stops.
	tabStop = 8
)

// Screen turns a stream of terminal output into lines, as a terminal
// would show them, minus everything that would act on the terminal itself.
//
// Applied inside the pane: SGR colours, '\n' (always to column 0, as with
// a terminal's output post-processing), '\r', '\b', '\t', erase in line
// (CSI K, 1K, 2K), erase characters (CSI X), erase below (CSI J) and
// cursor motion within the last LiveLines lines (CSI A B C D E F G and `).
// Everything else is dropped, as the safe package drops it.
//
// A Screen is not safe for concurrent use; Buffer adds the lock.
type Screen struct {
	sc   safe.Scanner
	ring ring
	// live holds the last lines, oldest first; never empty. It is a
	// window sliding along liveBuf (twice LiveLines long), so that
	// finishing a line moves one pointer, not the hundred behind it.
	live    []*liveLine
	liveBuf []*liveLine
	free    []*liveLine // finished live lines kept for reuse
	// slab is where finished lines are rendered, one after another:
	// each ring line is a string over its part of a slab, never written
	// again, so finishing a line allocates nothing of its own.
	slab  []byte
	cy    int // cursor row, an index into live
	cx    int // cursor column
	style safe.Style
	// cellsOnly keeps every line in cells, the reference text mode is
	// checked against (see FuzzTextMode).
	cellsOnly bool
	// sgr caches the rendering of the last few styles: progress bars
	// switch between the same two or three for every line.
	sgr    [4]sgrEntry
	sgrPos int

	// eager interprets every line as it comes, the reference the lazy
	// path is checked against (see FuzzLazy).
	eager bool
	// For skimming (lazy.go): the lines of one skim, the SGR sequences
	// of one line, and the screen and line raw lines are replayed on.
	pend    []line
	sgrs    [][2]int32
	scratch *Screen
	tmp     *liveLine
}

type sgrEntry struct {
	st  safe.Style
	b   []byte
	set bool
}

// sgrOf returns the sequence appendSGR writes for st.
func (s *Screen) sgrOf(st safe.Style) []byte {
	for i := range s.sgr {
		if e := &s.sgr[i]; e.set && e.st == st {
			return e.b
		}
	}
	e := &s.sgr[s.sgrPos]
	s.sgrPos = (s.sgrPos + 1) % len(s.sgr)
	*e = sgrEntry{st: st, b: appendSGR(e.b[:0], st), set: true}
	return e.b
}

// NewScreen returns a Screen that keeps the last limit finished lines
// (DefaultLimit when limit <= 0).
func NewScreen(limit int) *Screen {
	if limit <= 0 {
		limit = DefaultLimit
	}
	s := &Screen{ring: ring{limit: limit}, liveBuf: make([]*liveLine, 2*LiveLines)}
	s.live = s.liveBuf[:1]
	s.live[0] = &liveLine{}
	return s
}

// SetLimit changes how many finished lines are kept.
func (s *Screen) SetLimit(limit int) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	s.ring.setLimit(limit)
}

// Write applies p. It never fails; the error is there for io.Writer.
func (s *Screen) Write(p []byte) (int, error) {
	n := len(p)
	ops := (*screenOps)(s)
	for len(p) > 0 {
		if s.fresh() {
			p = p[s.skim(p):]
			if len(p) == 0 {
				break
			}
		}
		// A line that must be interpreted now, and on to the next
		// chance to skim.
		k := bytes.IndexByte(p, '\n')
		if k < 0 || s.eager || s.cellsOnly {
			s.sc.Feed(p, ops)
			break
		}
		s.sc.Feed(p[:k+1], ops)
		p = p[k+1:]
	}
	return n, nil
}

// Flush ends the stream: a sequence left unterminated is dropped.
func (s *Screen) Flush() { s.sc.Flush((*screenOps)(s)) }

// Note adds a line of golive's own (an attempt separator, a notice) after
// the output so far. Its text is made plain first.
func (s *Screen) Note(text string, st safe.Style) {
	o := (*screenOps)(s)
	s.cy = len(s.live) - 1
	s.unraw(s.live[s.cy])
	if !s.live[s.cy].empty() {
		o.lineFeed()
	}
	s.cx = 0
	saved := s.style
	s.style = st
	o.Print([]byte(safe.Plain(text)))
	s.style = saved
	o.lineFeed()
}

// Len is the number of lines so far, counted from the start of the
// stream; a last line that is still empty does not count.
func (s *Screen) Len() int64 {
	n := s.ring.total + int64(len(s.live))
	if s.live[len(s.live)-1].empty() {
		n--
	}
	return n
}

// First is the number of the oldest line still held. It is also how many
// earlier lines are only in the log.
func (s *Screen) First() int64 { return s.ring.first() }

// Line returns line n (0 <= First() <= n < Len()) rendered as a standalone
// string, and its display width.
func (s *Screen) Line(n int64) (string, int) {
	if n < s.ring.total {
		if n < s.ring.first() {
			return "", 0
		}
		l := s.ring.get(n)
		if l.w < 0 {
			l = s.render(l.s)
			s.ring.set(n, l)
		}
		return l.s, int(l.w)
	}
	i := int(n - s.ring.total)
	if i >= len(s.live) {
		return "", 0
	}
	l := s.live[i]
	if l.isRaw {
		if l.rawW >= 0 {
			return l.raw, l.rawW
		}
		s.unraw(l)
	}
	return l.render()
}

// screenOps is the safe.Handler side of a Screen, kept off its exported
// method set.
type screenOps Screen

func (o *screenOps) Print(text []byte) {
	ascii := true
	for _, c := range text {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		o.printASCII(text)
		return
	}
	o.live[o.cy].toCells()
	text = o.extendPrevious(text)
	for len(text) > 0 {
		g, w := ansi.FirstGraphemeCluster(text, ansi.GraphemeWidth)
		if len(g) == 0 {
			return
		}
		text = text[len(g):]
		if w == 0 {
			o.live[o.cy].attach(o.cx, string(g))
			continue
		}
		o.put(string(g), min(w, 2))
	}
}

// printASCII writes printable ASCII at the cursor: appended to a line in
// text mode when it can (see textline.go), else into the line's cells.
func (o *screenOps) printASCII(text []byte) {
	if !o.printText(text) {
		o.printCells(text)
	}
}

// printText appends text to the cursor's line in text mode, at its end or
// afresh after a carriage return. It reports false when the line must
// take it as cells.
func (o *screenOps) printText(text []byte) bool {
	l := o.live[o.cy]
	if l.celled || o.cellsOnly || o.cx+len(text) > MaxLineCells {
		return false
	}
	switch {
	case o.cx == l.tw:
	case o.cx == 0:
		l.rewrite()
	default:
		return false
	}
	if o.style != l.tst {
		l.text = append(l.text, (*Screen)(o).sgrOf(o.style)...)
		l.tst = o.style
	}
	l.appendText(text)
	o.cx += len(text)
	return true
}

// printCells writes ASCII over narrow cells in place (a progress bar after
// a carriage return), then appends it at the end of the line. Only a cell
// that is half of a wide character, or a line reaching MaxLineCells,
// takes the careful path. The loops store one template cell, so each
// byte costs a store.
func (o *screenOps) printCells(text []byte) {
	l := o.live[o.cy]
	l.toCells()
	l.dirty = true
	tmpl := cell{w: 1, style: o.style}
	x := o.cx
	if x < len(l.cells) {
		cells := l.cells[x:min(len(l.cells), x+len(text))]
		i := 0
		for ; i < len(cells) && cells[i].w == 1; i++ {
			tmpl.r = rune(text[i])
			cells[i] = tmpl
		}
		x += i
		text = text[i:]
	}
	if len(text) > 0 && x == len(l.cells) && x+len(text) <= MaxLineCells {
		l.cells = slices.Grow(l.cells, len(text))
		for _, c := range text {
			tmpl.r = rune(c)
			l.cells = append(l.cells, tmpl)
		}
		x += len(text)
		text = nil
	}
	o.cx = x
	for _, c := range text {
		o.putRune(rune(c), 1)
	}
}

// extendPrevious joins the start of text to the character just before the
// cursor when the two make one grapheme cluster (a mark or joiner that
// arrived in a later read), so that widths stay what wrapping measures.
// It returns the rest of text.
func (o *screenOps) extendPrevious(text []byte) []byte {
	l := o.live[o.cy]
	x := o.cx - 1
	for x >= 0 && x < len(l.cells) && l.cells[x].w == 0 {
		x--
	}
	if x < 0 || x >= len(l.cells) || l.cells[x].style != o.style || x+int(l.cells[x].w) != o.cx {
		return text
	}
	prev := l.appendGlyph(nil, &l.cells[x])
	joined := append(prev, text...)
	g, w := ansi.FirstGraphemeCluster(joined, ansi.GraphemeWidth)
	if len(g) <= len(prev) {
		return text
	}
	w = max(min(w, 2), 1)
	o.cx = x
	l.truncateAt(x)
	o.put(string(g), w)
	return text[len(g)-len(prev):]
}

// put writes one character (a grapheme cluster) at the cursor and moves
// past it.
func (o *screenOps) put(g string, w int) {
	if o.cx+w > MaxLineCells {
		o.lineFeed()
	}
	l := o.live[o.cy]
	l.put(o.cx, l.glyph(g), w, o.style)
	o.cx += w
}

// putRune is put for a character of one rune.
func (o *screenOps) putRune(r rune, w int) {
	if o.cx+w > MaxLineCells {
		o.lineFeed()
	}
	o.live[o.cy].put(o.cx, r, w, o.style)
	o.cx += w
}

func (o *screenOps) Control(c byte) {
	switch c {
	case '\n', '\v', '\f':
		o.lineFeed()
	case '\r':
		o.cx = 0
	case '\b':
		if o.cx > 0 {
			o.cx--
		}
	case '\t':
		o.cx = min((o.cx/tabStop+1)*tabStop, MaxLineCells-1)
	}
}

// lineFeed moves to the start of the next line, making one at the end.
// A line that falls out of reach of the cursor is finished and moves to
// the ring.
func (o *screenOps) lineFeed() {
	o.cx = 0
	o.cy++
	if o.cy < len(o.live) {
		(*Screen)(o).unraw(o.live[o.cy])
		return
	}
	var l *liveLine
	if n := len(o.free); n > 0 {
		l = o.free[n-1]
		o.free = o.free[:n-1]
		l.reset()
	} else {
		l = &liveLine{}
	}
	if len(o.live) == cap(o.live) {
		// The window reached the end of liveBuf: move it to the start.
		n := copy(o.liveBuf, o.live)
		clear(o.liveBuf[n:])
		o.live = o.liveBuf[:n]
	}
	o.live = append(o.live, l)
	if len(o.live) > LiveLines {
		old := o.live[0]
		o.live[0] = nil
		o.live = o.live[1:]
		o.cy--
		o.ring.push(o.finish(old))
		old.cache = ""
		o.free = append(o.free, old)
	}
}

// slabSize is the size of one slab of finished lines.
const slabSize = 64 << 10

// finish renders a line leaving the cursor's reach into the slab.
func (o *screenOps) finish(l *liveLine) line {
	if l.isRaw {
		if l.raw == "" {
			return line{}
		}
		return line{s: l.raw, w: int32(l.rawW)}
	}
	if l.empty() {
		return line{}
	}
	need := 2*len(l.cells) + len(l.text) + len(l.under) + 64
	if cap(o.slab)-len(o.slab) < need {
		o.slab = make([]byte, 0, max(slabSize, 2*need))
	}
	start := len(o.slab)
	var w int
	o.slab, w = l.appendRender(o.slab)
	if len(o.slab) == start {
		return line{w: int32(w)}
	}
	// The bytes from start on are never written again (later lines only
	// append after them, and a full slab is replaced, not reused), so
	// the string may share them.
	return line{s: unsafe.String(&o.slab[start], len(o.slab)-start), w: int32(w)}
}

func (o *screenOps) CSI(q *safe.Seq) {
	if q.IsSGR() {
		o.style.Apply(q)
		return
	}
	if q.Prefix != 0 || q.Inter != 0 {
		return
	}
	n := max(q.Param(0, 1), 1)
	l := o.live[o.cy]
	switch q.Final {
	case 'A': // cursor up
		o.cy = max(o.cy-n, 0)
	case 'F': // cursor to the start of a previous line
		o.cy = max(o.cy-n, 0)
		o.cx = 0
	case 'B': // cursor down, never past the last line
		o.cy = min(o.cy+n, len(o.live)-1)
	case 'E': // cursor to the start of a next line
		o.cy = min(o.cy+n, len(o.live)-1)
		o.cx = 0
	case 'C': // cursor forward
		o.cx = min(o.cx+n, MaxLineCells-1)
	case 'D': // cursor back
		o.cx = max(o.cx-n, 0)
	case 'G', '`': // cursor to a column
		o.cx = min(n-1, MaxLineCells-1)
	case 'K': // erase in line
		switch q.Param(0, 0) {
		case 0:
			l.truncate(o.cx)
		case 1:
			l.erase(0, o.cx+1)
		case 2:
			l.truncate(0)
		}
	case 'X': // erase characters
		l.erase(o.cx, o.cx+n)
	case 'J': // erase below; clearing the screen above is not for a pane
		if q.Param(0, 0) == 0 {
			l.truncate(o.cx)
			for _, d := range o.live[o.cy+1:] {
				d.cache = ""
				o.free = append(o.free, d)
			}
			clear(o.live[o.cy+1:])
			o.live = o.live[:o.cy+1]
		}
	}
	// The cursor may have come to a line kept raw.
	(*Screen)(o).unraw(o.live[o.cy])
}
