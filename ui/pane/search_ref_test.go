package pane

import (
	"slices"
	"strings"
	"testing"
)

// The simple forms matcher.find was written from: FuzzMatcher checks it
// against them.

// plainText drops the SGR sequences of a rendered line.
func plainText(s string) string {
	if strings.IndexByte(s, 0x1b) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == 0x1b {
			j := strings.IndexByte(s[i:], 'm')
			if j < 0 {
				break
			}
			i += j + 1
			continue
		}
		j := strings.IndexByte(s[i:], 0x1b)
		if j < 0 {
			j = len(s) - i
		}
		b.WriteString(s[i : i+j])
		i += j
	}
	return b.String()
}

// findSpans returns the byte ranges of q in text, without overlaps.
func findSpans(text, q string, fold bool) []span {
	if q == "" {
		return nil
	}
	if fold {
		text = lowerASCII(text)
	}
	var out []span
	for off := 0; ; {
		i := strings.Index(text[off:], q)
		if i < 0 {
			return out
		}
		out = append(out, span{off + i, off + i + len(q)})
		off += i + len(q)
	}
}

// lowerASCII lowers ASCII letters only, so byte offsets stay the same.
func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// FuzzMatcher checks matcher.find, its buffers reused from line to line,
// against the simple forms on lines a Screen rendered.
func FuzzMatcher(f *testing.F) {
	f.Add("\x1b[32m00000001\x1b[m GET /api/v1/ITEMS?id=1 200\n\x1b[1mitems items\x1b[m\n", "items")
	f.Add("aAaA\x1b[31maa\x1b[mAA\nxx\n", "aa")
	f.Add("Mixed Case\nmixed case\n", "Case")
	f.Fuzz(func(t *testing.T, in, q string) {
		s := NewScreen(50)
		s.Write([]byte(in))
		s.Flush()
		mt := newMatcher(q)
		for n := s.First(); n < s.Len(); n++ {
			l, _ := s.Line(n)
			got := mt.find(l)
			want := findSpans(plainText(l), q, isLower(q))
			if !slices.Equal(got, want) {
				t.Fatalf("%q in %q: %v, want %v", q, l, got, want)
			}
		}
	})
}
