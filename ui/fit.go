package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// trunc cuts s (which may be styled) to w cells.
func trunc(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return ansi.Truncate(s, w, "…")
}

// fit cuts lines to w cells and h lines and pads to exactly h lines, so a
// view never pushes the header off the screen.
func fit(lines []string, w, h int) string {
	if h <= 0 {
		return ""
	}
	var flat []string
	for _, l := range lines {
		flat = append(flat, strings.Split(l, "\n")...)
	}
	if len(flat) > h {
		flat = flat[:h]
	}
	for i, l := range flat {
		flat[i] = trunc(l, w)
	}
	for len(flat) < h {
		flat = append(flat, "")
	}
	return strings.Join(flat, "\n")
}

// wrapLines wraps plain text to w cells, at spaces where it can, into at
// most n lines (the last one cut with …).
func wrapLines(s string, w, n int) []string {
	if w <= 0 {
		return nil
	}
	lines := strings.Split(ansi.Wrap(s, w, " "), "\n")
	if len(lines) > n {
		lines = lines[:n]
		lines[n-1] = trunc(lines[n-1]+" …", w)
	}
	return lines
}
