package runbook

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// MaxDepth is how deeply arrays and inline tables may nest in a runbook.
// Real runbooks nest three or four levels; the cap keeps a hostile or
// generated file from costing seconds of parsing before it is refused.
const MaxDepth = 64

// depthProblem finds the first bracket, brace or key dot that nests
// deeper than MaxDepth, skipping strings and comments, in one pass over
// src. It runs
// before any other parsing so that a deep file is refused in linear time.
func depthProblem(file, src string) *Problem {
	depth := 0
	dots := 0 // dots in the current dotted key: each is one more level
	line, lineStart := 1, 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		if !dottedKeyByte(c) {
			dots = 0
		}
		switch c {
		case '.':
			dots++
			if depth+dots > MaxDepth {
				col := utf8.RuneCountInString(src[lineStart:i]) + 1
				return &Problem{Pos{file, line, col}, fmt.Sprintf("dotted key nested more than %d levels deep: shorten it (a runbook needs only a few levels)", MaxDepth)}
			}
		case '\n':
			line, lineStart = line+1, i+1
		case '#':
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			end := skipString(src, i)
			for j := i; j < end && j < len(src); j++ {
				if src[j] == '\n' {
					line, lineStart = line+1, j+1
				}
			}
			i = end - 1
		case '[', '{':
			depth++
			if depth > MaxDepth {
				col := utf8.RuneCountInString(src[lineStart:i]) + 1
				return &Problem{Pos{file, line, col}, fmt.Sprintf("nested more than %d levels deep: flatten this value (a runbook needs only a few levels)", MaxDepth)}
			}
		case ']', '}':
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// dottedKeyByte reports whether c may continue a dotted key: bare key
// characters, blanks around the dots, the dots, and the quotes of a
// quoted part (whose content is skipped whole).
func dottedKeyByte(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	return c == '_' || c == '-' || c == ' ' || c == '\t' || c == '.' || c == '"' || c == '\''
}

// skipString returns the offset just past the string starting at i (basic
// or literal, one line or multi-line), or len(src) when it never ends.
func skipString(src string, i int) int {
	q := src[i]
	if strings.HasPrefix(src[i:], strings.Repeat(string(q), 3)) {
		delim := strings.Repeat(string(q), 3)
		for j := i + 3; j < len(src); j++ {
			if q == '"' && src[j] == '\\' {
				j++
				continue
			}
			if strings.HasPrefix(src[j:], delim) {
				// Up to two more quotes may belong to the content.
				k := j + 3
				for n := 0; n < 2 && k < len(src) && src[k] == q; n++ {
					k++
				}
				return k
			}
		}
		return len(src)
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if q == '"' {
				j++
			}
		case q:
			return j + 1
		case '\n':
			return j // an unterminated string is the TOML parser's to report
		}
	}
	return len(src)
}
