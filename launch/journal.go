package launch

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// JournalFile is the name of the journal inside a launch directory.
const JournalFile = "journal.jsonl"

// DefaultFlushInterval is how long a probe sample may wait in memory before
// it reaches the disk. DESIGN.md promises at least once a second.
const DefaultFlushInterval = time.Second

// Journal is the append-only record of one launch: journal.jsonl, one
// Event a line. Urgent events are fsynced before Append returns; probe
// samples are batched and synced at least once a second.
//
// Every flush is a single write(2) of whole lines, so a crash at any
// instant leaves at most a torn last line, which ReadJournal ignores and
// OpenJournal cuts. A Journal is safe for concurrent use.
type Journal struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	pending []byte // batched probe samples, whole lines
	err     error  // the first write or sync error; sticky
	closed  bool

	every time.Duration
	stop  chan struct{}
	done  chan struct{}
}

// JournalOption tunes a Journal.
type JournalOption func(*Journal)

// withFlushInterval sets how often batched probe samples are written and
// synced (DefaultFlushInterval when d <= 0). Tests use a short interval.
func withFlushInterval(d time.Duration) JournalOption {
	return func(j *Journal) {
		if d > 0 {
			j.every = d
		}
	}
}

// CreateJournal creates journal.jsonl in the launch directory dir. It fails
// when the journal already exists: a launch has exactly one.
func CreateJournal(dir string, opts ...JournalOption) (*Journal, error) {
	path := filepath.Join(dir, JournalFile)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, stateFileMode)
	if err != nil {
		return nil, fmt.Errorf("create journal: %w", err)
	}
	// The new name must survive a crash too, not only the file's bytes.
	if err := syncDir(dir); err != nil {
		f.Close()
		return nil, fmt.Errorf("create journal: %w", err)
	}
	return startJournal(f, path, opts), nil
}

// OpenJournal reopens the journal of dir for appending (resume), first
// cutting a torn last line so that new events start on a line of their own.
func OpenJournal(dir string, opts ...JournalOption) (*Journal, error) {
	path := filepath.Join(dir, JournalFile)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	_, good, damage := parseJournal(data)
	if damage != nil {
		damage.Path = path
		return nil, damage
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return nil, fmt.Errorf("open journal: %w", err)
	}
	if good < len(data) {
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, fmt.Errorf("open journal: cut torn line: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, fmt.Errorf("open journal: %w", err)
		}
	}
	return startJournal(f, path, opts), nil
}

func startJournal(f *os.File, path string, opts []JournalOption) *Journal {
	j := &Journal{f: f, path: path, every: DefaultFlushInterval,
		stop: make(chan struct{}), done: make(chan struct{})}
	for _, o := range opts {
		o(j)
	}
	go j.flusher()
	return j
}

// flusher writes batched samples out at least once every interval, so a
// crash loses at most that much of the monitor's history.
func (j *Journal) flusher() {
	defer close(j.done)
	t := time.NewTicker(j.every)
	defer t.Stop()
	for {
		select {
		case <-j.stop:
			return
		case <-t.C:
			j.mu.Lock()
			if len(j.pending) > 0 {
				j.writeLocked(nil, true)
			}
			j.mu.Unlock()
		}
	}
}

// Append writes e; see Journal for when it is synced. An error is sticky:
// once the disk has refused a write, every later Append reports it.
func (j *Journal) Append(e Event) error {
	// MarshalJSON directly: through json.Marshal the line would be
	// scanned again to compact it.
	line, err := e.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode %s: %w", e.Type(), err)
	}
	line = append(line, '\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errJournalClosed
	}
	if j.err != nil {
		return j.err
	}
	if !e.Urgent() {
		j.pending = append(j.pending, line...)
		return nil
	}
	// Pending samples go first, in the same write, to keep the order.
	return j.writeLocked(line, true)
}

// Flush writes and syncs any batched samples now.
func (j *Journal) Flush() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return j.err
	}
	if j.err != nil {
		return j.err
	}
	if len(j.pending) == 0 {
		return nil
	}
	return j.writeLocked(nil, true)
}

// writeLocked writes the pending lines followed by extra in one write and
// syncs the file when sync is set. j.mu must be held.
func (j *Journal) writeLocked(extra []byte, sync bool) error {
	if j.err != nil {
		return j.err
	}
	buf := j.pending
	if len(extra) > 0 {
		buf = append(buf, extra...)
	}
	j.pending = j.pending[:0]
	if len(buf) > 0 {
		if _, err := j.f.Write(buf); err != nil {
			j.err = newWriteError("write", j.path, err)
			return j.err
		}
	}
	if sync {
		if err := j.f.Sync(); err != nil {
			j.err = newWriteError("sync", j.path, err)
			return j.err
		}
	}
	return nil
}

// Close flushes batched samples, syncs and closes the journal. Closing
// twice is harmless.
func (j *Journal) Close() error {
	j.mu.Lock()
	if j.closed {
		j.mu.Unlock()
		return nil
	}
	j.closed = true
	j.mu.Unlock()
	close(j.stop)
	<-j.done

	j.mu.Lock()
	defer j.mu.Unlock()
	err := j.writeLocked(nil, true)
	if cerr := j.f.Close(); err == nil && cerr != nil {
		err = newWriteError("close", j.path, cerr)
	}
	return err
}

// ReadJournal reads the events of a journal file. A torn last line (a
// crash mid-write, or the zeros a filesystem leaves after one) is
// ignored. Any other bad line is skipped and reported: the events of
// every good line come back together with a *JournalDamage, so a reader
// such as report can say what it could read and where the damage is,
// while a driver refuses to resume over it.
func ReadJournal(path string) ([]Event, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	events, _, damage := parseJournal(data)
	if damage != nil {
		damage.Path = path
		return events, damage
	}
	return events, nil
}

// parseJournal decodes data line by line. It returns the events of every
// good line, the length of the prefix made of good, complete lines
// (everything after it, when there is no damage, is a torn tail), and the
// damage: bad lines that are followed by good ones.
func parseJournal(data []byte) ([]Event, int, *JournalDamage) {
	var events []Event
	var damage *JournalDamage
	good := 0
	line := 0
	for off := 0; off < len(data); {
		line++
		if tornTail(data[off:]) {
			break
		}
		nl := bytes.IndexByte(data[off:], '\n')
		if nl < 0 {
			// No newline: the write of this line never completed.
			break
		}
		raw := data[off : off+nl]
		next := off + nl + 1
		e, why := decodeLine(raw)
		if why != "" {
			if tornTail(data[next:]) {
				// A crash can leave garbage where the last line should
				// be; it was never acknowledged, so drop it.
				break
			}
			if damage == nil {
				damage = &JournalDamage{}
			}
			damage.Lines = append(damage.Lines, line)
			if damage.Why == "" {
				damage.Why = why
			}
			off = next
			continue
		}
		events = append(events, e)
		off = next
		if damage == nil {
			good = next
		}
	}
	return events, good, damage
}

// decodeLine decodes one journal line, or says why it is not an event.
func decodeLine(raw []byte) (Event, string) {
	var e Event
	if len(bytes.TrimSpace(raw)) == 0 {
		return e, "empty line"
	}
	// UnmarshalJSON directly: through json.Unmarshal the line would be
	// scanned twice.
	if err := e.UnmarshalJSON(raw); err != nil {
		return e, err.Error()
	}
	if e.Type() == "" {
		return e, "not an event (no type)"
	}
	return e, ""
}

// tornTail reports whether b is what a crash leaves after the last
// acknowledged line: nothing, NUL padding, blanks, or one line without
// its newline (possibly after padding).
func tornTail(b []byte) bool {
	b = bytes.TrimLeft(b, "\x00 \t\r\n")
	return bytes.IndexByte(b, '\n') < 0
}

// syncDir fsyncs a directory so that a new entry in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
