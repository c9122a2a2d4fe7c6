package safe

// MaxParams is the most parameters a control sequence may carry. A longer
// sequence is dropped whole: no real tool needs more, and a bound keeps a
// hostile stream from growing the parser.
const MaxParams = 32

// maxParamValue caps a numeric parameter so that long digit runs cannot
// overflow; no meaningful parameter is larger.
const maxParamValue = 65535

// Missing marks a parameter that was left out, as in "ESC [ ; 5 H".
const Missing = -1

// Seq is a complete CSI sequence (ESC [ or the 8-bit CSI, then parameters,
// then one final byte). A Seq handed to a Handler is only valid during the
// call: the Scanner reuses its memory.
type Seq struct {
	Prefix byte // a private marker '<', '=', '>' or '?' before the parameters, or 0
	Inter  byte // the intermediate byte (0x20-0x2F) before the final byte, or 0
	Final  byte // the final byte, 0x40-0x7E
	// Params holds the numeric parameters in order, Missing where one was
	// left out. A sequence without parameter bytes has none.
	Params []int
	// colon has bit i set when parameter i is followed by ':' (a
	// sub-parameter, as in "38:2::255:0:0").
	colon uint64
}

// Param returns parameter i, or def when it is absent or Missing.
func (s *Seq) Param(i, def int) int {
	if i < 0 || i >= len(s.Params) || s.Params[i] == Missing {
		return def
	}
	return s.Params[i]
}

// HasSub reports whether parameter i is followed by a ':' sub-parameter.
func (s *Seq) HasSub(i int) bool {
	return i >= 0 && i < 64 && s.colon&(1<<uint(i)) != 0
}

// IsSGR reports whether s is Select Graphic Rendition, the only sequence
// kept: CSI, parameters, 'm', with no private marker and no intermediate
// ("CSI > 4 m" is a keyboard mode, not a colour).
func (s *Seq) IsSGR() bool {
	return s.Final == 'm' && s.Prefix == 0 && s.Inter == 0
}
