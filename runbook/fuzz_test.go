package runbook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and
// must return either a runbook or an error, never both or neither.
func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.toml")
	for _, name := range files {
		if src, err := os.ReadFile(name); err == nil {
			f.Add(src)
		}
	}
	for _, tc := range badCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte(varsRunbook))
	f.Fuzz(func(t *testing.T, src []byte) {
		r, err := Parse("fuzz.toml", src, LoadOptions{Environ: []string{"HOME=/home/op"}, Rehearse: len(src)%2 == 0})
		if (r == nil) == (err == nil) {
			t.Fatalf("runbook %v and error %v", r != nil, err)
		}
		if err != nil {
			if ps, ok := err.(Problems); ok && len(ps) == 0 {
				t.Fatal("empty Problems returned as an error")
			}
			return
		}
		r.Environ(nil)
		r.NewMasker(nil).Mask(string(src))
		for _, c := range r.Preflight {
			c.Target()
			c.Conditions()
		}
	})
}

// FuzzParseCondition: any text either parses into a condition that keeps
// its source, or yields an error; it never panics.
func FuzzParseCondition(f *testing.F) {
	for _, s := range []string{"exit == 0", `body contains "ok"`, "latency < 300ms", `header "X" matches "^a"`, `json "a[0]" == true`, "value >= -1e3", `stdout !contains "\u00e9"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		c, err := ParseCondition(src, Pos{File: "f", Line: 1, Col: 1})
		if err != nil {
			return
		}
		if c.Source == "" || c.Subject == "" || c.Op == "" {
			t.Fatalf("parsed %q into an incomplete condition %+v", src, c)
		}
		if c.Op == OpMatches && c.Operand.Re == nil {
			t.Fatalf("matches without a compiled regexp: %q", src)
		}
	})
}

// FuzzMaskWriter: however a stream is split into writes, the masked
// output equals masking it whole.
func FuzzMaskWriter(f *testing.F) {
	f.Add("pw hunter22 and hunter2222 tok", "hunter22", uint8(3), uint8(7))
	f.Add("aaaa", "aa", uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, in, secret string, a, b uint8) {
		m := NewMaskerValues(secret, secret+"x", "tok")
		var buf strings.Builder
		w := m.Writer(&buf)
		i, j := min(int(a), len(in)), min(int(a)+int(b), len(in))
		for _, part := range []string{in[:i], in[i:j], in[j:]} {
			w.Write([]byte(part))
		}
		w.Flush()
		if want := m.Mask(in); buf.String() != want {
			t.Fatalf("split %d,%d of %q with %q: got %q, want %q", i, j, in, secret, buf.String(), want)
		}
	})
}
