package launch

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golive/runbook"
)

// LaunchEnv is set in the environment of every process golive starts for
// a launch, to the launch directory. A driver killed outright (kill -9, a
// crash) cannot end its steps: with a pseudo-terminal the kernel hangs
// them up, but a step on pipes, or a child that ignores SIGHUP, runs on.
// The variable is how the next driver of that launch finds and ends them
// before it re-runs anything, so an interrupted step never runs twice at
// once. Children inherit it, including those that left the step's
// process group.
const LaunchEnv = "GOLIVE_LAUNCH_DIR"

// StepEnv is set in the environment of a step's processes to
// PHASE/ID/ATTEMPT, beside LaunchEnv. A child that left the step's
// process group (setsid, a double fork into a new session) escapes the
// signals to the group; it still carries both, so it is found and ended
// when the step ends, because no process of a step may outlive it.
const StepEnv = "GOLIVE_STEP"

// stepTag is the StepEnv entry of one run of a step.
func stepTag(phase Phase, id string, attempt int) string {
	return fmt.Sprintf("%s=%s/%s/%d", StepEnv, phase, id, attempt)
}

// launchTag is the LaunchEnv entry of the launch in dir.
func launchTag(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		dir = abs
	}
	return LaunchEnv + "=" + dir
}

// leftoverPIDs lists the live processes (zombies excluded) other than this
// one whose environment holds every one of tags. Processes whose
// environment cannot be read (another user's) are not ours. Without /proc
// it finds nothing.
func leftoverPIDs(tags ...string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	self := os.Getpid()
	var pids []int
	for _, ent := range entries {
		pid, err := strconv.Atoi(ent.Name())
		if err != nil || pid == self || !running(pid) {
			continue
		}
		env, err := os.ReadFile("/proc/" + ent.Name() + "/environ")
		if err != nil {
			continue
		}
		if hasAll(bytes.Split(env, []byte{0}), tags) {
			pids = append(pids, pid)
		}
	}
	return pids
}

func hasAll(env [][]byte, tags []string) bool {
	for _, tag := range tags {
		found := false
		for _, kv := range env {
			if string(kv) == tag {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// running reports whether pid is a process that has not ended: a zombie
// whose new parent never reaps it (a container's init often does not)
// runs nothing.
func running(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	state := b[i+2]
	return state != 'Z' && state != 'X'
}

// endLeftovers ends the processes that a previous driver of this launch
// left running, as a step's own end would (SIGHUP and SIGINT, SIGKILL
// after grace), and journals it. It returns once none is left.
func (e *Engine) endLeftovers() {
	pids := leftoverPIDs(launchTag(e.dir))
	if len(pids) == 0 {
		return
	}
	how := endPIDs(pids, e.maxGrace())
	e.emit(Event{Body: NoteBody{Text: fmt.Sprintf("ended %d process(es) left running by the previous driver (pid %s): %s",
		len(pids), joinPIDs(pids), how)}})
}

// endStrays ends the processes that one run of step s left running
// outside its process group, once that group has ended, and journals it.
func (e *Engine) endStrays(phase Phase, s *runbook.Step, attempt int) {
	pids := leftoverPIDs(launchTag(e.dir), stepTag(phase, s.ID, attempt))
	if len(pids) == 0 {
		return
	}
	how := endPIDs(pids, s.Grace)
	e.emit(Event{Phase: phase, Body: NoteBody{Text: fmt.Sprintf("ended %d process(es) that step %s left running outside its process group (pid %s): %s",
		len(pids), s.ID, joinPIDs(pids), how)}})
}

// endPIDs sends SIGHUP and SIGINT to pids, waits up to grace for them to
// end and kills what is left; it says how they ended.
func endPIDs(pids []int, grace time.Duration) string {
	if grace <= 0 {
		grace = 10 * time.Second
	}
	for _, p := range pids {
		_ = syscall.Kill(p, syscall.SIGHUP)
		_ = syscall.Kill(p, syscall.SIGINT)
	}
	deadline := time.Now().Add(grace)
	for left := pids; len(left) > 0; left = stillRunning(left) {
		if !time.Now().Before(deadline) {
			for _, p := range left {
				_ = syscall.Kill(p, syscall.SIGKILL)
			}
			return fmt.Sprintf("%d killed after the grace period", len(left))
		}
		time.Sleep(20 * time.Millisecond)
	}
	return "they ended"
}

func joinPIDs(pids []int) string {
	ids := make([]string, len(pids))
	for i, p := range pids {
		ids[i] = strconv.Itoa(p)
	}
	return strings.Join(ids, ", ")
}

func stillRunning(pids []int) []int {
	var left []int
	for _, p := range pids {
		if running(p) {
			left = append(left, p)
		}
	}
	return left
}

// maxGrace is the longest grace period of the runbook's steps (whose
// rollback commands share it): leftovers are not known by step, so each
// gets the most any step was promised.
func (e *Engine) maxGrace() time.Duration {
	var g time.Duration
	for _, s := range e.rb.Cutover {
		g = max(g, s.Grace)
	}
	if g <= 0 {
		g = 10 * time.Second
	}
	return g
}
