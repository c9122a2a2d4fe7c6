package serve

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// BenchmarkSessionMemory opens b.N sessions with the OpenSSH client in tmux
// and reports the server's live heap per connected session: what the SSH
// layer, the program and the renderer cost before the model's own state.
//
//	go test ./serve/ -run '^$' -bench SessionMemory -benchtime 10x
func BenchmarkSessionMemory(b *testing.B) {
	r := startRig(b, nil)
	x := newTmux(b)
	before := liveHeap()
	for i := 0; i < b.N; i++ {
		name := fmt.Sprintf("s%d", i)
		x.start(name, 200, 50, r.interactive(r.alice, "xterm-256color"))
		waitForCard(b, x, name, func(c card) bool { return c.name == "alice" })
	}
	after := liveHeap()
	b.ReportMetric(float64(after-before)/float64(b.N), "heap-B/session")
}

func liveHeap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// BenchmarkGridDiff is one frame of a 200x50 screen whose lower 40 rows
// scroll by a few lines of output, the rest unchanged but for a clock: a
// session's frame during a flood, without the model's View.
//
//	go test ./serve/ -run '^$' -bench GridDiff
func BenchmarkGridDiff(b *testing.B) {
	const w, h = 200, 50
	frame := func(n int) string {
		var s strings.Builder
		fmt.Fprintf(&s, "\x1b[94myou: w00 (watcher)\x1b[0m  │  elapsed 00:%02d  │  \x1b[92msteady\x1b[0m\n", n%60)
		for y := 1; y < 10; y++ {
			fmt.Fprintf(&s, " \x1b[92m✓\x1b[0m step %d %s\n", y, strings.Repeat("·", 60))
		}
		for y := 10; y < h; y++ {
			fmt.Fprintf(&s, "%s│ %d\n", strings.Repeat(" ", 66), n*7+y)
		}
		return s.String()
	}
	g := newGrid(w, h)
	var out bytes.Buffer
	g.diff(frame(0), &out)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out.Reset()
		g.diff(frame(i+1), &out)
	}
	b.ReportMetric(float64(out.Len()), "B/frame")
}
