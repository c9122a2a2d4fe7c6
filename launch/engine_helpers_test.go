package launch

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golive/runbook"
)

// waitLimit bounds how long a test waits for an event that should come;
// it only turns a hang into a failure, it is not a speed assertion.
const waitLimit = 60 * time.Second

// rig runs one engine over a runbook written into a temporary directory
// and records every event it emits.
type rig struct {
	t    *testing.T
	dir  string
	rb   *runbook.Runbook
	e    *Engine
	mu   sync.Mutex
	evs  []Event
	feed chan Event
	code chan int
}

// writeRunbook writes src as golive.toml in a fresh directory and loads it.
func writeRunbook(t *testing.T, src string, rehearse bool) *runbook.Runbook {
	t.Helper()
	dir := t.TempDir()
	path := filepath.Join(dir, "golive.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := runbook.Load(path, runbook.LoadOptions{Rehearse: rehearse, Environ: []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}})
	if err != nil {
		t.Fatalf("load runbook: %v", err)
	}
	return rb
}

// newRig builds an engine for src; tweak adjusts its options.
func newRig(t *testing.T, src string, tweak func(*Options)) *rig {
	t.Helper()
	o := Options{Headless: true, Yes: true, Rehearse: true, Driver: "tester@host", OSUser: "tester"}
	if tweak != nil {
		tweak(&o)
	}
	return rigFor(t, writeRunbook(t, src, o.Rehearse), o)
}

// rigFor builds an engine for a loaded runbook with options o.
func rigFor(t *testing.T, rb *runbook.Runbook, o Options) *rig {
	t.Helper()
	o.Runbook = rb
	if o.Root == "" {
		o.Root = filepath.Join(rb.Dir, ".golive", rb.Launch.Name)
	}
	r := &rig{t: t, dir: rb.Dir, rb: rb, feed: make(chan Event, 100000), code: make(chan int, 1)}
	user := o.OnEvent
	o.OnEvent = func(ev Event) {
		r.mu.Lock()
		r.evs = append(r.evs, ev)
		r.mu.Unlock()
		r.feed <- ev
		if user != nil {
			user(ev)
		}
	}
	e, err := New(o)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	r.e = e
	return r
}

// start runs the engine in the background.
func (r *rig) start(ctx context.Context) {
	go func() { r.code <- r.e.Run(ctx) }()
}

// run runs the engine to its end and returns its exit code.
func (r *rig) run() int {
	r.start(context.Background())
	return r.wait()
}

// wait returns the exit code of a started engine.
func (r *rig) wait() int {
	r.t.Helper()
	select {
	case c := <-r.code:
		return c
	case <-time.After(waitLimit):
		r.t.Fatalf("the launch did not end; events:\n%s", r.dump())
		return -1
	}
}

// waitFor consumes events until one matches, and returns it.
func (r *rig) waitFor(match func(Event) bool, what string) Event {
	r.t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case ev := <-r.feed:
			if match(ev) {
				return ev
			}
		case <-deadline:
			r.t.Fatalf("no %s; events:\n%s", what, r.dump())
			return Event{}
		}
	}
}

// waitType waits for the next event of type typ (and id, when given).
func (r *rig) waitType(typ Type, id string) Event {
	r.t.Helper()
	return r.waitFor(func(ev Event) bool { return ev.Type() == typ && (id == "" || ev.ID == id) }, string(typ)+" "+id)
}

// events returns a copy of what was emitted so far.
func (r *rig) events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.evs...)
}

// dump lists the events one per line, for failure messages.
func (r *rig) dump() string {
	var b strings.Builder
	for _, ev := range r.events() {
		fmt.Fprintf(&b, "  %s\n", FormatLine(ev, time.UTC))
	}
	return b.String()
}

// seq renders the events that pass keep as "type phase/id status" lines.
func seqOf(evs []Event, keep func(Event) bool) []string {
	var out []string
	for _, ev := range evs {
		if keep != nil && !keep(ev) {
			continue
		}
		s := string(ev.Type())
		if ev.Phase != "" || ev.ID != "" {
			s += " " + string(ev.Phase) + "/" + ev.ID
		}
		if st := wireStatus(ev); st != "" {
			s += " " + st
		}
		out = append(out, s)
	}
	return out
}

// find returns the events of type typ.
func find(evs []Event, typ Type) []Event {
	var out []Event
	for _, ev := range evs {
		if ev.Type() == typ {
			out = append(out, ev)
		}
	}
	return out
}

// last returns the last event of type typ, failing the test when none.
func (r *rig) last(typ Type) Event {
	r.t.Helper()
	evs := find(r.events(), typ)
	if len(evs) == 0 {
		r.t.Fatalf("no %s event; events:\n%s", typ, r.dump())
	}
	return evs[len(evs)-1]
}

// journal reads back the launch's journal.
func (r *rig) journal() []Event {
	r.t.Helper()
	evs, err := ReadJournal(filepath.Join(r.e.Dir(), JournalFile))
	if err != nil {
		r.t.Fatalf("read journal: %v", err)
	}
	return evs
}

// alive reports whether a process exists and is not a zombie waiting to
// be reaped.
func alive(pid int) bool {
	if syscall.Kill(pid, 0) != nil {
		return false
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	if i := strings.LastIndexByte(string(b), ')'); i > 0 && i+2 < len(b) {
		return b[i+2] != 'Z'
	}
	return true
}

// readPid reads a pid a test step wrote into a file.
func readPid(t *testing.T, path string) int {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read pid file: %v", err)
	}
	var pid int
	if _, err := fmt.Sscan(strings.TrimSpace(string(b)), &pid); err != nil {
		t.Fatalf("pid file %q: %v", b, err)
	}
	return pid
}

// eventually polls cond for up to waitLimit.
func eventually(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// touch creates an empty file in dir.
func touch(t *testing.T, dir, name string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), nil, 0o644); err != nil {
		t.Fatal(err)
	}
}

// wireStatus is the "status" the journal writes for ev, "" when none.
func wireStatus(ev Event) string {
	b, err := json.Marshal(ev)
	if err != nil {
		return ""
	}
	var w struct{ Status string }
	_ = json.Unmarshal(b, &w)
	return w.Status
}
