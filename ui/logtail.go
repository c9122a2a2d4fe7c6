package ui

import (
	"io"
	"os"

	"golive/launch"
	"golive/ui/pane"
)

// logTailBytes is how much of a step's log a pane shows when the output
// was written by an earlier process (the launch was resumed).
const logTailBytes = 64 * 1024

// preloadLog fills an empty pane of an item that is not running in this
// process (it ran before a resume, or was interrupted) with the tail of
// its log, so the operator deciding about an interrupted step sees what
// it printed. A watcher's tailer reads the logs itself.
func (m *Model) preloadLog(it *launch.Item, b *pane.Buffer) {
	if m.o.ReadOnly || m.o.LaunchDir == "" || b.Len() > 0 {
		return
	}
	switch it.Status {
	case launch.StatusPending, launch.StatusRunning, launch.StatusWaiting:
		return
	}
	k := outKey(it.Phase, it.ID)
	if m.panes.preloaded[k] {
		return
	}
	if m.panes.preloaded == nil {
		m.panes.preloaded = map[string]bool{}
	}
	m.panes.preloaded[k] = true
	f, err := os.Open(launch.StepLogPath(m.o.LaunchDir, it.Phase, it.ID))
	if err != nil {
		return
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > logTailBytes {
		b.Note("… the start of the output is in the log (o opens it)")
		if _, err := f.Seek(-logTailBytes, io.SeekEnd); err != nil {
			return
		}
	}
	io.Copy(b, f)
}
