package ui

import (
	"io"
	"os"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// tailEvery is how often watch mode reads new output from the step logs.
const tailEvery = 250 * time.Millisecond

// tailMsg says the tailer read what was new.
type tailMsg struct{}

// tailer follows the step logs of a launch driven elsewhere: for the item
// on screen it reads what was appended since the last read into that
// item's buffer. Only visible items are read, so watching costs little.
type tailer struct {
	mu   sync.Mutex
	offs map[string]int64
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
			out.tail.read(launch.StepLogPath(dir, phase, id), out.buf(outKey(phase, id)))
		}
		return tailMsg{}
	})
}

// read appends what the file at path has beyond the last offset to b.
func (t *tailer) read(path string, b io.Writer) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.offs == nil {
		t.offs = map[string]int64{}
	}
	f, err := os.Open(path)
	if err != nil {
		return // not written yet
	}
	defer f.Close()
	if _, err := f.Seek(t.offs[path], io.SeekStart); err != nil {
		return
	}
	buf := make([]byte, 64*1024)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			b.Write(buf[:n])
			t.offs[path] += int64(n)
		}
		if err != nil {
			return
		}
	}
}
