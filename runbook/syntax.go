package runbook

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// textProblem reports a source that is not UTF-8 text at all (a binary
// file, UTF-16, Latin-1), at the first byte that gives it away.
func textProblem(ix *index) *Problem {
	src := ix.src
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return &Problem{ix.pos(i), fmt.Sprintf("not a text file: byte 0x%02x is not UTF-8; a runbook must be UTF-8 TOML", src[i])}
		case r == 0:
			return &Problem{ix.pos(i), "not a text file: it contains NUL bytes (binary, or UTF-16); a runbook must be UTF-8 TOML"}
		}
		i += size
	}
	return nil
}

// emptySource reports whether src holds nothing but blanks and comments.
func emptySource(src string) bool {
	for _, line := range strings.Split(strings.TrimPrefix(src, "\uFEFF"), "\n") {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			return false
		}
	}
	return true
}

// syntaxProblem turns a TOML decoding error into a Problem at the place a
// person would point at. The library counts the line of an error found at
// a newline as the next line (an unclosed `[[table]` header is reported on
// the line after it); the byte offset it also gives is right, so the
// position is computed from that offset instead.
func syntaxProblem(ix *index, err error) Problem {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return Problem{Pos{File: ix.file, Line: 1, Col: 1}, "cannot read TOML: " + err.Error()}
	}
	off := pe.Position.Start
	if strings.HasPrefix(pe.Message, "invalid escape") && pe.Position.Len >= 2 {
		// The library marks the string from its start up to the bad
		// escape; point at the backslash itself.
		off += pe.Position.Len - 2
	}
	p := ix.pos(off)
	if pe.Position.Start == 0 && pe.Position.Line > 1 {
		p = Pos{File: ix.file, Line: pe.Position.Line}
	}
	return Problem{p, syntaxMessage(ix, p, pe.Message)}
}

// syntaxMessage rewrites the library's messages for the mistakes people
// make most into something that says what to do.
func syntaxMessage(ix *index, p Pos, msg string) string {
	line := ""
	if p.Line >= 1 && p.Line <= len(ix.lines) {
		start := ix.lines[p.Line-1]
		end := strings.IndexByte(ix.src[start:], '\n')
		if end < 0 {
			end = len(ix.src) - start
		}
		line = strings.TrimSpace(ix.src[start : start+end])
	}
	switch {
	case strings.Contains(msg, "end of table array name"):
		return fmt.Sprintf("unclosed array-of-tables header %q: end it with \"]]\"", line)
	case strings.Contains(msg, "to end table name"):
		return fmt.Sprintf("unclosed table header %q: end it with \"]\"", line)
	case strings.Contains(msg, "has already been defined"):
		return "TOML syntax: " + msg + " Each key and [table] may appear only once; use [[name]] for a list of tables"
	case strings.HasPrefix(msg, "invalid escape in string"):
		esc := strings.Trim(strings.TrimPrefix(msg, "invalid escape in string "), "'")
		return fmt.Sprintf(`invalid escape %q in a "..." string: write \\ for a backslash and \u001b for ESC, or use '...' or '''...''' for raw text`, esc)
	case strings.Contains(msg, "strings cannot contain newlines"):
		return "unterminated string: close the quote on the same line, or use \"\"\" for text over several lines"
	}
	return "TOML syntax: " + msg
}
