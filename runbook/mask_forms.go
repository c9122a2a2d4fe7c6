package runbook

import (
	"encoding/json"
	"strconv"
	"strings"
)

// writtenForms returns the ways a secret value v can appear in text that
// leaves golive: v itself; v with its line endings turned into \r\n (a
// pseudo-terminal's output processing does that to a multi-line secret);
// and, for each of those, the inside of its Go quoted form (%q, strconv
// Quote and QuoteToASCII) and of its JSON string. Masking every form
// means a secret is caught whatever quoting happened before the mask.
func writtenForms(v string) []string {
	raw := []string{v}
	if strings.Contains(v, "\n") {
		crlf := strings.ReplaceAll(strings.ReplaceAll(v, "\r\n", "\n"), "\n", "\r\n")
		lf := strings.ReplaceAll(v, "\r\n", "\n")
		raw = append(raw, crlf, lf)
	}
	var out []string
	for _, r := range raw {
		out = append(out, r, inner(strconv.Quote(r)), inner(strconv.QuoteToASCII(r)), inner(jsonString(r)))
	}
	return out
}

// inner drops the quotes around a quoted string.
func inner(q string) string {
	if len(q) < 2 {
		return q
	}
	return q[1 : len(q)-1]
}

func jsonString(s string) string {
	b, err := json.Marshal(s)
	if err != nil {
		return ""
	}
	return string(b)
}
