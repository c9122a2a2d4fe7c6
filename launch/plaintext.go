package launch

import (
	"regexp"
	"strings"
)

var (
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]*)\)`)
	mdEmphasis = regexp.MustCompile("(\\*\\*|__|\\*|_|`)([^*_`]+)(\\*\\*|__|\\*|_|`)")
	mdHeading  = regexp.MustCompile(`^#{1,6}\s+`)
)

// PlainMarkdown writes a runbook description (Markdown) as plain text
// lines for `plan` and headless output: emphasis marks dropped, links as
// "text (url)", headings without their #, list markers kept. Each line is
// made safe to print.
func PlainMarkdown(src string) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimSpace(src), "\n") {
		l = strings.TrimRight(l, " \t\r")
		l = mdHeading.ReplaceAllString(l, "")
		l = mdLink.ReplaceAllString(l, "$1 ($2)")
		for i := 0; i < 3 && mdEmphasis.MatchString(l); i++ {
			l = mdEmphasis.ReplaceAllString(l, "$2")
		}
		out = append(out, plain(l))
	}
	return out
}
