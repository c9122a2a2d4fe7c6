package ui

import (
	"strings"
	"sync"
)

// outBufLines bounds each placeholder buffer.
const outBufLines = 10000

// outBuf is a locked, bounded buffer of one item's output lines. It is the
// thin stand-in for the output pane's buffer.
type outBuf struct {
	mu      sync.Mutex
	lines   []string
	partial strings.Builder
	dropped int
}

func newOutBuf() *outBuf { return &outBuf{} }

func (b *outBuf) write(p []byte) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, c := range string(p) {
		if c == '\n' {
			b.lines = append(b.lines, clean(b.partial.String()))
			b.partial.Reset()
			continue
		}
		if c == '\r' {
			b.partial.Reset()
			continue
		}
		b.partial.WriteRune(c)
	}
	if over := len(b.lines) - outBufLines; over > 0 {
		b.lines = append(b.lines[:0:0], b.lines[over:]...)
		b.dropped += over
	}
}

// tail returns the last n lines, the unfinished one included.
func (b *outBuf) tail(n int) []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	all := b.lines
	if b.partial.Len() > 0 {
		all = append(all[:len(all):len(all)], clean(b.partial.String()))
	}
	if len(all) > n {
		all = all[len(all)-n:]
	}
	return append([]string(nil), all...)
}
