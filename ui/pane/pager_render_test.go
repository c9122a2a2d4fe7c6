package pane

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestRenderLog: what the pager is handed is the text the pane shows,
// whatever the step wrote: rewrites applied, control sequences and
// colours dropped, every line of a log longer than the pane keeps, in
// order.
func TestRenderLog(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"carriage return", "a 1/3\ra 2/3\ra 3/3\n", "a 3/3\n"},
		{"shorter rewrite", "downloading 100%\rok\n", "okwnloading 100%\n"},
		{"backspace", "abc\bX\n", "abX\n"},
		{"erase line", "old text\r\x1b[Knew\n", "new\n"},
		{"title and colour", "\x1b]0;pwned\x07\x1b[31mred\x1b[0m plain\n", "red plain\n"},
		{"cursor up", "one\ntwo\n\x1b[2Aone!\n", "one!\ntwo\n"},
		{"unterminated last line", "a\nlast", "a\nlast\n"},
		{"empty", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := renderLog(strings.NewReader(tc.in), &out); err != nil {
				t.Fatal(err)
			}
			if out.String() != tc.want {
				t.Errorf("got %q, want %q", out.String(), tc.want)
			}
		})
	}
	var in, want strings.Builder
	for i := range 3 * DefaultLimit {
		fmt.Fprintf(&in, "line %d 0%%\rline %d 100%%\n", i, i)
		fmt.Fprintf(&want, "line %d 100%%\n", i)
	}
	var out bytes.Buffer
	if err := renderLog(strings.NewReader(in.String()), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != want.String() {
		t.Errorf("a long log was not rendered whole and in order: %d bytes, want %d", out.Len(), want.Len())
	}
}
