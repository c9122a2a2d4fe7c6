package ui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
	"golive/ui/pane"
)

// tailEvery is how often watch mode reads new output from the step logs.
const tailEvery = 250 * time.Millisecond

// tailMsg says the tailer read what was new.
type tailMsg struct{}

// tailer follows the step logs of a launch driven elsewhere: for the item
// on screen it reads what was appended since the last read into that
// item's buffer. Only visible items are read, so watching costs little.
// Cockpits that share their Outputs (the sessions of golive serve) share
// its offsets too: a log is read once for all of them, at most once a
// tailEvery, so twenty sessions cost what one does.
type tailer struct {
	mu   sync.Mutex
	offs map[string]int64
	last map[string]time.Time // when each log was last read
}

// tailCmd reads the selected item's log after a pause and re-arms itself
// through tailMsg.
func (m *Model) tailCmd() tea.Cmd {
	dir := m.o.LaunchDir
	it := m.selected()
	var phase launch.Phase
	var id string
	if it != nil {
		phase, id = it.Phase, it.ID
	}
	out := m.out
	return tea.Tick(tailEvery, func(time.Time) tea.Msg {
		if dir != "" && id != "" {
			out.tail.readDue(launch.StepLogPath(dir, phase, id), out.buf(outKey(phase, id)))
		}
		return tailMsg{}
	})
}

// Quiet reports whether msg changes nothing the cockpit draws: the
// tailer's re-arming (what it read reaches the pane as the pane's own
// message). A renderer that draws only when something changed skips it.
func (m *Model) Quiet(msg tea.Msg) bool {
	_, ok := msg.(tailMsg)
	return ok
}

// tailCatchUp is the most output one read takes in: a cockpit that fell
// further behind (a flood, a session that was stopped) skips to the last
// tailCatchUp bytes, more than its pane keeps of short lines, and says
// so, instead of parsing megabytes nobody will see. The log has it all.
const tailCatchUp = 256 << 10

// read appends what the file at path has beyond the last offset to b.
func (t *tailer) read(path string, b *pane.Buffer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.readLocked(path, b)
}

// readDue reads path as read does, unless a cockpit sharing this tailer
// read it less than about a tailEvery ago.
func (t *tailer) readDue(path string, b *pane.Buffer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if time.Since(t.last[path]) < tailEvery*9/10 {
		return
	}
	if t.last == nil {
		t.last = map[string]time.Time{}
	}
	t.last[path] = time.Now()
	t.readLocked(path, b)
}

func (t *tailer) readLocked(path string, b *pane.Buffer) {
	if t.offs == nil {
		t.offs = map[string]int64{}
	}
	f, err := os.Open(path)
	if err != nil {
		return // not written yet
	}
	defer f.Close()
	midLine := false
	if st, err := f.Stat(); err == nil && st.Size()-t.offs[path] > tailCatchUp {
		skip := st.Size() - tailCatchUp - t.offs[path]
		b.Note(fmt.Sprintf("… %d KiB of output skipped to catch up: the step's log has it all", skip>>10))
		t.offs[path] = st.Size() - tailCatchUp
		midLine = true
	}
	if _, err := f.Seek(t.offs[path], io.SeekStart); err != nil {
		return
	}
	buf := make([]byte, 64*1024)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			t.offs[path] += int64(n)
			data := buf[:n]
			if midLine {
				// The read starts mid-line: its end is the first whole line.
				i := bytes.IndexByte(data, '\n')
				if i < 0 {
					continue
				}
				data, midLine = data[i+1:], false
			}
			b.Write(data)
		}
		if err != nil {
			return
		}
	}
}
