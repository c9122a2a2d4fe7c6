package safe

import "unicode/utf8"

// Handler receives what a Scanner finds in untrusted output. Nothing else
// reaches it: every sequence other than CSI is dropped by the Scanner.
type Handler interface {
	// Print receives printable UTF-8 text: no C0 or C1 control, no DEL,
	// invalid bytes already replaced by U+FFFD. The slice is only valid
	// during the call.
	Print(text []byte)
	// Control receives a C0 control character other than ESC, NUL, CAN and
	// SUB: '\n', '\r', '\b', '\t', BEL, VT, FF and the rest.
	Control(c byte)
	// CSI receives a complete, well-formed CSI sequence. The handler decides
	// which to act on (the pane applies erase-in-line and cursor motion
	// within its lines; Text keeps SGR only).
	CSI(s *Seq)
}

// maxCSIBytes bounds the parameter and intermediate bytes of one CSI. A
// longer sequence is read to its final byte and dropped.
const maxCSIBytes = 256

type scanState uint8

const (
	stGround    scanState = iota
	stEsc                 // after ESC
	stEscInter            // ESC and intermediate bytes, awaiting the final byte
	stCSI                 // collecting CSI parameters
	stCSIIgnore           // a malformed or overlong CSI, dropped at its final byte
	stString              // the payload of OSC, DCS, SOS, PM or APC
	stStringEsc           // ESC inside a string: ST, or the start of a new sequence
	stStringC2            // byte 0xC2 inside a string: perhaps U+009C, the 8-bit ST
)

// Scanner is a streaming tokenizer for untrusted terminal output. It keeps
// its state between calls to Feed, so a sequence or a UTF-8 character split
// across two reads is still recognised. The zero value is ready to use. A
// Scanner is not safe for concurrent use.
//
// Dropped whole, payload included: OSC, DCS, SOS, PM and APC strings
// (ended by BEL, ST, CAN, SUB, a new ESC sequence, or for display purposes
// a newline, so an unterminated string never swallows later lines), every
// two-byte and charset escape (RIS, DECSC, DECALN...), malformed or overlong
// CSI sequences, and the 8-bit C1 forms of all of these, both as raw bytes
// and as the UTF-8 encodings of U+0080 to U+009F.
type Scanner struct {
	st      scanState
	seq     Seq
	params  [MaxParams]int
	cur     int  // the parameter being read, Missing before its first digit
	inParam bool // a parameter byte was seen, so cur must be pushed at the end
	csiLen  int
	carry   [utf8.UTFMax]byte // the start of a UTF-8 character cut by a read
	ncarry  int
	dropped int
}

// replacement is U+FFFD, shown for bytes that are not UTF-8.
var replacement = []byte("\uFFFD")

// Dropped returns how many sequences or stray controls have been dropped so
// far. It is a diagnostic for tests and statistics.
func (s *Scanner) Dropped() int { return s.dropped }

// Idle reports whether the Scanner is between tokens: no sequence begun
// and no character cut by a read. The next byte is then read afresh, as
// it would be at the start of a stream.
func (s *Scanner) Idle() bool { return s.st == stGround && s.ncarry == 0 }

// Feed scans p and calls h for what it finds.
func (s *Scanner) Feed(p []byte, h Handler) {
	if s.ncarry > 0 {
		p = s.finishCarry(p, h)
	}
	i := 0
	for i < len(p) {
		if s.st != stGround {
			i = s.step(p, i, h)
			continue
		}
		start := i
		for i < len(p) {
			c := p[i]
			if c >= 0x20 && c < 0x7f {
				i++
				continue
			}
			if c < 0x80 {
				break
			}
			r, n := utf8.DecodeRune(p[i:])
			if (r == utf8.RuneError && n <= 1) || (r >= 0x80 && r <= 0x9f) {
				break
			}
			i += n
		}
		if i > start {
			h.Print(p[start:i])
		}
		if i >= len(p) {
			return
		}
		c := p[i]
		if c == 0x1b {
			if next := s.fastCSI(p, i, h); next > 0 {
				i = next
				continue
			}
		}
		if c < 0x80 {
			i++
			s.control(c, h)
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		switch {
		case r >= 0x80 && r <= 0x9f:
			i += n
			s.c1(byte(r))
		case !utf8.FullRune(p[i:]):
			s.ncarry = copy(s.carry[:], p[i:])
			return
		case c <= 0x9f:
			i++
			s.c1(c)
		default:
			i++
			h.Print(replacement)
		}
	}
}

// Flush ends the stream: a pending partial character is shown as U+FFFD
// and an unterminated sequence is dropped. The Scanner can be reused.
func (s *Scanner) Flush(h Handler) {
	if s.ncarry > 0 {
		s.ncarry = 0
		h.Print(replacement)
	}
	if s.st != stGround {
		s.st = stGround
		s.dropped++
	}
}

// finishCarry completes a UTF-8 character begun in an earlier read and
// returns what is left of p.
func (s *Scanner) finishCarry(p []byte, h Handler) []byte {
	old := s.ncarry
	taken := 0
	for s.ncarry < len(s.carry) && taken < len(p) && !utf8.FullRune(s.carry[:s.ncarry]) {
		s.carry[s.ncarry] = p[taken]
		s.ncarry++
		taken++
	}
	if !utf8.FullRune(s.carry[:s.ncarry]) {
		return p[taken:]
	}
	r, _ := utf8.DecodeRune(s.carry[:s.ncarry])
	s.ncarry = 0
	if r != utf8.RuneError {
		if r >= 0x80 && r <= 0x9f {
			s.c1(byte(r))
		} else {
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			h.Print(buf[:n])
		}
		return p[taken:]
	}
	// The lead byte was not followed by a valid continuation: it alone is
	// replaced, and the bytes after it are read again as they came.
	h.Print(replacement)
	var rest [utf8.UTFMax]byte
	n := copy(rest[:], s.carry[1:old])
	s.Feed(rest[:n], h)
	return p
}

// control handles a C0 control or DEL met in the ground state.
func (s *Scanner) control(c byte, h Handler) {
	switch c {
	case 0x1b:
		s.st = stEsc
	case 0x00, 0x18, 0x1a, 0x7f:
		// NUL, CAN, SUB and DEL show nothing.
	default:
		h.Control(c)
	}
}

// c1 handles an 8-bit control, from a raw byte or from U+0080 to U+009F.
func (s *Scanner) c1(c byte) {
	switch c {
	case 0x9b: // CSI
		s.startCSI()
	case 0x90, 0x98, 0x9d, 0x9e, 0x9f: // DCS, SOS, OSC, PM, APC
		s.st = stString
		s.dropped++
	default: // IND, NEL, HTS, RI, SS2, SS3, a stray ST, ...
		s.dropped++
	}
}

func (s *Scanner) startCSI() {
	s.st = stCSI
	s.seq = Seq{Params: s.params[:0]}
	s.cur = Missing
	s.inParam = false
	s.csiLen = 0
}

// step consumes input in a sequence state, starting at p[i], and returns
// where to continue. It may return i itself after switching to the ground
// state, so that a byte that ends a sequence early is read afresh.
func (s *Scanner) step(p []byte, i int, h Handler) int {
	c := p[i]
	switch s.st {
	case stEsc:
		return s.escByte(c, i)
	case stEscInter:
		return s.skipToFinal(c, i, 0x2f, 0x30)
	case stCSI:
		// Read the whole sequence here: colours come several to a line.
		for i < len(p) && s.st == stCSI {
			i = s.csiByte(p[i], i, h)
		}
		return i
	case stCSIIgnore:
		return s.skipToFinal(c, i, 0x3f, 0x40)
	case stString:
		// Skip the payload quickly: only a few bytes can end it.
		for ; i < len(p); i++ {
			switch p[i] {
			case 0x07, 0x9c, 0x18, 0x1a:
				s.st = stGround
				return i + 1
			case 0x1b:
				s.st = stStringEsc
				return i + 1
			case '\n':
				s.st = stGround
				return i
			case 0xc2:
				s.st = stStringC2
				return i + 1
			}
		}
		return i
	case stStringC2:
		if c == 0x9c {
			s.st = stGround
			return i + 1
		}
		s.st = stString
		return i
	case stStringEsc:
		if c == '\\' {
			s.st = stGround
			return i + 1
		}
		s.st = stEsc
		return i
	}
	s.st = stGround
	return i
}

// escByte handles the byte after ESC.
func (s *Scanner) escByte(c byte, i int) int {
	switch {
	case c == '[':
		s.startCSI()
	case c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_':
		s.st = stString
		s.dropped++
	case c == 0x1b, c == 0x7f:
		// ESC ESC: the first is dropped and the second starts afresh.
	case c >= 0x20 && c <= 0x2f:
		s.st = stEscInter
	case c >= 0x30 && c <= 0x7e:
		// A two-byte escape: RIS, DECSC, DECRC, RI, keypad modes, ST...
		s.st = stGround
		s.dropped++
	case c == 0x18 || c == 0x1a:
		s.st = stGround
		s.dropped++
	default:
		// A control or a byte >= 0x80 abandons the escape; it is read
		// again in the ground state.
		s.st = stGround
		s.dropped++
		return i
	}
	return i + 1
}

// csiByte handles one byte of a CSI sequence.
func (s *Scanner) csiByte(c byte, i int, h Handler) int {
	s.csiLen++
	if s.csiLen > maxCSIBytes && c < 0x40 {
		s.st = stCSIIgnore
		return i + 1
	}
	switch {
	case c >= '0' && c <= '9':
		if s.seq.Inter != 0 {
			s.st = stCSIIgnore
			break
		}
		if s.cur == Missing {
			s.cur = 0
		}
		if s.cur < maxParamValue {
			s.cur = s.cur*10 + int(c-'0')
			if s.cur > maxParamValue {
				s.cur = maxParamValue
			}
		}
		s.inParam = true
	case c == ';' || c == ':':
		if s.seq.Inter != 0 || len(s.seq.Params) >= MaxParams-1 {
			s.st = stCSIIgnore
			break
		}
		if c == ':' {
			s.seq.colon |= 1 << uint(len(s.seq.Params))
		}
		s.seq.Params = append(s.seq.Params, s.cur)
		s.cur = Missing
		s.inParam = true
	case c >= '<' && c <= '?':
		if s.csiLen != 1 {
			s.st = stCSIIgnore
			break
		}
		s.seq.Prefix = c
	case c >= 0x20 && c <= 0x2f:
		s.seq.Inter = c
	case c >= 0x40 && c <= 0x7e:
		if s.inParam {
			s.seq.Params = append(s.seq.Params, s.cur)
		}
		s.seq.Final = c
		s.st = stGround
		h.CSI(&s.seq)
	case c == 0x1b:
		s.st = stEsc
		s.dropped++
	case c == 0x7f:
	case c == 0x18 || c == 0x1a:
		s.st = stGround
		s.dropped++
	default:
		s.st = stGround
		s.dropped++
		return i
	}
	return i + 1
}

// skipToFinal reads one byte of a sequence being dropped: bytes up to
// lastInter (and DEL) continue it, a final byte from firstFinal to 0x7e
// ends it, ESC starts a new one, CAN and SUB cancel it, and any other byte
// ends it early and is read afresh.
func (s *Scanner) skipToFinal(c byte, i int, lastInter, firstFinal byte) int {
	switch {
	case c >= 0x20 && c <= lastInter, c == 0x7f:
		return i + 1
	case c >= firstFinal && c <= 0x7e:
		s.st = stGround
		s.dropped++
		return i + 1
	case c == 0x1b:
		s.st = stEsc
		s.dropped++
		return i + 1
	}
	s.st = stGround
	s.dropped++
	if c == 0x18 || c == 0x1a {
		return i + 1
	}
	return i
}
