package launch

import (
	"io"
	"sync"
)

// LineWriter prints whole lines to a writer from its own goroutine, so
// that whoever calls Println (the engine, in a headless launch) never
// waits for the writer: a pipe nobody reads or a stopped terminal cannot
// hold up a step's timeout or a signal. Lines queue in memory until the
// writer takes them; none is dropped.
type LineWriter struct {
	w     io.Writer
	mu    sync.Mutex
	queue []byte
	wake  chan struct{} // one slot: lines are queued, or Close was called
	done  chan struct{} // closed once the queue is drained after Close
	shut  bool
}

// NewLineWriter starts the goroutine that writes to w.
func NewLineWriter(w io.Writer) *LineWriter {
	l := &LineWriter{w: w, wake: make(chan struct{}, 1), done: make(chan struct{})}
	go l.drain()
	return l
}

// Println queues s and a newline; it never blocks on the writer.
func (l *LineWriter) Println(s string) {
	l.mu.Lock()
	l.queue = append(l.queue, s...)
	l.queue = append(l.queue, '\n')
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Close waits until every queued line was handed to the writer. It
// waits as long as the writer does: no line is lost.
func (l *LineWriter) Close() {
	l.mu.Lock()
	l.shut = true
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
	<-l.done
}

func (l *LineWriter) drain() {
	defer close(l.done)
	var buf []byte
	for range l.wake {
		for {
			l.mu.Lock()
			buf, l.queue = l.queue, buf[:0]
			shut := l.shut
			l.mu.Unlock()
			if len(buf) == 0 {
				if shut {
					return
				}
				break
			}
			// A failed write (a closed pipe) is not retried: the lines
			// were offered, and the journal keeps every event anyway.
			_, _ = l.w.Write(buf)
		}
	}
}
