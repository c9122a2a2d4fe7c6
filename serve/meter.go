package serve

import (
	"io"
	"sync/atomic"
	"time"
)

// Traffic is what a session's output has cost so far, read without
// waiting on the session.
type Traffic struct {
	// Bytes and Writes count what reached the SSH channel.
	Bytes, Writes uint64
	// WriteStarted is when the write in progress began, zero when none is:
	// a write that has been in progress for long is a stalled client.
	WriteStarted time.Time
}

// meter counts a session's output and shows a write that does not return.
type meter struct {
	w       io.Writer
	bytes   atomic.Uint64
	writes  atomic.Uint64
	started atomic.Int64 // unix nanoseconds of the write in progress, 0 if none
}

func (m *meter) Write(p []byte) (int, error) {
	m.started.Store(time.Now().UnixNano())
	n, err := m.w.Write(p)
	m.started.Store(0)
	m.bytes.Add(uint64(n))
	m.writes.Add(1)
	return n, err
}

func (m *meter) traffic() Traffic {
	t := Traffic{Bytes: m.bytes.Load(), Writes: m.writes.Load()}
	if ns := m.started.Load(); ns != 0 {
		t.WriteStarted = time.Unix(0, ns)
	}
	return t
}
