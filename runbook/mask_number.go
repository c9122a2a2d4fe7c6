package runbook

import (
	"math"
	"regexp"
	"strconv"
	"strings"
)

// numberRun finds the numbers written inside a secret value.
var numberRun = regexp.MustCompile(`[0-9]+(?:\.[0-9]+)?`)

// minLeakDigits is how many digits of a longer number in a secret a value
// must share to count as taken from it: fewer would hide ordinary values
// (exit codes, small counts) that merely occur somewhere in a secret.
const minLeakDigits = 3

// HidesNumber reports whether v, a number taken from output (the `value`
// of a check or probe), would give a secret away: it is a whole number
// written in a secret (a PIN, the digits of a token), or a run of at
// least three of its digits. Such a value must not be shown, journaled
// or sent anywhere. A nil Masker hides nothing.
func (m *Masker) HidesNumber(v float64) bool {
	if m.Len() == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	text := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	for _, s := range m.values {
		for _, run := range numberRun.FindAllString(s, -1) {
			if trimZeros(run) == text || len(text) >= minLeakDigits && strings.Contains(run, text) {
				return true
			}
		}
	}
	return false
}

// trimZeros writes a number run the way FormatFloat does: no leading
// zeros, no trailing fractional zeros.
func trimZeros(run string) string {
	f, err := strconv.ParseFloat(run, 64)
	if err != nil {
		return run
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
