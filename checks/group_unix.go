//go:build unix

package checks

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"syscall"
)

// groupAlive reports whether any live process is left in process group
// pgid. Zombies do not count: an orphan whose new parent never reaps it
// (a container's init often does not) stays in the group as a zombie, yet
// it runs nothing and holds no pipe, so waiting for it would only waste the
// grace period.
func groupAlive(pgid int) bool {
	err := syscall.Kill(-pgid, 0)
	if errors.Is(err, syscall.ESRCH) {
		return false
	}
	entries, rerr := os.ReadDir("/proc")
	if rerr != nil {
		return true // no /proc: trust kill
	}
	for _, e := range entries {
		pid, perr := strconv.Atoi(e.Name())
		if perr != nil {
			continue
		}
		state, pg, ok := procState(pid)
		if ok && pg == pgid && state != 'Z' && state != 'X' {
			return true
		}
	}
	return false
}

// procState reads the state letter and process group of pid from
// /proc/PID/stat. The command name may hold spaces and parentheses, so the
// fields are taken after its last closing parenthesis.
func procState(pid int) (state byte, pgid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 3 || len(f[0]) != 1 {
		return 0, 0, false
	}
	pg, err := strconv.Atoi(string(f[2]))
	if err != nil {
		return 0, 0, false
	}
	return f[0][0], pg, true
}

// signalGroup sends sig to every process of group pgid, unless the group
// is known to be gone: its id could since belong to someone else.
func (p *Proc) signalGroup(sig syscall.Signal) {
	p.mu.Lock()
	gone := p.groupGone
	p.mu.Unlock()
	if gone {
		return
	}
	_ = syscall.Kill(-p.pid, sig)
}

// checkGroup reports whether the group still has a live process, and
// remembers when it has none so that it is never signalled again.
func (p *Proc) checkGroup() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.groupGone {
		return false
	}
	select {
	case <-p.exited:
	default:
		return true // the leader itself still runs (or is not yet reaped)
	}
	if groupAlive(p.pid) {
		return true
	}
	p.groupGone = true
	return false
}
