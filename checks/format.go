package checks

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// fmtDur writes a duration the way an operator reads it at a glance:
// "12ms", "1.2s", "350µs", "2m30s".
func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Minute:
		return d.Round(time.Second).String()
	case d >= time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(time.Millisecond).String()
	case d >= time.Microsecond:
		return d.Round(time.Microsecond).String()
	}
	return d.String()
}

// fmtNum writes a number without needless digits: 200, 0.42, 1e+21.
func fmtNum(v float64) string {
	if math.IsNaN(v) {
		return "NaN"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// maxShown bounds how much of an observed string a reason quotes.
const maxShown = 60

// quote quotes an observed string for a reason: Go escapes (so control
// characters never reach a terminal), shortened to maxShown runes.
func quote(s string) string {
	r := []rune(s)
	if len(r) > maxShown {
		return strconv.Quote(string(r[:maxShown])) + "…"
	}
	return strconv.Quote(s)
}

// numberRE finds a decimal number in text: 42, -3, 0.5, .5, 1e6.
var numberRE = regexp.MustCompile(`[-+]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?`)

// FirstNumber returns the first number in s, the `value` of a run check
// or step. A minus sign counts only when
// it does not follow a letter or digit, so "2026-12-01" yields 2026 and
// "build-7" yields 7, not -7.
func FirstNumber(s string) (float64, bool) {
	for _, loc := range numberRE.FindAllStringIndex(s, -1) {
		start := loc[0]
		if (s[start] == '-' || s[start] == '+') && start > 0 && isWordByte(s[start-1]) {
			start++
		}
		v, err := strconv.ParseFloat(s[start:loc[1]], 64)
		if err == nil {
			return v, true
		}
	}
	return 0, false
}

// bodyNumber returns the number an HTTP body holds: the whole body when it
// is a number, else the first number in it.
func bodyNumber(s string) (float64, bool) {
	if v, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
		return v, true
	}
	return FirstNumber(s)
}

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// plural writes "1 answer", "3 answers".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
