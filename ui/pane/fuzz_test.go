package pane

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// FuzzScreen feeds any bytes, split at any point, and checks that every
// line is safe to print, that its recorded width is its real width, and
// that wrapped rows fit.
func FuzzScreen(f *testing.F) {
	seeds := []string{
		"plain\n", "10%\r20%\n", "\x1b[31mred\nred\x1b[m\n", "\x1b[3A\x1b[2Kx\n", "日本\rX\n",
		"\x1b]52;c;QUJD\x07", "\x1bP1$q\x1b\\", "\x9b2J\u009d0;t\u009c", "\x1b]0;t\nnext", "a\b\b\tb\x1b[J",
		"\x1b[99999C\x1b[5Gé\u0301", "👩‍💻\x1b[D\x1b[1K", "\xe6\x97",
	}
	for _, s := range seeds {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, in string, cut uint8) {
		s := NewScreen(50)
		k := min(int(cut), len(in))
		s.Write([]byte(in[:k]))
		s.Write([]byte(in[k:]))
		s.Flush()
		if s.First() > s.Len() && s.Len() >= 0 {
			t.Fatalf("First %d > Len %d", s.First(), s.Len())
		}
		for n := s.First(); n < s.Len(); n++ {
			l, w := s.Line(n)
			if msg := unsafeAt(l); msg != "" {
				t.Fatalf("line %d %q: %s", n, l, msg)
			}
			if !utf8.ValidString(l) {
				t.Fatalf("line %d %q is not UTF-8", n, l)
			}
			// Widths are measured cluster by cluster, as wrapping measures
			// them. (ansi.StringWidth can differ for spacing marks.)
			if got := wrapLine(nil, l, 1<<30, nil, "")[0]; got.w != w || got.s != l {
				t.Fatalf("line %d %q (width %d) rewraps as %q (width %d)", n, l, w, got.s, got.w)
			}
			for _, r := range wrapLine(nil, l, 7, []span{{1, 3}}, "\x1b[0;7m") {
				if r.w > 7 && ansi.StringWidth(r.s) > 7 && len([]rune(ansi.Strip(r.s))) > 1 {
					t.Fatalf("row %q of line %q is wider than 7", r.s, l)
				}
				if msg := unsafeAt(r.s); msg != "" {
					t.Fatalf("row %q: %s", r.s, msg)
				}
			}
		}
	})
}

// unsafeAt describes what in s could act on a terminal: an ESC outside a
// well-formed SGR, a C0 control, or a C1 control. "" means nothing.
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
		case c < 0x20, c == 0x7f:
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

// FuzzTextMode checks that lines kept as text (the fast path) render
// exactly as the same output kept in cells: same lines, same widths.
func FuzzTextMode(f *testing.F) {
	seeds := []string{
		"plain\n", "10%\r20%\n", "\x1b[31mred\nred\x1b[m\n", "abc\rX\x1b[1mY\x1b[K\n",
		"\x1b[1;34mitem 1\x1b[0m [\x1b[32m##  \x1b[0m]\r\x1b[1;34mitem 1\x1b[0m [\x1b[32m####\x1b[0m]\x1b[K\n",
		"long line\rab\rc\x1b[32md\n", "a\x1b[3A\x1b[2Kx\nb\rc\x1b[Jz\n", "x\ty\rz\x1b[5Cw\n", "日本\rX\n",
		"\x1b[7mab\x1b[mcd\r\x1b[4mx\n", "abcdef\r\x1b[2Xgh\n",
	}
	for _, s := range seeds {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, in string, cut uint8) {
		fast, ref := NewScreen(50), NewScreen(50)
		ref.cellsOnly = true
		k := min(int(cut), len(in))
		for _, s := range []*Screen{fast, ref} {
			s.Write([]byte(in[:k]))
			s.Write([]byte(in[k:]))
			s.Flush()
		}
		if fast.First() != ref.First() || fast.Len() != ref.Len() {
			t.Fatalf("lines [%d, %d), want [%d, %d)", fast.First(), fast.Len(), ref.First(), ref.Len())
		}
		for n := ref.First(); n < ref.Len(); n++ {
			gl, gw := fast.Line(n)
			wl, ww := ref.Line(n)
			if gl != wl || gw != ww {
				t.Fatalf("line %d = %q (width %d), want %q (width %d)", n, gl, gw, wl, ww)
			}
		}
	})
}

// FuzzWrap checks wrapLine against the byte-at-a-time form it was
// written from, on lines a Screen rendered.
func FuzzWrap(f *testing.F) {
	f.Add("\x1b[32m00000001\x1b[m GET /api/v1/items?id=1 200 12ms \x1b[2mtrace=1f\x1b[m\n", uint8(7), "items")
	f.Add("日本語 and e\u0301 mixed \x1b[1mbold\x1b[m\n", uint8(5), "and")
	f.Add("👩‍💻 ok\x1b[31m red text that wraps\n", uint8(3), "o")
	f.Fuzz(func(t *testing.T, in string, width uint8, q string) {
		s := NewScreen(50)
		s.Write([]byte(in))
		s.Flush()
		w := int(width%64) + 1
		for n := s.First(); n < s.Len(); n++ {
			l, _ := s.Line(n)
			hl := findSpans(plainText(l), q, isLower(q))
			got := wrapLine(nil, l, w, hl, "\x1b[0;7m")
			want := wrapLineRef(nil, l, w, hl, "\x1b[0;7m")
			if len(got) != len(want) {
				t.Fatalf("%q at %d: %d rows, want %d", l, w, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%q at %d: row %d = %+v, want %+v", l, w, i, got[i], want[i])
				}
			}
		}
	})
}

func wrapLineRef(out []row, s string, width int, hl []span, hlSGR string) []row {
	width = max(width, 1)
	var b []byte
	cur := ""     // the line's style at this point ("" = default)
	emitted := "" // the style the row's output has
	col, plain := 0, 0
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			seq := s[i : i+j+1]
			i += j + 1
			if seq == "\x1b[m" || seq == "\x1b[0m" {
				seq = ""
			}
			cur = seq
			continue
		}
		n, w := nextCluster(s, i)
		if n == 0 {
			break
		}
		if col+w > width && col > 0 {
			if emitted != "" {
				b = append(b, "\x1b[m"...)
			}
			out = append(out, row{string(b), col})
			b, col, emitted = b[:0], 0, ""
		}
		for len(hl) > 0 && hl[0].to <= plain {
			hl = hl[1:]
		}
		want := cur
		if len(hl) > 0 && hl[0].from <= plain {
			want = hlSGR
		}
		if want != emitted {
			if want == "" {
				b = append(b, "\x1b[m"...)
			} else {
				b = append(b, want...)
			}
			emitted = want
		}
		b = append(b, s[i:i+n]...)
		col += w
		plain += n
		i += n
	}
	if emitted != "" {
		b = append(b, "\x1b[m"...)
	}
	return append(out, row{string(b), col})
}

// FuzzLazy checks that lines skimmed under a flood and interpreted only
// when looked at (lazy.go) come out exactly as lines interpreted as they
// come: the same lines and widths, the same cursor and style, whether a
// line is looked at soon after it came (peek), late, or after the cursor
// went back to it. The input is repeated so that lines pass through the
// whole window of live lines into the ring.
func FuzzLazy(f *testing.F) {
	seeds := []string{
		"plain\n", "1\r\n", "10%\r20%\n", "\x1b[31mred\nred\x1b[m\n", "abc\rX\x1b[1mY\x1b[K\n",
		"\r\x1b[1;34mitem 1\x1b[0m [\x1b[32m##  \x1b[0m]\r\x1b[1;34mitem 1\x1b[0m [\x1b[32m####\x1b[0m] 40%\x1b[K\r\n",
		"long line\rab\rc\x1b[32md\n", "a\x1b[3A\x1b[2Kx\nb\rc\x1b[Jz\n", "x\ty\rz\x1b[5Cw\n", "日本\rX\n",
		"\x1b[7mab\x1b[mcd\r\x1b[4mx\n", "abcdef\r\x1b[2Xgh\n", "a\x1b[1;4:3mb\x1b[38;5;200m\rcc\x1b[0;1m\n",
		"\x1b[32mok\x1b[0;33mwarn\n\x1b[5A!\n", "é\u0301x\rab\n", "\x9b31mc1\n", "\xc2\x9b2Ax\n", "ab\b\bc\x07\x00\n",
		"\x1b]0;title\x07x\n", "\x1b[12;5Hx\n", "a\vb\fc\n", "\x1b[", "\xe6\n", "ab\x1b[1K\n", "\x1b[?25lx\n",
		"\x1b[0m\x1b[1m\rbold\n", "\x1b[;1mx\r\x1b[00;32my\n",
	}
	for _, s := range seeds {
		f.Add(s, uint8(5), uint8(120), uint8(3))
	}
	f.Fuzz(func(t *testing.T, in string, cut, reps, peek uint8) {
		if len(in) == 0 || len(in) > 4096 {
			return
		}
		data := strings.Repeat(in, min(1+int(reps)%160, 1+(64<<10)/len(in)))
		lazy, ref := NewScreen(300), NewScreen(300)
		ref.eager = true
		step := 1 + int(cut)*13
		for i, off := 0, 0; off < len(data); i, off = i+1, off+step {
			chunk := []byte(data[off:min(off+step, len(data))])
			lazy.Write(chunk)
			ref.Write(chunk)
			if peek != 0 && i%int(peek) == 0 {
				// Look at a few lines, as a frame or a search would:
				// some now live, some soon in the ring.
				for n := max(lazy.First(), lazy.Len()-int64(peek)); n < lazy.Len(); n++ {
					lazy.Line(n)
				}
			}
		}
		lazy.Flush()
		ref.Flush()
		if lazy.First() != ref.First() || lazy.Len() != ref.Len() {
			t.Fatalf("lines [%d, %d), want [%d, %d)", lazy.First(), lazy.Len(), ref.First(), ref.Len())
		}
		if lazy.cx != ref.cx || lazy.cy != ref.cy || len(lazy.live) != len(ref.live) || lazy.style != ref.style {
			t.Fatalf("cursor %d,%d of %d lines, style %+v; want %d,%d of %d, %+v",
				lazy.cx, lazy.cy, len(lazy.live), lazy.style, ref.cx, ref.cy, len(ref.live), ref.style)
		}
		for n := ref.First(); n < ref.Len(); n++ {
			gl, gw := lazy.Line(n)
			wl, ww := ref.Line(n)
			if gl != wl || gw != ww {
				t.Fatalf("line %d = %q (width %d), want %q (width %d)", n, gl, gw, wl, ww)
			}
		}
	})
}
