package safe

import "strconv"

// Color is a terminal colour as SGR can set it: the default, one of the
// 256 indexed colours, or a 24-bit RGB value. The zero Color is the
// terminal's default.
type Color uint32

const (
	colorIndexed Color = 1 << 24
	colorRGB     Color = 2 << 24
	colorKind    Color = 3 << 24
)

// Indexed returns indexed colour n (0-255; 0-15 are the basic colours).
func Indexed(n uint8) Color { return colorIndexed | Color(n) }

// RGB returns a 24-bit colour.
func RGB(r, g, b uint8) Color { return colorRGB | Color(r)<<16 | Color(g)<<8 | Color(b) }

// Attribute bits of a Style.
const (
	Bold uint16 = 1 << iota
	Faint
	Italic
	Blink
	RapidBlink
	Reverse
	Conceal
	Strike
	Overline
)

// Style is the graphic rendition SGR sequences build up: attributes,
// underline, and colours. It is comparable, and its zero value is the
// terminal's default. Styles are re-rendered from this state rather than
// copied from the input, so nothing but well-formed SGR ever leaves.
type Style struct {
	Attrs     uint16
	Underline uint8 // 0 none, 1 single, 2 double, 3 curly, 4 dotted, 5 dashed
	FG, BG    Color
	UL        Color // underline colour
}

// IsZero reports whether s is the default rendition.
func (s Style) IsZero() bool { return s == Style{} }

// Apply updates s by an SGR sequence. Unknown or malformed parameters are
// ignored, as a terminal would.
func (s *Style) Apply(q *Seq) {
	if len(q.Params) == 0 {
		*s = Style{}
		return
	}
	for i := 0; i < len(q.Params); i++ {
		p := q.Params[i]
		// A parameter's sub-parameters ("4:3", "38:2::1:2:3") belong to
		// it; collect how many follow.
		subs := 0
		for j := i; q.colon != 0 && q.HasSub(j) && j+1 < len(q.Params); j++ {
			subs++
		}
		switch {
		case p == Missing || p == 0:
			*s = Style{}
		case p == 1:
			s.Attrs |= Bold
		case p == 2:
			s.Attrs |= Faint
		case p == 3:
			s.Attrs |= Italic
		case p == 4:
			s.Underline = 1
			if subs > 0 {
				if u := q.Param(i+1, 1); u <= 5 {
					s.Underline = uint8(u)
				}
			}
		case p == 5:
			s.Attrs |= Blink
		case p == 6:
			s.Attrs |= RapidBlink
		case p == 7:
			s.Attrs |= Reverse
		case p == 8:
			s.Attrs |= Conceal
		case p == 9:
			s.Attrs |= Strike
		case p == 21:
			s.Underline = 2
		case p == 22:
			s.Attrs &^= Bold | Faint
		case p == 23:
			s.Attrs &^= Italic
		case p == 24:
			s.Underline = 0
		case p == 25:
			s.Attrs &^= Blink | RapidBlink
		case p == 27:
			s.Attrs &^= Reverse
		case p == 28:
			s.Attrs &^= Conceal
		case p == 29:
			s.Attrs &^= Strike
		case p >= 30 && p <= 37:
			s.FG = Indexed(uint8(p - 30))
		case p == 38, p == 48, p == 58:
			c, used, ok := extColor(q, i, subs)
			if ok {
				switch p {
				case 38:
					s.FG = c
				case 48:
					s.BG = c
				default:
					s.UL = c
				}
			}
			if subs == 0 {
				i += used
			}
		case p == 39:
			s.FG = 0
		case p >= 40 && p <= 47:
			s.BG = Indexed(uint8(p - 40))
		case p == 49:
			s.BG = 0
		case p == 53:
			s.Attrs |= Overline
		case p == 55:
			s.Attrs &^= Overline
		case p == 59:
			s.UL = 0
		case p >= 90 && p <= 97:
			s.FG = Indexed(uint8(p - 90 + 8))
		case p >= 100 && p <= 107:
			s.BG = Indexed(uint8(p - 100 + 8))
		}
		i += subs
	}
}

// extColor reads an extended colour after parameter i (38, 48 or 58):
// "5;N" or "2;R;G;B" with semicolons, or the colon forms "5:N", "2:R:G:B"
// and "2:CS:R:G:B". used is how many parameters the semicolon form took.
func extColor(q *Seq, i, subs int) (c Color, used int, ok bool) {
	args := q.Params[i+1:]
	if subs > 0 {
		args = args[:subs]
	}
	if len(args) == 0 {
		return 0, 0, false
	}
	switch args[0] {
	case 5:
		if len(args) < 2 {
			return 0, len(args), false
		}
		n := args[1]
		if n < 0 || n > 255 {
			return 0, 2, false
		}
		return Indexed(uint8(n)), 2, true
	case 2:
		rgb := args[1:]
		used = 4
		if subs > 0 && len(rgb) >= 4 {
			rgb = rgb[1:] // the colon form may name a colour space first
		}
		if len(rgb) < 3 {
			return 0, min(used, len(args)), false
		}
		var v [3]uint8
		for k := range 3 {
			n := rgb[k]
			if n == Missing {
				n = 0
			}
			if n < 0 || n > 255 {
				return 0, used, false
			}
			v[k] = uint8(n)
		}
		return RGB(v[0], v[1], v[2]), used, true
	}
	return 0, 1, false
}

// AppendSGR appends the one SGR sequence that sets exactly s, starting
// from a reset ("ESC[0;1;31m"), or a bare reset for the zero Style.
func (s Style) AppendSGR(b []byte) []byte {
	b = append(b, "\x1b[0"...)
	attrs := [...]struct {
		bit  uint16
		code string
	}{
		{Bold, ";1"}, {Faint, ";2"}, {Italic, ";3"}, {Blink, ";5"}, {RapidBlink, ";6"},
		{Reverse, ";7"}, {Conceal, ";8"}, {Strike, ";9"}, {Overline, ";53"},
	}
	for _, a := range attrs {
		if s.Attrs&a.bit != 0 {
			b = append(b, a.code...)
		}
	}
	switch s.Underline {
	case 0:
	case 1:
		b = append(b, ";4"...)
	case 2:
		b = append(b, ";21"...)
	default:
		b = append(b, ";4:"...)
		b = strconv.AppendInt(b, int64(s.Underline), 10)
	}
	b = appendColor(b, s.FG, 30, 90, 38)
	b = appendColor(b, s.BG, 40, 100, 48)
	b = appendColor(b, s.UL, -1, -1, 58)
	return append(b, 'm')
}

// SGR returns the sequence AppendSGR would append.
func (s Style) SGR() string { return string(s.AppendSGR(nil)) }

// appendColor appends c as SGR parameters: the short basic and bright
// forms where they exist (base < 0 means there are none), else ext;5;N or
// ext;2;R;G;B.
func appendColor(b []byte, c Color, base, bright, ext int) []byte {
	if c == 0 {
		return b
	}
	b = append(b, ';')
	v := int(c & 0xffffff)
	switch c & colorKind {
	case colorIndexed:
		switch {
		case base >= 0 && v < 8:
			return strconv.AppendInt(b, int64(base+v), 10)
		case bright >= 0 && v < 16:
			return strconv.AppendInt(b, int64(bright+v-8), 10)
		}
		b = strconv.AppendInt(b, int64(ext), 10)
		b = append(b, ";5;"...)
		return strconv.AppendInt(b, int64(v), 10)
	default:
		b = strconv.AppendInt(b, int64(ext), 10)
		b = append(b, ";2;"...)
		b = strconv.AppendInt(b, int64(v>>16), 10)
		b = append(b, ';')
		b = strconv.AppendInt(b, int64(v>>8&0xff), 10)
		b = append(b, ';')
		return strconv.AppendInt(b, int64(v&0xff), 10)
	}
}
