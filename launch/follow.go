package launch

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Follow tails the journal of the launch directory dir for `golive watch`:
// it sends every event already there, then each new complete line as the
// driver appends it, checking every `every` (200ms when <= 0). A journal
// that does not exist yet is waited for. A line still being written is
// left until its newline arrives; a complete line that does not parse is
// skipped, since a watcher must keep going. The channel is closed when ctx
// ends, and the goroutine never blocks on a send past that.
func Follow(ctx context.Context, dir string, every time.Duration) <-chan Event {
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	ch := make(chan Event, 64)
	go func() {
		defer close(ch)
		t := &tail{path: filepath.Join(dir, JournalFile)}
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			for _, e := range t.poll() {
				select {
				case ch <- e:
				case <-ctx.Done():
					return
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	return ch
}

// tail reads the complete lines appended to a file since the last poll.
type tail struct {
	path    string
	off     int64
	partial []byte // the start of a line whose newline has not come yet
}

// maxPartial bounds the unterminated tail kept between polls; no real
// event line is near it, so a longer one is garbage and dropped.
const maxPartial = 4 << 20

func (t *tail) poll() []Event {
	f, err := os.Open(t.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() < t.off {
		// The file shrank: a resuming driver cut a torn line. Start that
		// line again from where the file now ends.
		t.off = fi.Size()
		t.partial = nil
	}
	if _, err := f.Seek(t.off, io.SeekStart); err != nil {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, 64<<20))
	if err != nil || len(data) == 0 {
		return nil
	}
	t.off += int64(len(data))
	buf := append(t.partial, data...)
	var events []Event
	for {
		i := bytes.IndexByte(buf, '\n')
		if i < 0 {
			break
		}
		line := buf[:i]
		buf = buf[i+1:]
		var e Event
		if json.Unmarshal(line, &e) == nil && e.Type != "" {
			events = append(events, e)
		}
	}
	if len(buf) > maxPartial {
		buf = nil
	}
	t.partial = append([]byte(nil), buf...)
	return events
}
