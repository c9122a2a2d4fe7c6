package launch

import (
	"strings"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"golive/checks"
	"golive/runbook"
)

// stepCapture keeps the start of a step's output so that its expect
// conditions (stdout, value) can be tested once it ends. It never fails a
// write: the output itself goes on to the log and the pane whole.
type stepCapture struct {
	mu  sync.Mutex
	buf []byte
}

func (c *stepCapture) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := checks.MaxCapture - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *stepCapture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.buf)
}

// stepObservation is what a finished step showed, in the shape conditions
// are evaluated on: its exit code, its output (terminal escapes removed
// when it ran on a pseudo-terminal), the first number it printed, and how
// long it took.
func stepObservation(s *runbook.Step, res checks.ProcResult, out string) *checks.Observation {
	if s.PTY {
		out = strings.ReplaceAll(ansi.Strip(out), "\r\n", "\n")
	}
	obs := &checks.Observation{Kind: runbook.KindRun, HasExit: true, Exit: res.Exit, Stdout: out, Duration: res.Duration}
	if v, ok := checks.FirstNumber(out); ok {
		obs.Value = &v
	}
	if obs.Value == nil {
		obs.ValueErr = "no number in the step's output"
	}
	return obs
}
