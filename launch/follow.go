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
// It keeps only the offset of the first byte it has not consumed: a line
// still being written is read again, whole, on a later poll. That also
// makes a resuming driver's cut of a torn last line harmless, since the
// cut never reaches before that offset.
type tail struct {
	path string
	off  int64
}

// maxPoll bounds one poll's read; the rest comes on the next poll.
const maxPoll = 16 << 20

func (t *tail) poll() []Event {
	f, err := os.Open(t.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() < t.off {
		// Only a file replaced under us can shrink below what was read.
		t.off = fi.Size()
	}
	if _, err := f.Seek(t.off, io.SeekStart); err != nil {
		return nil
	}
	data, err := io.ReadAll(io.LimitReader(f, maxPoll))
	if err != nil || len(data) == 0 {
		return nil
	}
	var events []Event
	used := 0
	for {
		i := bytes.IndexByte(data[used:], '\n')
		if i < 0 {
			break
		}
		line := data[used : used+i]
		used += i + 1
		var e Event
		if json.Unmarshal(line, &e) == nil && e.Type() != "" {
			events = append(events, e)
		}
	}
	if used == 0 && len(data) == maxPoll {
		// A "line" longer than any event: garbage, skip it.
		used = len(data)
	}
	t.off += int64(used)
	return events
}
