package ui

import "golive/safe"

// clean makes untrusted text (names from the runbook, reasons, bodies) safe
// to draw on one line: through the shared sanitiser, every control
// sequence is dropped whole and the text folded onto one line.
func clean(s string) string { return safe.Plain(s) }
