package checks

import (
	"context"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/x/ansi"

	"golive/runbook"
)

// runOnce runs a run check's command once, bounded by its timeout: on
// timeout or cancel the group gets SIGINT, then SIGKILL after the grace.
func runOnce(ctx context.Context, c *runbook.Check, o Options) (*Observation, Status, string) {
	var out, errOut capture
	dir := o.Dir
	if c.Workdir != "" {
		dir = c.Workdir
	}
	spec := ProcSpec{
		Command: c.Run,
		Shell:   o.Shell,
		Dir:     dir,
		Env:     o.Env,
		PTY:     c.PTY,
		Cols:    o.Cols,
		Rows:    o.Rows,
		Stdout:  tee(&out, o.Stdout),
		Grace:   o.Grace,
	}
	if !c.PTY {
		// stdout and stderr are read by two goroutines; when both go to
		// the one pane writer, a lock keeps their writes apart.
		outNext, errNext := o.Stdout, o.Stderr
		if errNext == nil && outNext != nil {
			l := &lockedWriter{w: outNext}
			outNext, errNext = l, l
		}
		spec.Stdout = tee(&out, outNext)
		spec.Stderr = tee(&errOut, errNext)
	}
	if strings.TrimSpace(c.Run) == "" {
		return invalidCheck(c.Kind, "the run command is empty")
	}
	p, err := Start(spec)
	if err != nil {
		return invalidCheck(c.Kind, "%v", err)
	}
	limit := timeout(c)
	timer := time.NewTimer(limit)
	defer timer.Stop()
	obs := &Observation{Kind: runbook.KindRun}
	var res ProcResult
	var reason string
	select {
	case <-p.Done():
		res = p.Wait()
	case <-timer.C:
		res = p.Stop()
		obs.TimedOut = true
		reason = "timed out after " + fmtDur(limit)
	case <-ctx.Done():
		res = p.Stop()
		reason = "stopped before it finished"
	}
	obs.Duration = res.Duration
	obs.Stdout = out.String()
	if c.PTY {
		obs.Stdout = strings.ReplaceAll(ansi.Strip(obs.Stdout), "\r\n", "\n")
	}
	obs.Stderr = errOut.String()
	if v, ok := FirstNumber(obs.Stdout); ok {
		obs.Value = &v
	} else {
		obs.ValueErr = "no number in the output"
	}
	if reason != "" {
		return obs, Fail, reason
	}
	obs.HasExit, obs.Exit = true, res.Exit
	return obs, "", ""
}

// teeWriter writes to a capture and then, when set, on to the pane.
type teeWriter struct {
	cap  *capture
	next io.Writer
}

func (t *teeWriter) Write(p []byte) (int, error) {
	t.cap.Write(p)
	if t.next != nil {
		_, _ = t.next.Write(p) // a slow or broken pane must not end the check
	}
	return len(p), nil
}

func tee(c *capture, next io.Writer) io.Writer { return &teeWriter{cap: c, next: next} }

// lockedWriter serialises writes from several goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
