package checks

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// Real tools ask their terminal questions and wait for the answer: Bubble
// Tea and termenv ask for the background colour (OSC 11) at start-up, shells
// and editors ask where the cursor is (DSR 6), and some ask what the
// terminal is (DA1). A step's pseudo-terminal has no terminal behind it, so
// unanswered, each such tool stalls for its own timeout (5 s for termenv)
// before it does any work. queryAnswerer plays the terminal for these few
// questions with neutral answers; the questions themselves never reach the
// operator's screen (the pane drops them).
type queryAnswerer struct {
	tail []byte // the end of the previous read, for queries split across reads
}

type termQuery struct {
	ask, answer string
}

// termQueries are the questions answered, each with its reply. OSC replies
// end the way the question did (BEL or ST), as xterm does.
var termQueries = []termQuery{
	{"\x1b[6n", "\x1b[1;1R"},                            // cursor position report
	{"\x1b[5n", "\x1b[0n"},                              // device status: ok
	{"\x1b[c", "\x1b[?1;2c"},                            // primary device attributes: VT100 with AVO
	{"\x1b[0c", "\x1b[?1;2c"},                           //
	{"\x1b]10;?\x07", "\x1b]10;rgb:e6e6/e6e6/e6e6\x07"}, // foreground colour
	{"\x1b]10;?\x1b\\", "\x1b]10;rgb:e6e6/e6e6/e6e6\x1b\\"},
	{"\x1b]11;?\x07", "\x1b]11;rgb:0000/0000/0000\x07"}, // background colour
	{"\x1b]11;?\x1b\\", "\x1b]11;rgb:0000/0000/0000\x1b\\"},
}

// maxQueryLen is the longest question, so the tail kept between reads
// can complete any of them.
const maxQueryLen = 8

// answers returns the replies to every question that p completes, in the
// order they were asked. Step output floods through here, so it looks only
// at ESC bytes and copies nothing but a few bytes at a read's edge.
func (a *queryAnswerer) answers(p []byte) []byte {
	var out []byte
	if len(a.tail) > 0 {
		// A question begun in the previous read and ended in this one.
		// A short read lies whole in the joined bytes: look at all of it
		// there, and keep a window that spans the old tail too.
		short := len(p) < maxQueryLen-1
		joined := append(append([]byte(nil), a.tail...), p[:min(len(p), maxQueryLen-1)]...)
		limit := len(a.tail)
		if short {
			limit = len(joined)
		}
		for i := range limit {
			if joined[i] != 0x1b {
				continue
			}
			if answer, n := matchQuery(joined[i:]); n > 0 && i+n > len(a.tail) {
				out = append(out, answer...)
			}
		}
		if short {
			a.keepTail(joined)
			return out
		}
	}
	// A colourful flood has an ESC every few bytes, too many for a call
	// to IndexByte each: look at eight bytes at a time for ESC, and let
	// mayAsk (inlined) turn colours away before any call.
	i := 0
	for ; i+8 <= len(p); i += 8 {
		x := binary.LittleEndian.Uint64(p[i:]) ^ (0x1b * lows)
		// A set high bit for each byte of x that is zero, that is each
		// ESC, and perhaps for bytes after one (a borrow): each is
		// looked at, so those cost a look and nothing more.
		for m := (x - lows) &^ x & highs; m != 0; m &= m - 1 {
			k := i + bits.TrailingZeros64(m)/8
			if p[k] != 0x1b || !mayAsk(p[k:]) {
				continue
			}
			if answer, n := matchQuery(p[k:]); n > 0 {
				out = append(out, answer...)
			}
		}
	}
	for ; i < len(p); i++ {
		if p[i] == 0x1b {
			if answer, n := matchQuery(p[i:]); n > 0 {
				out = append(out, answer...)
			}
		}
	}
	a.keepTail(p)
	return out
}

// lows and highs are the byte-wise constants of the eight-at-a-time ESC
// scan: 0x01 and 0x80 in every byte.
const (
	lows  = 0x0101010101010101
	highs = 0x8080808080808080
)

// keepTail keeps the end of data from its first ESC within reach of an
// unfinished question.
func (a *queryAnswerer) keepTail(data []byte) {
	from := max(0, len(data)-(maxQueryLen-1))
	a.tail = a.tail[:0]
	if k := bytes.IndexByte(data[from:], 0x1b); k >= 0 {
		a.tail = append(a.tail, data[from+k:]...)
	}
}

// mayAsk reports whether b, an ESC and what follows, may start one of
// the questions. Most ESCs start colours (ESC [ 3x m, ESC [ 1;, ESC [ 0 m):
// they are turned away at the byte after the bracket, and "ESC [ 0 m",
// the commonest reset, at its final byte. It is small enough to be
// inlined where a flood is scanned.
func mayAsk(b []byte) bool {
	if len(b) < 3 {
		return false
	}
	switch b[1] {
	case '[':
		switch b[2] {
		case 'c':
			return true
		case '0':
			return len(b) > 3 && b[3] == 'c'
		case '5', '6':
			return len(b) > 3 && b[3] == 'n'
		}
	case ']':
		return b[2] == '1'
	}
	return false
}

// matchQuery reports the answer to the question b starts with, and the
// question's length; 0 when b starts with none.
func matchQuery(b []byte) (string, int) {
	if !mayAsk(b) {
		return "", 0
	}
	for _, q := range termQueries {
		if len(b) >= len(q.ask) && string(b[:len(q.ask)]) == q.ask {
			return q.answer, len(q.ask)
		}
	}
	return "", 0
}
