package safe

import (
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ascii is returned as is", "hello\nworld", "hello\nworld"},
		{"sgr kept and closed", "\x1b[31mred\x1b[0m ok", "\x1b[0;31mred\x1b[0m ok"},
		{"sgr closed at end of input", "\x1b[1;32mgo", "\x1b[0;1;32mgo\x1b[m"},
		{"sgr reopened on next line", "\x1b[33ma\nb\x1b[m", "\x1b[0;33ma\x1b[m\n\x1b[0;33mb\x1b[m"},
		{"256 and rgb colours", "\x1b[38;5;200;48;2;1;2;3mx", "\x1b[0;38;5;200;48;2;1;2;3mx\x1b[m"},
		{"colon rgb with colour space", "\x1b[38:2::10:20:30mx", "\x1b[0;38;2;10;20;30mx\x1b[m"},
		{"bright and curly underline", "\x1b[91;4:3mx", "\x1b[0;4:3;91mx\x1b[m"},
		{"osc 52 clipboard dropped with payload (BEL)", "a\x1b]52;c;ZWNobyBoaQ==\x07b", "ab"},
		{"osc 52 clipboard dropped with payload (ST)", "a\x1b]52;c;ZWNobyBoaQ==\x1b\\b", "ab"},
		{"osc 8 hyperlink dropped, text kept", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"title dropped", "\x1b]0;pwned\x07\x1b]2;pwned\x07ok", "ok"},
		{"colour query dropped", "\x1b]10;?\x07\x1b]11;?\x1b\\ok", "ok"},
		{"dcs dropped", "a\x1bP1$qm\x1b\\b", "ab"},
		{"apc dropped", "a\x1b_Gf=100;AAAA\x1b\\b", "ab"},
		{"pm dropped", "a\x1b^secret\x1b\\b", "ab"},
		{"sos dropped", "a\x1bXsecret\x1b\\b", "ab"},
		{"cursor position dropped", "a\x1b[10;20Hb", "ab"},
		{"erase display dropped", "a\x1b[2Jb\x1b[3J", "ab"},
		{"alt screen dropped", "\x1b[?1049ha\x1b[?1049l", "a"},
		{"device status query dropped", "a\x1b[6nb\x1b[c\x1b[>c", "ab"},
		{"full reset dropped", "a\x1bcb", "ab"},
		{"charset and decaln dropped", "a\x1b(0b\x1b#8c", "abc"},
		{"scroll region dropped", "a\x1b[1;5rb", "ab"},
		{"keyboard mode is not sgr", "a\x1b[>4;2mb", "ab"},
		{"private sgr-like dropped", "a\x1b[?5mb", "ab"},
		{"8-bit csi dropped", "a\x9b2Jb", "ab"},
		{"8-bit osc dropped to BEL", "a\x9d52;c;QUJD\x07b", "ab"},
		{"8-bit osc dropped to 8-bit ST", "a\x9d0;t\x9cb", "ab"},
		{"8-bit dcs/sos/pm/apc dropped", "a\x90x\x9cb\x98x\x9cc\x9ex\x9cd\x9fx\x9ce", "abcde"},
		{"utf-8 encoded csi dropped", "a\u009b2Jb", "ab"},
		{"utf-8 encoded osc dropped to utf-8 st", "a\u009d0;t\u009cb", "ab"},
		{"utf-8 encoded osc dropped to BEL", "a\u009d52;c;QUJD\x07b", "ab"},
		{"8-bit csi sgr re-rendered as 7-bit", "\x9b31mx", "\x1b[0;31mx\x1b[m"},
		{"unterminated osc ends at newline", "a\x1b]0;title\nnext line", "a\nnext line"},
		{"unterminated dcs ends at newline", "a\x1bPqdata\nb", "a\nb"},
		{"unterminated osc at end dropped", "a\x1b]52;c;QUJD", "a"},
		{"unterminated csi at end dropped", "a\x1b[12", "a"},
		{"csi cut by newline", "a\x1b[12\nb", "a\nb"},
		{"esc inside osc starts a new sequence", "a\x1b]0;t\x1b[31mb", "a\x1b[0;31mb\x1b[m"},
		{"can cancels a string", "a\x1b]0;t\x18b", "ab"},
		{"too many params dropped", "a\x1b[" + strings.Repeat("1;", 40) + "1mb", "ab"},
		{"overlong csi dropped", "a\x1b[" + strings.Repeat("9", 400) + "mb", "ab"},
		{"huge param value is capped", "a\x1b[99999999999999999999Cb", "ab"},
		{"c0 controls dropped", "a\x07\x08\x00\x0b\x0c\x7fb", "ab"},
		{"crlf becomes lf", "a\r\nb", "a\nb"},
		{"tab expanded", "ab\tc", "ab      c"},
		{"tab after wide char", "日\tx", "日      x"},
		{"invalid utf-8 replaced", "a\xffb", "a\uFFFDb"},
		{"cut utf-8 replaced", "a\xe6\x97", "a\uFFFD"},
		{"lone continuation above c1 replaced", "a\xa0b", "a\uFFFDb"},
		{"wide chars and emoji kept", "日本 👩‍💻", "日本 👩‍💻"},
		{"esc esc", "\x1b\x1b[31mx", "\x1b[0;31mx\x1b[m"},
		{"stray st dropped", "a\x1b\\b", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.in)
			if got != tt.want {
				t.Errorf("text(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkSafe(t, got)
		})
	}
}

func TestPlain(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean", "deploy-api", "deploy-api"},
		{"sgr dropped", "\x1b[1;31mred\x1b[m", "red"},
		{"lines folded", "one\r\ntwo\n\nthree", "one two three"},
		{"tab folded", "a\tb", "a b"},
		{"leading break dropped", "\nx", "x"},
		{"osc dropped", "n\x1b]0;t\x07ame", "name"},
		{"c1 dropped", "n\u009b2Jame", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Plain(tt.in)
			if got != tt.want {
				t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if strings.ContainsAny(got, "\x1b\n\r\t") {
				t.Errorf("Plain(%q) = %q keeps a control", tt.in, got)
			}
		})
	}
}

// recorder keeps what a Scanner reports, to test splitting across reads.
type recorder struct{ b strings.Builder }

func (r *recorder) Print(p []byte) { r.b.Write(p) }
func (r *recorder) Control(c byte) { r.b.WriteString("<" + string(rune('@'+c)) + ">") }
func (r *recorder) CSI(q *Seq)     { r.b.WriteString("<CSI " + string(q.Final) + ">") }
func (r *recorder) String() string { return r.b.String() }

// TestScannerSplit feeds every input split at every position and expects
// the same tokens as when it is fed whole.
func TestScannerSplit(t *testing.T) {
	inputs := []string{
		"ab\x1b[31;1mcd\x1b[Kef\r\n",
		"x\x1b]52;c;QUJD\x1b\\y",
		"日本\u009b2J語\u009d0;t\u009cz",
		"é\x1bP1$q\x1b\\\xe6\x97\xa5",
		"a\x1b(0b\x1b#8c\x9b1;2Hd",
	}
	for _, in := range inputs {
		var whole recorder
		var s Scanner
		s.Feed([]byte(in), &whole)
		s.Flush(&whole)
		for cut := 1; cut < len(in); cut++ {
			var r recorder
			var s Scanner
			s.Feed([]byte(in[:cut]), &r)
			s.Feed([]byte(in[cut:]), &r)
			s.Flush(&r)
			if r.String() != whole.String() {
				t.Errorf("%q cut at %d: %q, whole: %q", in, cut, r.String(), whole.String())
			}
		}
	}
}

func TestScannerParams(t *testing.T) {
	var got []string
	h := funcHandler{csi: func(q *Seq) {
		got = append(got, string(q.Prefix)+string(q.Inter)+string(q.Final)+":"+params(q))
	}}
	var s Scanner
	s.Feed([]byte("\x1b[m\x1b[;5H\x1b[?1049h\x1b[38:2::1:2:3m\x1b[2 q\x1b[3A"), h)
	want := []string{
		"\x00\x00m:", "\x00\x00H:-1,5", "?\x00h:1049", "\x00\x00m:38:2:-1:1:2:3", "\x00 q:2", "\x00\x00A:3",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// params renders q's parameters, with ':' after a parameter that has a
// sub-parameter and ',' otherwise.
func params(q *Seq) string {
	var b strings.Builder
	for i, p := range q.Params {
		if i > 0 {
			if q.HasSub(i - 1) {
				b.WriteByte(':')
			} else {
				b.WriteByte(',')
			}
		}
		b.WriteString(itoa(p))
	}
	return b.String()
}

func itoa(n int) string {
	if n < 0 {
		return "-" + itoa(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

type funcHandler struct{ csi func(*Seq) }

func (funcHandler) Print([]byte) {}
func (funcHandler) Control(byte) {}
func (f funcHandler) CSI(q *Seq) { f.csi(q) }

// checkSafe fails when s holds an ESC outside a well-formed SGR, a C1
// control as a byte or a rune, or another C0 control than '\n'.
func checkSafe(t testing.TB, s string) {
	t.Helper()
	if msg := unsafeAt(s); msg != "" {
		t.Fatalf("unsafe output %q: %s", s, msg)
	}
}

func unsafeAt(s string) string {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			j := i + 1
			if j >= len(s) || s[j] != '[' {
				return "ESC not followed by ["
			}
			j++
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != 'm' {
				return "ESC [ not ending in m"
			}
			i = j
		case c < 0x20 && c != '\n', c == 0x7f:
			return "C0 control"
		}
	}
	for _, r := range s {
		if r >= 0x80 && r <= 0x9f {
			return "C1 control"
		}
	}
	return ""
}
