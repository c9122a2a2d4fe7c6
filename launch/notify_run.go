package launch

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"golive/checks"
)

// notifyGrace is how long a notify command that outlived its timeout, or
// a process it left behind, has between SIGINT and SIGKILL.
const notifyGrace = time.Second

// notifyOutputCap bounds what is kept of a notify command's output: only
// the start of it is ever shown, in a failure's reason.
const notifyOutputCap = 4 << 10

// notifyTag is the StepEnv entry of one try of a notify command, so that
// a process it leaves outside its group (setsid) is found and ended like
// a step's.
func notifyTag(index, try int) string {
	return fmt.Sprintf("%s=notify/%d/%d", StepEnv, index, try)
}

// runOnce runs t's command once with body on its stdin, in a process
// group of its own like a step: the group is ended when the command
// exits, processes that left the group are found by their tag and ended
// too, and the try counts as delivered exactly when the command exited 0,
// whatever a lingering child does with the output afterwards, so a
// delivered notification is never sent again.
func (nf *notifier) runOnce(ctx context.Context, t *notifyTarget, body []byte) error {
	t.tries++
	tag := notifyTag(t.index, t.tries)
	out := &cappedBuffer{limit: notifyOutputCap}
	p, err := checks.Start(checks.ProcSpec{
		Command: t.n.Run,
		Shell:   nf.e.rb.Launch.Shell,
		Dir:     nf.e.rb.Dir,
		Env:     append(slices.Clip(nf.e.env), tag),
		Stdout:  out,
		Stdin:   true,
		Grace:   notifyGrace,
	})
	if err != nil {
		return err
	}
	go func() {
		_, _ = p.Write(body)
		_ = p.CloseStdin()
	}()
	var res checks.ProcResult
	timedOut := false
	select {
	case <-p.Exited():
		res = p.Wait()
	case <-ctx.Done():
		timedOut = true
		res = p.Stop()
	}
	if pids := leftoverPIDs(launchTag(nf.e.dir), tag); len(pids) > 0 {
		endPIDs(pids, notifyGrace)
	}
	switch {
	case timedOut:
		return errors.New("timed out after " + notifyTimeout.String())
	case res.Exit == 0 && res.Signal == "":
		return nil
	}
	msg := strings.TrimSpace(out.String())
	if len(msg) > 200 {
		msg = msg[:200]
	}
	reason := fmt.Sprintf("exit status %d", res.Exit)
	if res.Signal != "" {
		reason = "killed by " + res.Signal
	}
	if msg != "" {
		return fmt.Errorf("%s: %s", reason, msg)
	}
	return errors.New(reason)
}

// cappedBuffer keeps the first limit bytes written to it and drops the
// rest, safely for concurrent writers.
type cappedBuffer struct {
	mu    sync.Mutex
	limit int
	b     []byte
}

func (c *cappedBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if room := c.limit - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (c *cappedBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return string(c.b)
}
