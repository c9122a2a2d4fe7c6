package safe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzText checks the promise of Text and Plain on any input: no panic, no
// ESC outside a well-formed SGR, no C1 control, valid UTF-8.
func FuzzText(f *testing.F) {
	seeds := []string{
		"plain", "\x1b[31mred\x1b[m", "\x1b]52;c;QUJD\x07", "\x1b]8;;u\x1b\\t\x1b]8;;\x1b\\",
		"\x1bP1$q\x1b\\", "\x1b_G\x1b\\", "\x1b^x\x1b\\", "\x1bXx\x1b\\", "\x1b[10;10H",
		"\x1b[2J", "\x1b[?1049h", "\x1b[6n", "\x1bc", "\x9b2J", "\x9d0;t\x9c", "\u009b2J",
		"\u009d0;t\u009c", "\x1b]0;t\nnext", "\x1b[38:2::1:2:3m", "\x1b[" + strings.Repeat("1;", 40) + "m",
		"a\tb\r\nc\bd", "\xe6\x97", "日本👩‍💻",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Text(in)
		if msg := unsafeAt(out); msg != "" {
			t.Fatalf("text(%q) = %q: %s", in, out, msg)
		}
		if !utf8.ValidString(out) {
			t.Fatalf("text(%q) = %q is not UTF-8", in, out)
		}
		p := Plain(in)
		if strings.ContainsAny(p, "\x1b\n\r") || unsafeAt(p) != "" {
			t.Fatalf("Plain(%q) = %q keeps a control", in, p)
		}
	})
}
