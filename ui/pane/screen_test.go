package pane

import (
	"strings"
	"testing"
)

// screenLines writes each chunk to a fresh Screen and returns its lines
// as rendered.
func screenLines(limit int, chunks ...string) (*Screen, []string) {
	s := NewScreen(limit)
	for _, c := range chunks {
		s.Write([]byte(c))
	}
	var out []string
	for n := s.First(); n < s.Len(); n++ {
		l, _ := s.Line(n)
		out = append(out, l)
	}
	return s, out
}

func TestScreen(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []string
	}{
		{"lines", []string{"one\ntwo\r\nthree\n"}, []string{"one", "two", "three"}},
		{"last line without newline", []string{"a\nb"}, []string{"a", "b"}},
		{"cr progress keeps the latest state", []string{"10%\r20%\r100%\ndone\n"}, []string{"100%", "done"}},
		{"cr overwrites only what it writes", []string{"downloading\rDL\n"}, []string{"DLwnloading"}},
		{"backspace", []string{"abc\b\bX\n"}, []string{"aXc"}},
		{"backspace at column 0 stays", []string{"\b\bab\n"}, []string{"ab"}},
		{"erase to end of line", []string{"hello world\r\x1b[Khi\n"}, []string{"hi"}},
		{"erase to end after cr and text", []string{"progress 100%\rdone\x1b[K\n"}, []string{"done"}},
		{"erase from start", []string{"abcdef\x1b[3D\x1b[1K\n"}, []string{"    ef"}},
		{"erase whole line", []string{"abc\x1b[2Kxy\n"}, []string{"   xy"}},
		{"erase characters", []string{"abcdef\r\x1b[2X\n"}, []string{"  cdef"}},
		{"column absolute", []string{"abcdef\x1b[3GX\n"}, []string{"abXdef"}},
		{"cursor forward pads", []string{"a\x1b[3Cb\n"}, []string{"a   b"}},
		{"tab", []string{"a\tb\n"}, []string{"a       b"}},
		{
			"docker-style three-line progress rewrite",
			[]string{
				"layer1: 10%\nlayer2: 5%\nlayer3: 0%\n",
				"\x1b[3A\x1b[2Klayer1: 50%\n\x1b[2Klayer2: 40%\n\x1b[2Klayer3: 30%\n",
				"\x1b[3F\x1b[Klayer1: done\x1b[1E\x1b[Klayer2: done\x1b[1E\x1b[Klayer3: done\n",
			},
			[]string{"layer1: done", "layer2: done", "layer3: done"},
		},
		{"cursor up clamps at the first line", []string{"a\nb\n\x1b[99AX\n"}, []string{"X", "b"}},
		{"cursor down never makes lines", []string{"a\x1b[5BX\n"}, []string{"aX"}},
		{"erase below drops rewritten lines", []string{"a\nb\nc\n\x1b[3A\x1b[Jz\n"}, []string{"z"}},
		{"sgr carried across lines", []string{"\x1b[31mred\nstill red\x1b[m plain\n"}, []string{"\x1b[0;31mred\x1b[m", "\x1b[0;31mstill red\x1b[m plain"}},
		{"sgr split across writes", []string{"\x1b[3", "2mgr", "een\x1b", "[0m\n"}, []string{"\x1b[0;32mgreen\x1b[m"}},
		{"sgr on overwrite", []string{"aaaa\r\x1b[1mbb\x1b[m\n"}, []string{"\x1b[0;1mbb\x1b[maa"}},
		{"wide characters", []string{"日本語\n"}, []string{"日本語"}},
		{"overwriting half a wide character", []string{"日本\rX\n"}, []string{"X 本"}},
		{"wide over narrow", []string{"abc\r日\n"}, []string{"日c"}},
		{"emoji zwj sequence", []string{"👩‍💻 ok\n"}, []string{"👩‍💻 ok"}},
		{"combining mark in a later write", []string{"e", "\u0301!\n"}, []string{"e\u0301!"}},
		{"utf-8 split across writes", []string{"\xe6\x97", "\xa5\n"}, []string{"日"}},
		{"osc 52 dropped", []string{"a\x1b]52;c;ZWNobyBoaQ==\x07b\n"}, []string{"ab"}},
		{"osc 8 dropped, text kept", []string{"\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\n"}, []string{"link"}},
		{"title dropped", []string{"\x1b]0;t\x07\x1b]2;t\x1b\\a\n"}, []string{"a"}},
		{"dcs apc pm sos dropped", []string{"a\x1bPq#0\x1b\\b\x1b_G\x1b\\c\x1b^p\x1b\\d\x1bXs\x1b\\e\n"}, []string{"abcde"}},
		{"cup dropped", []string{"a\x1b[1;1Hb\n"}, []string{"ab"}},
		{"clear screen dropped", []string{"a\nb\x1b[2J\x1b[3Jc\n"}, []string{"a", "bc"}},
		{"alt screen dropped", []string{"\x1b[?1049ha\x1b[?1049l\n"}, []string{"a"}},
		{"dsr dropped", []string{"a\x1b[6n\x1b[5nb\n"}, []string{"ab"}},
		{"ris dropped", []string{"a\x1bcb\n"}, []string{"ab"}},
		{"scroll region dropped", []string{"a\x1b[2;5rb\n"}, []string{"ab"}},
		{"8-bit c1 dropped", []string{"a\x9b2J\x9d0;t\x07\x90q\x9cb\n"}, []string{"ab"}},
		{"utf-8 c1 dropped", []string{"a\u009b2J\u009d0;t\u009cb\n"}, []string{"ab"}},
		{"unterminated osc ends at newline", []string{"a\x1b]0;never ends\nnext\n"}, []string{"a", "next"}},
		{"unterminated osc split across writes", []string{"a\x1b]52;c;AAAA", "BBBB", "CCCC\nb\n"}, []string{"a", "b"}},
		{"osc split across writes", []string{"a\x1b]0;ti", "tle\x1b", "\\b\n"}, []string{"ab"}},
		{"private mode is not sgr", []string{"a\x1b[>4;1mb\n"}, []string{"ab"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := screenLines(0, tt.chunks...)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestScreenRing(t *testing.T) {
	var b strings.Builder
	for i := range 1000 {
		b.WriteString("line ")
		b.WriteString(itoa(i))
		b.WriteByte('\n')
	}
	s, lines := screenLines(200, b.String())
	if s.Len() != 1000 {
		t.Fatalf("Len = %d, want 1000", s.Len())
	}
	// The ring keeps 200 finished lines, plus the LiveLines the cursor
	// can still reach.
	if want := int64(1000 - 200 - LiveLines + 1); s.First() != want {
		t.Fatalf("First = %d, want %d", s.First(), want)
	}
	if lines[0] != "line "+itoa(int(s.First())) || lines[len(lines)-1] != "line 999" {
		t.Errorf("kept %q ... %q", lines[0], lines[len(lines)-1])
	}
	s.SetLimit(10)
	if s.First() != 1000-10-LiveLines+1 {
		t.Errorf("after SetLimit(10) First = %d", s.First())
	}
	if l, _ := s.Line(s.First()); l != "line "+itoa(int(s.First())) {
		t.Errorf("first line after SetLimit = %q", l)
	}
}

func TestScreenLongLineBreaks(t *testing.T) {
	s, lines := screenLines(0, strings.Repeat("x", MaxLineCells*2+5)+"\n")
	if s.Len() != 3 || len(lines[0]) != MaxLineCells || lines[2] != "xxxxx" {
		t.Errorf("Len = %d, line lengths %d/%d/%d", s.Len(), len(lines[0]), len(lines[1]), len(lines[2]))
	}
}

func TestScreenNote(t *testing.T) {
	s := NewScreen(0)
	s.Write([]byte("partial"))
	s.Note("attempt 2\x1b]0;x\x07", safeFaint)
	s.Write([]byte("again\n"))
	var lines []string
	for n := s.First(); n < s.Len(); n++ {
		l, _ := s.Line(n)
		lines = append(lines, l)
	}
	want := []string{"partial", "\x1b[0;2mattempt 2\x1b[m", "again"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", lines, want)
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
