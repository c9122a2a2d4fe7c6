package e2e

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// vterm is the screen of a terminal, rebuilt from what it received: the
// text of each cell, for benchmarks that wait for something to be on
// screen rather than in the bytes (a renderer that sends only changed
// cells never sends a whole line again). It follows the sequences a
// full-screen program sends: cursor moves, erasing, inserting and
// deleting cells and lines, repeats, scroll regions and scrolls, insert
// mode and autowrap; it ignores styles, titles and other modes.
type vterm struct {
	w, h     int
	cells    [][]string
	x, y     int
	top, bot int // the scroll region, inclusive
	wrapNext bool
	autowrap bool
	insert   bool
	last     string // the last grapheme printed, for REP
	pending  []byte // an incomplete sequence at the end of the last write
	p        *ansi.Parser
}

func newVterm(w, h int) *vterm {
	t := &vterm{w: w, h: h, bot: h - 1, autowrap: true, p: ansi.NewParser()}
	t.cells = make([][]string, h)
	for y := range t.cells {
		t.cells[y] = t.blankLine()
	}
	return t
}

func (t *vterm) blankLine() []string {
	l := make([]string, t.w)
	for i := range l {
		l[i] = " "
	}
	return l
}

// Line is row y's text, without trailing blanks.
func (t *vterm) Line(y int) string { return strings.TrimRight(strings.Join(t.cells[y], ""), " ") }

// Text is the whole screen, one line a row.
func (t *vterm) Text() string {
	rows := make([]string, t.h)
	for y := range rows {
		rows[y] = t.Line(y)
	}
	return strings.Join(rows, "\n")
}

func (t *vterm) Write(b []byte) {
	data := append(t.pending, b...)
	t.pending = nil
	var state byte
	for len(data) > 0 {
		if data[0] >= utf8.RuneSelf && !utf8.FullRune(data) {
			break
		}
		seq, width, n, next := ansi.DecodeSequence(data, state, t.p)
		if n == 0 || (n == len(data) && next != ansi.NormalState) {
			break // the rest of the sequence has not arrived yet
		}
		state = next
		data = data[n:]
		switch {
		case width > 0:
			t.print(string(seq), width)
		case len(seq) == 1 && seq[0] < 0x20:
			t.control(seq[0])
		case ansi.HasCsiPrefix(seq):
			t.csi(ansi.Cmd(t.p.Command()), t.p.Params())
		case ansi.HasEscPrefix(seq) && len(seq) == 2:
			t.esc(seq[1])
		}
	}
	t.pending = append([]byte(nil), data...)
}

func (t *vterm) print(g string, width int) {
	if t.wrapNext && t.autowrap {
		t.x = 0
		t.lineFeed()
	}
	t.wrapNext = false
	if t.insert {
		t.insertCells(width)
	}
	if t.x+width > t.w {
		return
	}
	t.cells[t.y][t.x] = g
	for i := 1; i < width; i++ {
		t.cells[t.y][t.x+i] = ""
	}
	t.last = g
	t.x += width
	if t.x >= t.w {
		t.x = t.w - 1
		t.wrapNext = true
	}
}

func (t *vterm) control(c byte) {
	t.wrapNext = false
	switch c {
	case '\r':
		t.x = 0
	case '\n', '\v', '\f':
		t.lineFeed()
	case '\b':
		t.x = max(0, t.x-1)
	case '\t':
		t.x = min(t.w-1, (t.x/8+1)*8)
	}
}

func (t *vterm) esc(c byte) {
	switch c {
	case 'M': // reverse index
		if t.y == t.top {
			t.scrollDown(1)
		} else {
			t.y = max(0, t.y-1)
		}
	case 'D':
		t.lineFeed()
	case 'E':
		t.x = 0
		t.lineFeed()
	}
}

func (t *vterm) lineFeed() {
	if t.y == t.bot {
		t.scrollUp(1)
	} else if t.y < t.h-1 {
		t.y++
	}
}

// scrollUp moves the scroll region's lines up by n, blank lines below.
func (t *vterm) scrollUp(n int) {
	for range min(n, t.bot-t.top+1) {
		copy(t.cells[t.top:t.bot+1], t.cells[t.top+1:t.bot+1])
		t.cells[t.bot] = t.blankLine()
	}
}

// scrollDown moves the scroll region's lines down by n, blank lines above.
func (t *vterm) scrollDown(n int) {
	for range min(n, t.bot-t.top+1) {
		copy(t.cells[t.top+1:t.bot+1], t.cells[t.top:t.bot])
		t.cells[t.top] = t.blankLine()
	}
}

func (t *vterm) insertCells(n int) {
	row := t.cells[t.y]
	n = min(n, t.w-t.x)
	copy(row[t.x+n:], row[t.x:t.w-n])
	for i := t.x; i < t.x+n; i++ {
		row[i] = " "
	}
}

func (t *vterm) blank(y, from, to int) {
	for x := max(0, from); x < min(t.w, to); x++ {
		t.cells[y][x] = " "
	}
}

func (t *vterm) csi(cmd ansi.Cmd, params ansi.Params) {
	n, _, _ := params.Param(0, 1)
	n = max(n, 1)
	arg0, _, _ := params.Param(0, 0)
	t.wrapNext = false
	switch cmd.Prefix() {
	case '?':
		for i := range params {
			p, _, _ := params.Param(i, 0)
			switch {
			case p == 7:
				t.autowrap = cmd.Final() == 'h'
			case p == 1049 && cmd.Final() == 'h':
				for y := range t.cells {
					t.cells[y] = t.blankLine()
				}
			}
		}
		return
	case 0:
	default:
		return
	}
	switch cmd.Final() {
	case 'A':
		t.y = max(0, t.y-n)
	case 'B', 'e':
		t.y = min(t.h-1, t.y+n)
	case 'C', 'a':
		t.x = min(t.w-1, t.x+n)
	case 'D':
		t.x = max(0, t.x-n)
	case 'E':
		t.x, t.y = 0, min(t.h-1, t.y+n)
	case 'F':
		t.x, t.y = 0, max(0, t.y-n)
	case 'G', '`':
		t.x = min(t.w-1, n-1)
	case 'd':
		t.y = min(t.h-1, n-1)
	case 'H', 'f':
		col, _, _ := params.Param(1, 1)
		t.y, t.x = min(t.h-1, n-1), min(t.w-1, max(col, 1)-1)
	case 'J':
		switch arg0 {
		case 0:
			t.blank(t.y, t.x, t.w)
			for y := t.y + 1; y < t.h; y++ {
				t.blank(y, 0, t.w)
			}
		case 1:
			t.blank(t.y, 0, t.x+1)
			for y := 0; y < t.y; y++ {
				t.blank(y, 0, t.w)
			}
		default:
			for y := 0; y < t.h; y++ {
				t.blank(y, 0, t.w)
			}
		}
	case 'K':
		switch arg0 {
		case 0:
			t.blank(t.y, t.x, t.w)
		case 1:
			t.blank(t.y, 0, t.x+1)
		default:
			t.blank(t.y, 0, t.w)
		}
	case 'X':
		t.blank(t.y, t.x, t.x+n)
	case 'b':
		for range n {
			if t.last != "" {
				t.print(t.last, max(1, ansi.StringWidth(t.last)))
			}
		}
	case '@':
		t.insertCells(n)
	case 'P':
		row := t.cells[t.y]
		n = min(n, t.w-t.x)
		copy(row[t.x:], row[t.x+n:])
		t.blank(t.y, t.w-n, t.w)
	case 'L', 'M':
		if t.y < t.top || t.y > t.bot {
			return
		}
		top := t.top
		t.top = t.y
		if cmd.Final() == 'L' {
			t.scrollDown(n)
		} else {
			t.scrollUp(n)
		}
		t.top = top
		t.x = 0
	case 'S':
		t.scrollUp(n)
	case 'T':
		t.scrollDown(n)
	case 'r':
		bot, _, _ := params.Param(1, t.h)
		t.top, t.bot = min(t.h-1, n-1), min(t.h-1, max(bot, 1)-1)
		if t.bot <= t.top {
			t.top, t.bot = 0, t.h-1
		}
		t.x, t.y = 0, 0
	case 'h', 'l':
		if arg0 == 4 {
			t.insert = cmd.Final() == 'h'
		}
	}
}
