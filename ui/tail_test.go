package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golive/ui/pane"
)

// A tailer far behind a step's log takes in only the last tailCatchUp
// bytes, from a line's start, and later reads continue where it stopped.
func TestTailerCatchesUpWithoutParsingAll(t *testing.T) {
	path := filepath.Join(t.TempDir(), "step.log")
	var log strings.Builder
	lines := 0
	for log.Len() < 4*tailCatchUp {
		lines++
		fmt.Fprintf(&log, "line %07d\n", lines)
	}
	if err := os.WriteFile(path, []byte(log.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var tl tailer
	b := pane.NewBuffer(1 << 20)
	tl.read(path, b)
	kept := b.Len()
	want := int64(tailCatchUp/len("line 0000000\n")) + 1 // the note
	if kept != want {
		t.Errorf("kept %d lines of %d, want %d: the last %d bytes from a line's start and the note", kept, lines, want, tailCatchUp)
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintln(f, "one more")
	f.Close()
	tl.read(path, b)
	if b.Len() != kept+1 {
		t.Errorf("after one more line: %d lines, want %d", b.Len(), kept+1)
	}
}
