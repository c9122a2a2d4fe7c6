package pane

import (
	"bytes"
	"encoding/binary"
	"unicode/utf8"
	"unsafe"

	"golive/safe"
)

// Lazy lines. Under a flood most lines scroll out of the pane before a
// frame shows them; they only need to land in the scrollback. So when the
// cursor stands at the start of a fresh last line, Write skims whole
// lines instead of interpreting them: it finds each '\n', checks that the
// line can only act on itself (printable text, SGR colours, '\r', '\b',
// '\t', erase to the end of the line, and controls that do nothing), and
// keeps it as its raw bytes behind the SGR sequence of the style in force
// at its start. The line is interpreted only when someone looks at it
// (a frame, a search, the pager) or the cursor comes back to it.
//
// Two cases need no interpretation ever: a line of plain printable ASCII
// is its own rendering, and a line whose last rewrite after '\r' is plain
// and covers what came before renders as that rewrite. A rewrite that
// covers the rest (or erases it) is also all that is kept of any other
// line, so a progress bar redrawn ten times costs the bytes of one.
//
// The style at the end of a line (the start of the next) is worked out
// from the SGR sequences from the last one that resets the style on: a
// coloured line that ends in a reset costs no parsing at all.
//
// Cursor motion is only honoured within the last LiveLines lines, and a
// line is only skimmed while the cursor is on the last line, so a skimmed
// line is exactly what the eager path would make of the same bytes from
// a fresh line; FuzzLazy checks it.

// fresh reports whether the next byte starts a new last line: the
// scanner between tokens and the cursor at column 0 of an empty last
// line.
func (s *Screen) fresh() bool {
	if s.eager || s.cellsOnly || !s.sc.Idle() || s.cx != 0 || s.cy != len(s.live)-1 {
		return false
	}
	l := s.live[s.cy]
	return !l.isRaw && !l.celled && len(l.text) == 0 && !l.hasUnder
}

// skim takes the whole lines at the start of p that can be kept raw and
// returns how many bytes it took. The caller has checked fresh.
func (s *Screen) skim(p []byte) int {
	pend := s.pend[:0]
	st := s.style
	i := 0
	for i < len(p) {
		k := bytes.IndexByte(p[i:], '\n')
		if k < 0 {
			break
		}
		l, ok := s.skimLine(p[i:i+k], &st)
		if !ok {
			break
		}
		pend = append(pend, l)
		i += k + 1
	}
	s.pend = pend[:0]
	if len(pend) == 0 {
		return 0
	}
	s.style = st
	s.place(pend)
	clear(pend)
	return i
}

// place puts skimmed lines before the cursor's (fresh, empty) line: those
// that fall out of the cursor's reach go to the ring as they are, the
// rest become raw live lines.
func (s *Screen) place(pend []line) {
	n := len(s.live)
	cur := s.live[n-1]
	above := n - 1
	leave := max(above+len(pend)-(LiveLines-1), 0)
	fromLive := min(leave, above)
	o := (*screenOps)(s)
	for _, l := range s.live[:fromLive] {
		s.ring.push(o.finish(l))
		l.cache = ""
		s.free = append(s.free, l)
	}
	leave -= fromLive
	for _, l := range pend[:leave] {
		s.ring.push(l)
	}
	m := copy(s.liveBuf, s.live[fromLive:n-1])
	for _, r := range pend[leave:] {
		l := s.spare()
		l.isRaw, l.raw, l.rawW = true, r.s, int(r.w)
		s.liveBuf[m] = l
		m++
	}
	s.liveBuf[m] = cur
	m++
	clear(s.liveBuf[m:])
	s.live = s.liveBuf[:m]
	s.cy = m - 1
}

// spare returns an empty line, reused when one is free.
func (s *Screen) spare() *liveLine {
	if n := len(s.free); n > 0 {
		l := s.free[n-1]
		s.free = s.free[:n-1]
		l.reset()
		return l
	}
	return &liveLine{}
}

// skimLine keeps line b (without its '\n') as a ring line: rendered when
// it needs no interpreting, else raw with a negative width. st is the
// style at its start and is left at the style at its end. It reports
// false when b must be interpreted now.
func (s *Screen) skimLine(b []byte, st *safe.Style) (line, bool) {
	// A '\r' just before the '\n' (a terminal's output processing adds
	// one to every line) moves the cursor and changes nothing else.
	for len(b) > 0 && b[len(b)-1] == '\r' {
		b = b[:len(b)-1]
	}
	j := printable(b, 0)
	if j == len(b) {
		if len(b) > MaxLineCells {
			return line{}, false
		}
		return s.plainLine(b, st), true
	}
	return s.skimMixed(b, j, st)
}

// printable returns the index of the first byte of b from i on that is
// not printable ASCII (0x20 to 0x7e), or len(b). It looks at eight bytes
// at a time.
func printable(b []byte, i int) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		// A byte below 0x20, or at 0x7f and above, sets its high bit in
		// one of the two (a carry only ever follows a byte that did).
		if ((x-0x20*ones)&^x|(x+ones)|x)&highs != 0 {
			break
		}
	}
	for i < len(b) && b[i] >= 0x20 && b[i] < 0x7f {
		i++
	}
	return i
}

// plainLine renders printable ASCII text written in style st from column
// 0, as a line in text mode would.
//
// It and rawLine take the style by pointer: passed by value, it arrives in
// registers, is stored field by field and read back as one 16-byte word,
// a failed store-to-load forward that cost a dozen cycles on every line
// of a flood (perf annotate of BenchmarkWriteSeq: half of plainLine).
func (s *Screen) plainLine(b []byte, st *safe.Style) line {
	if len(b) == 0 {
		return line{}
	}
	if st.IsZero() {
		return line{s: s.keep(nil, b, nil), w: int32(len(b))}
	}
	return line{s: s.keep(s.sgrOf(*st), b, resetSGR), w: int32(len(b))}
}

// rawLine is a line kept raw: it renders as b interpreted from column 0
// in style st.
func (s *Screen) rawLine(b []byte, st *safe.Style) line {
	if st.IsZero() {
		return line{s: s.keep(nil, b, nil), w: -1}
	}
	return line{s: s.keep(s.sgrOf(*st), b, nil), w: -1}
}

// keep copies a, b and c, one after another, into the slab and returns
// them as one string that shares it.
func (s *Screen) keep(a, b, c []byte) string {
	need := len(a) + len(b) + len(c)
	if cap(s.slab)-len(s.slab) < need {
		s.slab = make([]byte, 0, max(slabSize, 2*need))
	}
	start := len(s.slab)
	s.slab = append(s.slab, a...)
	s.slab = append(s.slab, b...)
	s.slab = append(s.slab, c...)
	return unsafe.String(&s.slab[start], need)
}

// skimMixed is skimLine for a line that is not all printable ASCII; b[:j]
// is.
func (s *Screen) skimMixed(b []byte, j int, st *safe.Style) (line, bool) {
	var (
		segStart = 0     // where the part after the last '\r' begins
		reach    = j     // the widest the current part can be
		before   = 0     // the widest any earlier part can be
		pure     = true  // the current part is printable ASCII, SGR and erase
		plain    = true  // and has no sequence either
		erased   = false // the current part erases to the end of the line
		other    = false // bytes outside ASCII somewhere
		segStyle = *st   // the style where the current part begins
	)
	// The style so far: the line's first (or the default after a reset)
	// changed by the SGR sequences in tail.
	reset, tail := false, s.sgrs[:0]
	for i := j; i < len(b); {
		c := b[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			k := printable(b, i+1)
			reach += k - i
			i = k
		case c == 0x1b:
			k, ok := csiEnd(b, i)
			if !ok {
				return line{}, false
			}
			params := b[i+2 : k]
			switch b[k] {
			case 'm':
				switch {
				case zeroParams(params):
					reset, tail = true, tail[:0]
				case resets(params):
					reset, tail = true, append(tail[:0], [2]int32{int32(i), int32(k + 1)})
				default:
					tail = append(tail, [2]int32{int32(i), int32(k + 1)})
				}
			case 'K':
				if !zeroParams(params) {
					return line{}, false
				}
				erased = true
			default:
				return line{}, false
			}
			plain = false
			i = k + 1
		case c == '\r':
			before = max(before, reach)
			reach, segStart = 0, i+1
			pure, plain, erased = true, true, false
			segStyle = styleOf(*st, reset, b, tail)
			i++
		case c == '\t':
			reach += tabStop
			pure, plain = false, false
			i++
		case c == '\b':
			pure, plain = false, false
			i++
		case c == '\v' || c == '\f':
			return line{}, false
		case c < 0x20 || c == 0x7f:
			// BEL, NUL, DEL and the like show nothing and move nothing.
			plain = false
			i++
		default:
			other = true
			pure, plain = false, false
			reach++
			i++
		}
	}
	s.sgrs = tail[:0]
	if other && !cleanUTF8(b) {
		return line{}, false
	}
	// Each part starts at column 0, so the line is at most as wide as
	// its widest part; it must fit, or the eager path would wrap it.
	if max(before, reach) > MaxLineCells {
		return line{}, false
	}
	start := *st
	*st = styleOf(start, reset, b, tail)
	if pure && (erased || reach >= before) {
		// The last rewrite hides everything before it.
		if plain {
			return s.plainLine(b[segStart:], &segStyle), true
		}
		return s.rawLine(b[segStart:], &segStyle), true
	}
	return s.rawLine(b, &start), true
}

// csiEnd reads the sequence at b[i] (ESC) when it is ESC '[', digits,
// ';' or ':', and a final byte, short enough for the scanner to take
// whole; it returns the index of the final byte.
func csiEnd(b []byte, i int) (int, bool) {
	if i+1 >= len(b) || b[i+1] != '[' {
		return 0, false
	}
	seps := 0
	for k := i + 2; k < len(b) && k-i < 64; k++ {
		c := b[k]
		switch {
		case c >= '0' && c <= '9':
		case c == ';' || c == ':':
			seps++
			if seps >= safe.MaxParams-1 {
				return 0, false
			}
		case c >= 0x40 && c <= 0x7e:
			return k, true
		default:
			return 0, false
		}
	}
	return 0, false
}

// zeroParams reports whether SGR or erase parameters say 0 or nothing:
// "", "0", "00".
func zeroParams(p []byte) bool {
	for _, c := range p {
		if c != '0' {
			return false
		}
	}
	return true
}

// cleanUTF8 reports whether b is valid UTF-8 without C1 controls
// (U+0080 to U+009F), which the scanner would take as the start of a
// sequence.
func cleanUTF8(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 0xc2 && b[i+1] < 0xa0 {
			return false
		}
	}
	return true
}

// styleOf returns the style of a line that started in st, after a reset
// when reset is true, then changed by the SGR sequences of b in tail.
func styleOf(st safe.Style, reset bool, b []byte, tail [][2]int32) safe.Style {
	if reset {
		st = safe.Style{}
	}
	if len(tail) == 0 {
		return st
	}
	var a sgrApplier
	a.st = st
	for _, q := range tail {
		a.sc.Feed(b[q[0]:q[1]], &a)
	}
	return a.st
}

// resets reports whether SGR parameters p start with a reset (0 or an
// empty first parameter).
func resets(p []byte) bool {
	for _, c := range p {
		switch c {
		case '0':
		case ';', ':':
			return true
		default:
			return false
		}
	}
	return true
}

// sgrApplier applies the SGR sequences a scanner finds to a style.
type sgrApplier struct {
	sc safe.Scanner
	st safe.Style
}

func (a *sgrApplier) Print([]byte) {}
func (a *sgrApplier) Control(byte) {}
func (a *sgrApplier) CSI(q *safe.Seq) {
	if q.IsSGR() {
		a.st.Apply(q)
	}
}

// unraw interprets a raw live line into an ordinary one, before the
// cursor comes back to it or it is drawn.
func (s *Screen) unraw(l *liveLine) {
	if !l.isRaw {
		return
	}
	raw := l.raw
	l.isRaw, l.raw = false, ""
	l.reset()
	s.replay(l, raw)
}

// replay interprets raw on l, an empty line, from column 0 and the
// default style, as the eager path would have.
func (s *Screen) replay(l *liveLine, raw string) {
	m := s.scratch
	if m == nil {
		m = &Screen{liveBuf: make([]*liveLine, 1)}
		s.scratch = m
	}
	m.live = m.liveBuf[:1]
	m.live[0] = l
	m.cy, m.cx, m.style = 0, 0, safe.Style{}
	m.sc = safe.Scanner{}
	ops := (*screenOps)(m)
	m.sc.Feed(unsafe.Slice(unsafe.StringData(raw), len(raw)), ops)
	m.sc.Flush(ops)
	m.live[0] = nil
}

// render returns the rendering of a ring line kept raw.
func (s *Screen) render(raw string) line {
	if s.tmp == nil {
		s.tmp = &liveLine{}
	}
	l := s.tmp
	l.reset()
	s.replay(l, raw)
	b, w := l.appendRender(nil)
	if len(b) == 0 {
		return line{w: int32(w)}
	}
	return line{s: string(b), w: int32(w)}
}
