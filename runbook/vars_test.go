package runbook

import (
	"strings"
	"testing"
)

func TestExpand(t *testing.T) {
	vars := map[string]string{"A": "alpha", "B_2": "b", "EMPTY": ""}
	lookup := func(n string) (string, bool) { v, ok := vars[n]; return v, ok }
	tests := []struct{ in, want, err string }{
		{"plain", "plain", ""},
		{"${A}", "alpha", ""},
		{"x${A}y${B_2}z", "xalphaybz", ""},
		{"${EMPTY}|", "|", ""},
		{"$$", "$", ""},
		{"$${A}", "${A}", ""},
		{"$$$${A}", "$${A}", ""},
		{"$$${A}", "$alpha", ""},
		{"$A stays", "$A stays", ""},
		{"cost: 5$", "cost: 5$", ""},
		{"${MISSING}", "", "variable ${MISSING} is not defined"},
		{"${A", "", "${A unterminated ${"},
		{"${}", "", "${} is not a variable name"},
		{"${A-B}", "", "${A-B} is not a variable name"},
		{"${1A}", "", "${1A} is not a variable name"},
	}
	for _, tc := range tests {
		got, err := Expand(tc.in, lookup)
		switch {
		case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
			t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
		case tc.err == "" && (err != nil || got != tc.want):
			t.Errorf("%q: got %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}
