package pane

import (
	"sync"
	"time"

	"golive/safe"
)

// Buffer is the output of one step as the pane holds it: a Screen behind a
// lock, written by the goroutine that reads the step's output and read by
// the cockpit's View. Each Write sends a one-slot signal, so a burst of
// writes wakes the cockpit once. It is an io.Writer: give it, with the log
// file, to the process that runs the step.
//
// Write only queues the bytes; a worker goroutine applies them to the
// screen. So the reader of a flooding step goes straight back to draining
// its terminal and writing the log while the screen work runs on another
// core. The queue is bounded (maxQueued): past it, Write waits, and the
// step is slowed rather than memory grown.
type Buffer struct {
	mu     sync.Mutex
	scr    *Screen
	last   time.Time // when the last OutputMsg was let through
	signal chan struct{}
	done   chan struct{}
	closed bool

	qmu     sync.Mutex
	qcond   *sync.Cond // broadcast when the queue shrinks or the worker idles
	queue   []byte     // bytes written but not yet applied
	spare   []byte     // the worker's last chunk, reused for the next queue
	working bool       // a worker is applying a chunk
	written int64      // bytes written so far
	applied int64      // bytes on the screen so far
}

// maxQueued bounds the bytes waiting for the screen.
const maxQueued = 1 << 20

// NewBuffer returns an empty Buffer keeping the last limit lines
// (DefaultLimit when limit <= 0).
func NewBuffer(limit int) *Buffer {
	b := &Buffer{
		scr:    NewScreen(limit),
		signal: make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
	b.qcond = sync.NewCond(&b.qmu)
	return b
}

// Write queues p for the screen and returns. It never fails, so a slow or
// failing pane can never stop a step's output from being read.
func (b *Buffer) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	b.qmu.Lock()
	for len(b.queue) >= maxQueued {
		b.qcond.Wait()
	}
	if b.queue == nil && b.spare != nil {
		b.queue, b.spare = b.spare[:0], nil
	}
	b.queue = append(b.queue, p...)
	b.written += int64(len(p))
	if !b.working {
		b.working = true
		go b.apply()
	}
	b.qmu.Unlock()
	return len(p), nil
}

// apply is the worker: it moves queued bytes onto the screen until the
// queue is empty.
func (b *Buffer) apply() {
	for {
		b.qmu.Lock()
		chunk := b.queue
		if len(chunk) == 0 {
			b.working = false
			b.qcond.Broadcast()
			b.qmu.Unlock()
			return
		}
		b.queue = nil
		b.qcond.Broadcast()
		b.qmu.Unlock()

		b.mu.Lock()
		b.scr.Write(chunk)
		b.mu.Unlock()
		b.notify()

		b.qmu.Lock()
		b.applied += int64(len(chunk))
		b.qcond.Broadcast()
		if b.spare == nil && cap(chunk) <= 4*maxQueued {
			b.spare = chunk[:0]
		}
		b.qmu.Unlock()
	}
}

// settle waits until everything written before the call is on the
// screen, so that what follows (a note, a read, a frame) sees it all in
// order. Writes that come meanwhile do not prolong the wait, so a flood
// cannot stall the cockpit: the wait is at most one queue's worth of work.
func (b *Buffer) settle() {
	b.qmu.Lock()
	target := b.written
	for b.applied < target {
		b.qcond.Wait()
	}
	b.qmu.Unlock()
}

// Note adds a line of golive's own, faint, after the output so far: an
// attempt separator, a notice that the output moved elsewhere.
func (b *Buffer) Note(text string) {
	b.settle()
	b.mu.Lock()
	b.scr.Note(text, safe.Style{Attrs: safe.Faint})
	b.mu.Unlock()
	b.notify()
}

// SetLimit changes how many lines are kept.
func (b *Buffer) SetLimit(limit int) {
	b.settle()
	b.mu.Lock()
	b.scr.SetLimit(limit)
	b.mu.Unlock()
	b.notify()
}

// Close says the step's output has ended: an unterminated sequence is
// dropped and waiting commands return. Writing after Close still works.
func (b *Buffer) Close() error {
	b.settle()
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
// arrived since it was last drained. For consumers other than a bubbletea
// program; the pane itself uses WaitOutput.
func (b *Buffer) Changed() <-chan struct{} { return b.signal }

// Done is closed by Close.
func (b *Buffer) Done() <-chan struct{} { return b.done }

// Len returns the number of lines so far, counted from the start.
func (b *Buffer) Len() int64 {
	b.settle()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scr.Len()
}

// Dropped returns how many earlier lines are only in the log.
func (b *Buffer) Dropped() int64 {
	b.settle()
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.scr.First()
}

// Lines returns lines [from, to) clipped to what is held, rendered as
// standalone strings. It is meant for tests and reports; the pane reads
// through View.
func (b *Buffer) Lines(from, to int64) []string {
	b.settle()
	b.mu.Lock()
	defer b.mu.Unlock()
	from = max(from, b.scr.First())
	to = min(to, b.scr.Len())
	var out []string
	for n := from; n < to; n++ {
		s, _ := b.scr.Line(n)
		out = append(out, s)
	}
	return out
}

// with runs fn with the screen locked, once what was written before the
// call is on it.
func (b *Buffer) with(fn func(s *Screen)) {
	b.settle()
	b.mu.Lock()
	defer b.mu.Unlock()
	fn(b.scr)
}

func (b *Buffer) notify() {
	select {
	case b.signal <- struct{}{}:
	default:
	}
}
