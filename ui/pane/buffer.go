package pane

import (
	"bytes"
	"sync"

	"golive/safe"
)

// Buffer is the output of one step as the pane holds it: a Screen behind a
// lock, written by the goroutine that reads the step's output and read by
// the View of every pane that shows it (one per SSH session of a served
// launch). Each Write wakes every waiting pane once, so a burst of writes
// costs each pane one frame. It is an io.Writer: give it, with the log
// file, to the process that runs the step.
type Buffer struct {
	mu  sync.Mutex
	scr *Screen
	// seq counts changes; each pane's wait remembers the last it drew.
	seq uint64
	// changed is closed and replaced on every change: it wakes all the
	// panes waiting on this buffer at once.
	changed chan struct{}
	signal  chan struct{}
	done    chan struct{}
	closed  bool
}

// NewBuffer returns an empty Buffer keeping the last limit lines
// (DefaultLimit when limit <= 0).
func NewBuffer(limit int) *Buffer {
	return &Buffer{
		scr:     NewScreen(limit),
		changed: make(chan struct{}),
		signal:  make(chan struct{}, 1),
		done:    make(chan struct{}),
	}
}

// Write applies p to the screen and signals new data. It never fails, so
// a slow or failing pane can never stop a step's output from being read.
// It takes the lock for writeSlice bytes at a time, so that a key or a
// frame waits for a slice, not for a whole 32 KiB read.
func (b *Buffer) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), writeSlice)
		if k < len(p) {
			// End the slice with a line, so that the next one starts
			// a line and can be skimmed whole (see lazy.go).
			if i := bytes.LastIndexByte(p[k/2:k], '\n'); i >= 0 {
				k = k/2 + i + 1
			}
		}
		b.mu.Lock()
		b.scr.Write(p[:k])
		b.mu.Unlock()
		p = p[k:]
	}
	b.notify()
	return n, nil
}

// writeSlice is how much output Write applies under one hold of the lock.
const writeSlice = 4 << 10

// Note adds a line of golive's own, faint, after the output so far: an
// attempt separator, a notice that the output moved elsewhere.
func (b *Buffer) Note(text string) {
	b.mu.Lock()
	b.scr.Note(text, safe.Style{Attrs: safe.Faint})
	b.mu.Unlock()
	b.notify()
}

// SetLimit changes how many lines are kept.
func (b *Buffer) SetLimit(limit int) {
	b.mu.Lock()
	b.scr.SetLimit(limit)
	b.mu.Unlock()
	b.notify()
}

// Close says the step's output has ended: an unterminated sequence is
// dropped and waiting commands return. Writing after Close still works.
func (b *Buffer) Close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil
	}
	b.closed = true
	b.scr.Flush()
	close(b.done)
	return nil
}

// Changed returns the one-slot signal channel: it holds a value when data
// arrived since it was last drained. For one consumer other than a
// bubbletea program; panes use WaitOutput, which wakes them all.
func (b *Buffer) Changed() <-chan struct{} { return b.signal }

// Done is closed by Close.
func (b *Buffer) Done() <-chan struct{} { return b.done }

// Len returns the number of lines so far, counted from the start.
func (b *Buffer) Len() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scr.Len()
}

// Dropped returns how many earlier lines are only in the log.
func (b *Buffer) Dropped() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scr.First()
}

// with runs fn with the screen locked.
func (b *Buffer) with(fn func(s *Screen)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	fn(b.scr)
}

func (b *Buffer) notify() {
	b.mu.Lock()
	b.seq++
	close(b.changed)
	b.changed = make(chan struct{})
	b.mu.Unlock()
	select {
	case b.signal <- struct{}{}:
	default:
	}
}
