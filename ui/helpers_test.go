package ui

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"golive/launch"
	"golive/runbook"
)

func TestMain(m *testing.M) {
	// Goldens and screen reads must not depend on the test's terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	// The chart's time axis is in local time; goldens must not depend on
	// the machine's zone.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// testRunbook is a small launch touching every phase.
const testRunbook = `
[launch]
name      = "shop"
title     = "Shop v2 go-live"
approvers = ["alice", "bob"]
quorum    = 1

[[preflight]]
id   = "disk"
name = "Disk has room"
run  = "echo 123456"

[[preflight]]
id   = "api"
name = "API answers"
tcp  = "127.0.0.1:1"

[gate]
prompt = "Switch traffic to v2?"

[[cutover]]
id      = "switch"
name    = "Point the balancer at v2"
run     = "echo switching"
rollback = "echo back"
confirm = true

[[cutover]]
id     = "announce"
manual = ["Post in #launch", "Tell support"]

[[cutover]]
id   = "migrate"
name = "Migrate the table"
run  = "false"

[monitor]
duration = "10m"
interval = "10s"

[[monitor.probe]]
id   = "latency"
name = "Health latency"
tcp  = "127.0.0.1:1"
warn = "latency > 200ms"
crit = "latency > 500ms"
`

// loadRunbook writes src to a temporary file and loads it for real.
func loadRunbook(t testing.TB, src string) *runbook.Runbook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "runbook.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rb, err := runbook.Load(path, runbook.LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	return rb
}

// sent records the commands a cockpit sends.
type sent struct {
	mu   sync.Mutex
	cmds []launch.Command
}

func (s *sent) send(c launch.Command) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cmds = append(s.cmds, c)
}

func (s *sent) all() []launch.Command {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]launch.Command(nil), s.cmds...)
}

// find returns the first command of kind k, if any.
func (s *sent) find(k launch.CommandKind) (launch.Command, bool) {
	for _, c := range s.all() {
		if c.Kind == k {
			return c, true
		}
	}
	return launch.Command{}, false
}

// t0 is the fixed start of every test launch.
var t0 = time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)

// events builds a launch's events with increasing sequence numbers and
// times a second apart.
type events struct {
	seq int64
	now time.Time
}

func (b *events) next(e launch.Event) launch.Event {
	b.seq++
	if b.now.IsZero() {
		b.now = t0
	}
	b.now = b.now.Add(time.Second)
	e.Seq = b.seq
	if e.Time.IsZero() {
		e.Time = b.now
	}
	return e
}

func intp(i int) *int { return &i }

func floatp(f float64) *float64 { return &f }
