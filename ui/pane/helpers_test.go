package pane

import "golive/safe"

var safeFaint = safe.Style{Attrs: safe.Faint}
