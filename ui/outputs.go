package ui

import (
	"io"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// frame is the shortest time between two redraws caused by output, so a
// flood of writes costs at most ~60 frames a second.
const frame = time.Second / 60

// Outputs is the registry of per-item output buffers. The engine writes raw
// step output into them from its reader goroutines (through Writer); the
// cockpit draws the selected one. A one-slot signal turns a burst of writes
// into a single redraw.
type Outputs struct {
	mu     sync.Mutex
	bufs   map[string]*outBuf
	signal chan struct{}
	done   chan struct{}
	once   sync.Once
	tail   tailer // watch mode: read offsets of the step logs
}

// NewOutputs returns an empty registry.
func NewOutputs() *Outputs {
	return &Outputs{
		bufs:   map[string]*outBuf{},
		signal: make(chan struct{}, 1),
		done:   make(chan struct{}),
	}
}

func outKey(p launch.Phase, id string) string { return string(p) + "/" + id }

// Writer returns the writer of one item's output. It never blocks on the
// cockpit: bytes land in a bounded buffer and a redraw is signalled.
func (o *Outputs) Writer(p launch.Phase, id string) io.Writer {
	return writerFunc(func(b []byte) (int, error) {
		o.buf(outKey(p, id)).write(b)
		o.notify()
		return len(b), nil
	})
}

// Close ends the wait for output, so no command of the cockpit outlives
// it. Writes after Close are still buffered, just not signalled.
func (o *Outputs) Close() { o.once.Do(func() { close(o.done) }) }

func (o *Outputs) buf(key string) *outBuf {
	o.mu.Lock()
	defer o.mu.Unlock()
	b := o.bufs[key]
	if b == nil {
		b = newOutBuf()
		o.bufs[key] = b
	}
	return b
}

func (o *Outputs) notify() {
	select {
	case o.signal <- struct{}{}:
	default:
	}
}

// wait is the re-arming command that turns the signal into an outputMsg.
func (o *Outputs) wait() tea.Cmd {
	return func() tea.Msg {
		select {
		case <-o.signal:
			return outputMsg{}
		case <-o.done:
			return nil
		}
	}
}

// waitAfterFrame waits one frame before listening again, capping the
// redraw rate however fast output arrives.
func (o *Outputs) waitAfterFrame() tea.Cmd {
	return func() tea.Msg {
		select {
		case <-time.After(frame):
		case <-o.done:
			return nil
		}
		return o.wait()()
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }
