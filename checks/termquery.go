package checks

import "bytes"

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
// order they were asked.
func (a *queryAnswerer) answers(p []byte) []byte {
	if bytes.IndexByte(p, 0x1b) < 0 && len(a.tail) == 0 {
		return nil
	}
	data := append(a.tail, p...)
	type hit struct {
		at     int
		answer string
	}
	var hits []hit
	for _, q := range termQueries {
		for off := 0; ; {
			i := bytes.Index(data[off:], []byte(q.ask))
			if i < 0 {
				break
			}
			at := off + i
			// A question wholly inside the old tail was answered already.
			if at+len(q.ask) > len(a.tail) {
				hits = append(hits, hit{at, q.answer})
			}
			off = at + 1
		}
	}
	keep := min(len(data), maxQueryLen-1)
	a.tail = append(a.tail[:0:0], data[len(data)-keep:]...)
	if len(hits) == 0 {
		return nil
	}
	// Answer in the order asked.
	for i := 1; i < len(hits); i++ {
		for j := i; j > 0 && hits[j].at < hits[j-1].at; j-- {
			hits[j], hits[j-1] = hits[j-1], hits[j]
		}
	}
	var out []byte
	for _, h := range hits {
		out = append(out, h.answer...)
	}
	return out
}
