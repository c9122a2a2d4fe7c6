package ui

import (
	"strings"
	"unicode"
)

// clean makes untrusted text (names from the runbook, reasons, bodies) safe
// to draw on one line: escape sequences are dropped whole, payload
// included, and other control runes are dropped, so nothing in the text
// can act on the operator's terminal.
//
// It stands in for the shared sanitiser until that lands.
func clean(s string) string {
	const (
		text = iota
		esc  // after ESC
		csi  // inside a control sequence, until its final byte
		str  // inside OSC/DCS/APC/PM/SOS, until BEL or ST
		strE // ESC seen inside a string: ST when followed by '\'
	)
	var b strings.Builder
	state := text
	for _, r := range s {
		switch state {
		case esc:
			switch r {
			case '[':
				state = csi
			case ']', 'P', 'X', '^', '_':
				state = str
			default:
				state = text
			}
			continue
		case csi:
			if r >= 0x40 && r <= 0x7e {
				state = text
			}
			continue
		case str:
			switch r {
			case 0x07, 0x9c:
				state = text
			case 0x1b:
				state = strE
			}
			continue
		case strE:
			state = str
			if r == '\\' {
				state = text
			}
			continue
		}
		switch {
		case r == 0x1b:
			state = esc
		case r == 0x9b:
			state = csi
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f:
			state = str
		case r == '\n' || r == '\t' || r == '\r':
			b.WriteByte(' ')
		case unicode.IsControl(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
