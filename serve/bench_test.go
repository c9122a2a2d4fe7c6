package serve

import (
	"fmt"
	"runtime"
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
