package ui

import (
	"strconv"

	"github.com/charmbracelet/x/ansi"

	"golive/launch"
)

// gateColumns shares the gate screen's width between the check names and
// their evidence: names get what the longest needs, up to half the
// width, so a 200-column terminal does not cut them at 24.
func gateColumns(checks []*launch.Item, w int) (nameW, evW int) {
	for _, c := range checks {
		nameW = max(nameW, ansi.StringWidth(itemName(c)))
		evW = max(evW, ansi.StringWidth(evidence(c)))
	}
	nameW = min(max(nameW, 12), max(24, w/2))
	evW = min(max(evW, 8), max(16, w/4))
	return nameW, evW
}

// evidence is what a check observed: its summary ("200 in 14ms", "exit
// 0") and the value its conditions compared, when it measured one.
func evidence(c *launch.Item) string {
	e := clean(c.Evidence)
	if c.Value != nil && (e == "" || e[0] != 'v') {
		if e != "" {
			e += ", "
		}
		e += "value " + fmtValue(*c.Value, "")
	}
	if e == "" && c.Exit != nil {
		e = "exit " + strconv.Itoa(*c.Exit)
	}
	return e
}
