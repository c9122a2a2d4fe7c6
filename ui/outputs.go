package ui

import (
	"io"
	"sync"

	"golive/launch"
	"golive/ui/pane"
)

// Outputs is the registry of per-item output buffers. The engine writes raw
// step output into them from its reader goroutines (through Writer); the
// cockpit's pane draws the selected one. Each buffer bounds what it keeps,
// sanitises what it is given, and signals new data to its pane alone.
type Outputs struct {
	mu    sync.Mutex
	bufs  map[string]*pane.Buffer
	limit int
	tail  tailer // watch mode: read offsets of the step logs
}

// NewOutputs returns an empty registry whose buffers keep the default
// number of lines.
func NewOutputs() *Outputs {
	return &Outputs{bufs: map[string]*pane.Buffer{}, limit: pane.DefaultLimit}
}

// SetLimit changes how many lines each buffer keeps (the rest is only in
// the step's log).
func (o *Outputs) SetLimit(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.limit = n
	for _, b := range o.bufs {
		b.SetLimit(n)
	}
}

// outKey names one item's buffer; rollback steps share ids with the
// cutover steps they undo, so the phase is part of it.
func outKey(p launch.Phase, id string) string { return string(p) + "/" + id }

// Writer returns the writer of one item's output, for the engine's
// Options.Output. It never blocks on the cockpit.
func (o *Outputs) Writer(p launch.Phase, id string) io.Writer {
	return o.buf(outKey(p, id))
}

// Close ends every buffer's output, so no wait of the cockpit outlives it.
// Writes after Close are still kept.
func (o *Outputs) Close() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, b := range o.bufs {
		b.Close()
	}
}

func (o *Outputs) buf(key string) *pane.Buffer {
	o.mu.Lock()
	defer o.mu.Unlock()
	b := o.bufs[key]
	if b == nil {
		b = pane.NewBuffer(o.limit)
		o.bufs[key] = b
	}
	return b
}
