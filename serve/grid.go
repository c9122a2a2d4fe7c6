package serve

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// cell is one screen cell: the grapheme drawn in it, as its rune when it
// is one (so that comparing cells mostly compares numbers) and as text
// when it is more, and the SGR sequences in force there. The strings are
// slices of the view they were read from, so a frame's cells cost no
// allocation per cell. The cell right of a wide grapheme is the zero
// rune with no text.
type cell struct {
	r     rune
	g     string // the grapheme when it is more than one rune
	style string
}

var blankCell = cell{r: ' '}

// eq compares the rune first: most cells that differ differ there.
func (c cell) eq(d cell) bool { return c.r == d.r && c.g == d.g && c.style == d.style }

// wideRest reports whether c is the right half of a wide grapheme.
func (c cell) wideRest() bool { return c.r == 0 && c.g == "" }

// grid is what a client's terminal shows, as cells, and the view lines it
// was drawn from. diff turns the next view into the bytes that change the
// terminal from one to the other: a line the view left as it was costs
// one string comparison, and of a changed line only the cells that differ
// are sent, after a cursor move.
type grid struct {
	w, h  int
	lines []string // the view's lines as drawn
	rows  [][]cell
	ends  []int // each row's contentEnd
	fresh bool  // the terminal's screen is unknown: clear it and draw all
	pen   string
}

func newGrid(w, h int) *grid {
	g := &grid{}
	g.resize(w, h)
	return g
}

// resize sets the terminal's size; the next diff clears the screen and
// draws it all.
func (g *grid) resize(w, h int) {
	g.w, g.h, g.fresh = max(w, 1), max(h, 1), true
	g.lines = make([]string, g.h)
	g.ends = make([]int, g.h)
	g.rows = make([][]cell, g.h)
	for y := range g.rows {
		g.rows[y] = make([]cell, g.w)
	}
}

// diff appends to out what turns the terminal's screen into view.
func (g *grid) diff(view string, out *bytes.Buffer) {
	if g.fresh {
		out.WriteString(ansi.ResetStyle + ansi.CursorHomePosition + ansi.EraseEntireScreen)
		g.pen = ""
		for y := range g.rows {
			g.lines[y], g.ends[y] = "", 0
			for x := range g.rows[y] {
				g.rows[y][x] = blankCell
			}
		}
	}
	next := make([]cell, g.w)
	for y := 0; y < g.h; y++ {
		line := ""
		if i := strings.IndexByte(view, '\n'); i >= 0 {
			line, view = view[:i], view[i+1:]
		} else {
			line, view = view, ""
		}
		if line == g.lines[y] && !g.fresh {
			continue
		}
		g.lines[y] = line
		end := g.parse(line, next)
		g.diffRow(y, next, g.ends[y], end, out)
		g.rows[y], next, g.ends[y] = next, g.rows[y], end
	}
	if g.pen != "" {
		out.WriteString(ansi.ResetStyle)
		g.pen = ""
	}
	g.fresh = false
}

// parse reads one view line into cells, blank beyond its end, and
// returns the column after its last cell that is not a plain blank.
func (g *grid) parse(line string, cells []cell) (end int) {
	x, style := 0, ""
	for len(line) > 0 && x < g.w {
		c := line[0]
		if c >= 0x20 && c < 0x7f { // the common case: one ASCII cell
			cells[x] = cell{r: rune(c), style: style}
			x++
			line = line[1:]
			continue
		}
		seq, width, n, _ := ansi.DecodeSequence(line, ansi.NormalState, nil)
		if n <= 0 {
			break
		}
		line = line[n:]
		switch {
		case width > 0:
			if x+width > g.w {
				x = g.w
				break
			}
			if r, size := utf8.DecodeRuneInString(seq); size == len(seq) {
				cells[x] = cell{r: r, style: style}
			} else {
				cells[x] = cell{g: seq, style: style}
			}
			for i := 1; i < width; i++ {
				cells[x+i] = cell{style: style}
			}
			x += width
		case len(seq) > 2 && seq[0] == ansi.ESC && seq[1] == '[' && seq[len(seq)-1] == 'm':
			if seq == ansi.ResetStyle || seq == "\x1b[0m" {
				style = ""
			} else {
				style += seq
			}
		}
		// Other sequences and control characters draw nothing.
	}
	end = x
	for ; x < g.w; x++ {
		cells[x] = blankCell
	}
	for end > 0 && cells[end-1].eq(blankCell) {
		end--
	}
	return end
}

// gapCost is how many unchanged cells between two changes are cheaper to
// draw again than to move the cursor over.
const gapCost = 6

// diffRow sends the cells of row y that differ between what the terminal
// shows and next.
func (g *grid) diffRow(y int, next []cell, oldEnd, newEnd int, out *bytes.Buffer) {
	old := g.rows[y]
	// Only the span between the first and the last changed cell is
	// looked at again: a line of output or a clock changes a few cells.
	lo, hi := 0, max(oldEnd, newEnd)
	for lo < hi && next[lo].eq(old[lo]) {
		lo++
	}
	for hi > lo && next[hi-1].eq(old[hi-1]) {
		hi--
	}
	if lo == hi {
		return
	}
	hi = max(hi, g.shiftRow(y, old, next, lo, hi, out))
	for x := lo; x < min(hi, newEnd); {
		if next[x].eq(old[x]) {
			x++
			continue
		}
		// A run of changes, taking in short unchanged gaps.
		start, end := x, x+1
		for i := end; i < newEnd && i-end <= gapCost; i++ {
			if !next[i].eq(old[i]) {
				end = i + 1
			}
		}
		for start > 0 && next[start].wideRest() {
			start--
		}
		for end < newEnd && next[end].wideRest() {
			end++
		}
		g.moveTo(start, y, out)
		for i := start; i < end; i++ {
			c := next[i]
			if c.wideRest() {
				continue
			}
			if c.style != g.pen {
				if g.pen != "" {
					out.WriteString(ansi.ResetStyle)
				}
				out.WriteString(c.style)
				g.pen = c.style
			}
			if c.g != "" {
				out.WriteString(c.g)
			} else {
				out.WriteRune(c.r)
			}
		}
		x = end
	}
	if oldEnd > newEnd {
		g.moveTo(newEnd, y, out)
		if g.pen != "" {
			out.WriteString(ansi.ResetStyle)
			g.pen = ""
		}
		out.WriteString(ansi.EraseLineRight)
	}
}

// minShift is the shortest run of cells that shiftRow moves on the
// terminal rather than drawing them again.
const minShift = 12

// shiftRow finds the longest run of next that is old moved one cell left
// (a sparkline that took a sample, a ticker) and moves it on the
// terminal: a deleted cell at its start and an inserted one at its end
// leave the rest of the row where it was. old is updated to what the
// terminal then shows, for the cell diff to do the rest; it returns the
// column after the last cell the shift changed (0 when none).
func (g *grid) shiftRow(y int, old, next []cell, lo, hi int, out *bytes.Buffer) int {
	if hi-lo <= minShift {
		return 0
	}
	bestA, bestB := 0, 0
	for i := lo; i < hi && i+1 < len(old); {
		if !next[i].eq(old[i+1]) || next[i].eq(old[i]) || old[i+1].wideRest() {
			i++
			continue
		}
		a := i
		for i < hi && i+1 < len(old) && next[i].eq(old[i+1]) && !old[i+1].wideRest() {
			i++
		}
		if i-a > bestB-bestA {
			bestA, bestB = a, i
		}
	}
	a, b := bestA, bestB
	if b-a < minShift || old[a].wideRest() || (b+1 < len(old) && old[b+1].wideRest()) {
		return 0
	}
	if g.pen != "" {
		out.WriteString(ansi.ResetStyle)
		g.pen = ""
	}
	g.moveTo(a, y, out)
	out.WriteString(ansi.DeleteCharacter(1))
	g.moveTo(b, y, out)
	out.WriteString(ansi.InsertCharacter(1))
	copy(old[a:b], old[a+1:b+1])
	old[b] = blankCell
	return b + 1
}

// moveTo moves the cursor to column x of row y.
func (g *grid) moveTo(x, y int, out *bytes.Buffer) {
	out.WriteString("\x1b[")
	out.WriteString(strconv.Itoa(y + 1))
	if x > 0 {
		out.WriteByte(';')
		out.WriteString(strconv.Itoa(x + 1))
	}
	out.WriteByte('H')
}
