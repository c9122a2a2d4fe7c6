package checks

import (
	"fmt"
	"strings"
	"time"

	"golive/runbook"
)

// Fleet is the state of one fleet run, folded from its events: every host
// with its status, current task and failure, the batch being run and the
// counts per status. The fold is pure (Apply depends only on the events),
// so the engine, a resumed launch, watch and report all build the same
// Fleet from the same journal.
//
// A Fleet is owned by one goroutine; hand others a Clone.
type Fleet struct {
	Play    string
	Batch   int // 1-based batch of the current play; 0 before the first play
	Batches int
	Task    string // the task running now (the last one started)
	Done    bool   // the play recap arrived: every count is final
	// CheckMode says the run was --check --diff: "changed" means "would
	// change", and nothing was changed.
	CheckMode bool

	Hosts  []HostState    // in the order Ansible named them
	index  map[string]int // host name -> position in Hosts
	counts [6]int         // per status, in HostStatuses order
}

// HostState is one host of a fleet run.
type HostState struct {
	Name    string
	Status  HostStatus // its overall state: failed and unreachable stay
	Running bool       // a task is running on it now
	Task    string     // the task running now, else the last one that reported
	Changed bool       // some task changed something on it (it belongs in a rollback)

	Started time.Time // its first task started
	Updated time.Time // its last result

	FailedTask string // the task that failed or found it unreachable
	Msg        string // what Ansible said about that failure

	Results []TaskResult // every task result, in order
}

// TaskResult is one task's result on one host.
type TaskResult struct {
	Task    string
	Status  HostStatus
	Msg     string
	Ignored bool
	At      time.Time
}

// HostChange is a host whose overall status a task changed; headless mode
// prints one line for each (see HostLine).
type HostChange struct {
	Host     string
	From, To HostStatus
	Task     string
	Msg      string
	At       time.Time
}

// NewFleet returns an empty fleet; hosts, when known in advance (from
// ansible-inventory), start as pending rows.
func NewFleet(hosts ...string) *Fleet {
	f := &Fleet{index: map[string]int{}}
	for _, h := range hosts {
		f.host(h)
	}
	return f
}

// host returns the state of name, adding it as pending when it is new.
func (f *Fleet) host(name string) *HostState {
	if f.index == nil {
		f.index = map[string]int{}
	}
	if i, ok := f.index[name]; ok {
		return &f.Hosts[i]
	}
	f.index[name] = len(f.Hosts)
	f.Hosts = append(f.Hosts, HostState{Name: name, Status: HostPending})
	f.counts[statusIndex(HostPending)]++
	return &f.Hosts[len(f.Hosts)-1]
}

// Host returns the state of name, if the fleet has it.
func (f *Fleet) Host(name string) (HostState, bool) {
	i, ok := f.index[name]
	if !ok {
		return HostState{}, false
	}
	return f.Hosts[i], true
}

func statusIndex(s HostStatus) int {
	for i, x := range HostStatuses {
		if x == s {
			return i
		}
	}
	return 0
}

// setStatus moves h to s, keeping the counts, and reports the change.
func (f *Fleet) setStatus(h *HostState, s HostStatus, task, msg string, at time.Time) (HostChange, bool) {
	if h.Status == s {
		return HostChange{}, false
	}
	c := HostChange{Host: h.Name, From: h.Status, To: s, Task: task, Msg: msg, At: at}
	f.counts[statusIndex(h.Status)]--
	f.counts[statusIndex(s)]++
	h.Status = s
	return c, true
}

// Apply folds one event into the fleet and returns the hosts whose overall
// status it changed.
func (f *Fleet) Apply(e FleetEvent) []HostChange {
	at := e.Time()
	switch e.Kind {
	case FleetPlay:
		f.Play, f.Batch, f.Batches, f.Task = e.Play, e.Batch, e.Batches, ""
		for _, h := range e.All {
			f.host(h)
		}
		for _, h := range e.Hosts {
			f.host(h)
		}
	case FleetTask:
		f.Task = e.Task
	case FleetStart:
		h := f.host(e.Host)
		h.Running, h.Task = true, e.Task
		if h.Started.IsZero() {
			h.Started = at
		}
	case FleetResult:
		return f.result(e, at)
	case FleetStats:
		return f.stats(e, at)
	}
	return nil
}

// result folds one host's task result. Failed and unreachable stay once
// reached (until the recap says a rescue saved the host); otherwise a host
// is changed once any task changed it, ok once any task ran, and skipped
// while every task skipped it.
func (f *Fleet) result(e FleetEvent, at time.Time) []HostChange {
	h := f.host(e.Host)
	if h.Started.IsZero() {
		h.Started = at
	}
	h.Running, h.Task, h.Updated = false, e.Task, at
	h.Results = append(h.Results, TaskResult{Task: e.Task, Status: e.Status, Msg: e.Msg, Ignored: e.Ignored, At: at})
	if e.Changed {
		h.Changed = true
	}
	next := h.Status
	switch {
	case h.Status.Bad():
	case e.Status.Bad() && !e.Ignored:
		next = e.Status
		h.FailedTask, h.Msg = e.Task, e.Msg
	case h.Changed:
		next = HostChanged
	case e.Status == HostSkipped:
		if h.Status == HostPending {
			next = HostSkipped
		}
	default:
		next = HostOK
	}
	if c, ok := f.setStatus(h, next, e.Task, h.Msg, at); ok {
		return []HostChange{c}
	}
	return nil
}

// stats settles every host from the play recap, which knows what the
// stream cannot (a failure rescued by a rescue block).
func (f *Fleet) stats(e FleetEvent, at time.Time) []HostChange {
	f.Done, f.Task = true, ""
	var out []HostChange
	for i := range f.Hosts {
		h := &f.Hosts[i]
		s, ok := e.Stats[h.Name]
		if !ok {
			continue
		}
		h.Running = false
		var next HostStatus
		switch {
		case s.Unreachable > 0:
			next = HostUnreachable
		case s.Failures > 0:
			next = HostFailed
		case s.Changed > 0:
			next = HostChanged
		case s.OK > 0:
			next = HostOK
		default:
			next = HostSkipped
		}
		if !next.Bad() {
			h.FailedTask, h.Msg = "", ""
		}
		if c, ok := f.setStatus(h, next, h.Task, h.Msg, at); ok {
			out = append(out, c)
		}
	}
	return out
}

// Count returns how many hosts have status s.
func (f *Fleet) Count(s HostStatus) int { return f.counts[statusIndex(s)] }

// Bad is how many hosts failed or were unreachable.
func (f *Fleet) Bad() int { return f.Count(HostFailed) + f.Count(HostUnreachable) }

// ChangedHosts names the hosts some task changed, failed ones included:
// they are what a rollback must undo (GOLIVE_CHANGED_HOSTS).
func (f *Fleet) ChangedHosts() []string {
	var out []string
	for _, h := range f.Hosts {
		if h.Changed {
			out = append(out, h.Name)
		}
	}
	return out
}

// FailedHosts names the failed and unreachable hosts (GOLIVE_FAILED_HOSTS,
// and the hosts a retry runs on).
func (f *Fleet) FailedHosts() []string {
	var out []string
	for _, h := range f.Hosts {
		if h.Status.Bad() {
			out = append(out, h.Name)
		}
	}
	return out
}

// PendingHosts names the hosts that have no result yet: after a finished
// run, hosts Ansible never reached (a batch aborted the play).
func (f *Fleet) PendingHosts() []string {
	var out []string
	for _, h := range f.Hosts {
		if h.Status == HostPending {
			out = append(out, h.Name)
		}
	}
	return out
}

// Unfinished names the hosts a retry must run again: failed,
// unreachable, and those with no result (after a crash mid-playbook, the
// ones it had not reached).
func (f *Fleet) Unfinished() []string {
	var out []string
	for _, h := range f.Hosts {
		if h.Status.Bad() || h.Status == HostPending {
			out = append(out, h.Name)
		}
	}
	return out
}

// Env returns the variables later steps and rollback get:
// GOLIVE_CHANGED_HOSTS and GOLIVE_FAILED_HOSTS, comma lists.
func (f *Fleet) Env() []string {
	return []string{
		"GOLIVE_CHANGED_HOSTS=" + strings.Join(f.ChangedHosts(), ","),
		"GOLIVE_FAILED_HOSTS=" + strings.Join(f.FailedHosts(), ","),
	}
}

// Summary is the line under the grid: "batch 2/3 · 5 hosts: 3 changed,
// 1 failed, 1 pending".
func (f *Fleet) Summary() string {
	var b strings.Builder
	if f.Batches > 1 {
		fmt.Fprintf(&b, "batch %d/%d · ", f.Batch, f.Batches)
	}
	fmt.Fprintf(&b, "%d hosts", len(f.Hosts))
	sep := ": "
	for _, s := range HostStatuses {
		if n := f.Count(s); n > 0 {
			fmt.Fprintf(&b, "%s%d %s", sep, n, s)
			sep = ", "
		}
	}
	return b.String()
}

// Verdict decides a finished run: exit is ansible-playbook's exit code,
// budget the step's max_fail. A run passes when every targeted host
// finished, no more hosts failed or were unreachable than the budget
// allows, and Ansible itself did not fail for another reason (exit 2 and
// 4 are its codes for failed and unreachable hosts).
func (f *Fleet) Verdict(exit int, budget runbook.MaxFail) (bool, string) {
	total, bad := len(f.Hosts), f.Bad()
	switch {
	case exit != 0 && exit != 2 && exit != 4:
		return false, fmt.Sprintf("ansible-playbook exited %d", exit)
	case total == 0:
		if exit != 0 {
			return false, fmt.Sprintf("ansible-playbook exited %d before any host ran", exit)
		}
		return false, "no hosts matched the inventory and limit"
	case budget.Exceeded(bad, total):
		return false, fmt.Sprintf("%d of %d hosts failed or unreachable (%s); max_fail %s", bad, total, listHosts(f.FailedHosts(), 5), budget)
	}
	if p := f.PendingHosts(); len(p) > 0 {
		return false, fmt.Sprintf("%d of %d hosts never ran (%s): the play stopped early", len(p), total, listHosts(p, 5))
	}
	if exit != 0 && bad == 0 {
		return false, fmt.Sprintf("ansible-playbook exited %d with no failed host", exit)
	}
	if bad > 0 {
		return true, fmt.Sprintf("%d of %d hosts failed or unreachable, within max_fail %s", bad, total, budget)
	}
	return true, fmt.Sprintf("%d hosts: %d changed, %d ok", total, f.Count(HostChanged), f.Count(HostOK)+f.Count(HostSkipped))
}

func listHosts(hosts []string, n int) string {
	if len(hosts) <= n {
		return strings.Join(hosts, ", ")
	}
	return strings.Join(hosts[:n], ", ") + fmt.Sprintf(" and %d more", len(hosts)-n)
}

// Clone returns a deep copy another goroutine may read while f goes on.
func (f *Fleet) Clone() *Fleet {
	c := *f
	c.Hosts = make([]HostState, len(f.Hosts))
	copy(c.Hosts, f.Hosts)
	for i := range c.Hosts {
		c.Hosts[i].Results = append([]TaskResult(nil), f.Hosts[i].Results...)
	}
	c.index = make(map[string]int, len(f.index))
	for k, v := range f.index {
		c.index[k] = v
	}
	return &c
}
