package pane

import (
	"bytes"
	"strings"
)

// matcher finds a query in the plain text of rendered lines. A frame
// searches every line it shows, and a jump may search the whole ring, so
// it keeps its buffers from one line to the next instead of allocating
// a plain copy, a lowered copy and a list of spans per line.
type matcher struct {
	q     []byte
	fold  bool // the query has no capital: ASCII case is ignored
	plain []byte
	spans []span
}

// newMatcher returns a matcher for q, smart-case like the search.
func newMatcher(q string) matcher {
	return matcher{q: []byte(q), fold: isLower(q)}
}

// find returns the byte ranges of the query in the plain text of ls (ls
// without its SGR sequences), without overlaps. The result is only valid
// until the next call.
func (m *matcher) find(ls string) []span {
	if len(m.q) == 0 {
		return nil
	}
	m.plain = appendPlain(m.plain[:0], ls, m.fold)
	m.spans = m.spans[:0]
	for off := 0; ; {
		i := bytes.Index(m.plain[off:], m.q)
		if i < 0 {
			return m.spans
		}
		m.spans = append(m.spans, span{off + i, off + i + len(m.q)})
		off += i + len(m.q)
	}
}

// appendPlain appends s without its SGR sequences, with ASCII capitals
// lowered when fold is set (byte offsets stay the same). A sequence
// without its final 'm' ends the text, as it ends a rendered line.
func appendPlain(dst []byte, s string, fold bool) []byte {
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			i += j + 1
			continue
		}
		j := strings.IndexByte(s[i:], 0x1b)
		if j < 0 {
			j = len(s) - i
		}
		from := len(dst)
		dst = append(dst, s[i:i+j]...)
		if fold {
			lowerInPlace(dst[from:])
		}
		i += j
	}
	return dst
}

// lowerInPlace lowers ASCII capitals.
func lowerInPlace(b []byte) {
	for k, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[k] = c + 'a' - 'A'
		}
	}
}
