package launch

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// Println returns while the writer is blocked (a pipe nobody reads), and
// Close hands every line over, in order, once the writer reads.
func TestLineWriterNeverWaitsAndLosesNothing(t *testing.T) {
	r, w := io.Pipe()
	lw := NewLineWriter(w)
	var want strings.Builder
	for i := range 10000 {
		line := fmt.Sprintf("line %d", i)
		lw.Println(line) // io.Pipe has no buffer: a blocking Println would hang here
		want.WriteString(line + "\n")
	}
	got := make(chan string)
	go func() {
		data, _ := io.ReadAll(r)
		got <- string(data)
	}()
	lw.Close()
	w.Close()
	if s := <-got; s != want.String() {
		t.Fatalf("got %d bytes, want %d: lines were lost or reordered", len(s), want.Len())
	}
}
