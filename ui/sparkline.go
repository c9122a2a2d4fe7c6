package ui

import (
	"math"
	"strings"
)

// sparkBlocks are the eight heights of a sparkline cell, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws the last width values as block characters scaled between
// their minimum and maximum. Each cell is coloured by the level recorded
// for its sample (warn, crit) so a breach stands out even in a flat line.
// A NaN value leaves a blank cell. levels may be shorter than values.
func (st styles) sparkline(values []float64, levels []string, width int) string {
	if width <= 0 || len(values) == 0 {
		return ""
	}
	start := 0
	if len(values) > width {
		start = len(values) - width
	}
	vals := values[start:]
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	var b strings.Builder
	for i, v := range vals {
		cell := " "
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			cell = string(sparkBlocks[sparkIndex(v, lo, hi)])
		}
		lvl := ""
		if j := start + i; j < len(levels) {
			lvl = levels[j]
		}
		if lvl == "warn" || lvl == "crit" {
			cell = st.level(lvl).Render(cell)
		}
		b.WriteString(cell)
	}
	return b.String()
}

// sparkIndex maps v within [lo, hi] to one of the eight block heights. A
// flat series sits at the middle height, so it reads as "steady", not "zero".
func sparkIndex(v, lo, hi float64) int {
	if hi <= lo {
		return 3
	}
	i := int(math.Round((v - lo) / (hi - lo) * float64(len(sparkBlocks)-1)))
	return max(0, min(i, len(sparkBlocks)-1))
}
