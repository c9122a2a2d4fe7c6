package runbook

import (
	"os"
	"path/filepath"
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
