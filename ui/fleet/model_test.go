package fleet

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"golive/checks"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

var t0 = time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)

// fleetOf folds a run of n hosts: web4 fails its health task, the last
// host is still running deploy, the rest changed.
func fleetOf(n int) *checks.Fleet {
	f := checks.NewFleet()
	sec := func(s int) float64 { return float64(t0.Add(time.Duration(s) * time.Second).Unix()) }
	var all []string
	for i := 1; i <= n; i++ {
		all = append(all, fmt.Sprintf("web%d", i))
	}
	f.Apply(checks.FleetEvent{Kind: checks.FleetPlay, T: sec(0), Play: "Roll", Batch: 2, Batches: 3, Hosts: all[:min(2, n)], All: all})
	for i, h := range all {
		f.Apply(checks.FleetEvent{Kind: checks.FleetStart, T: sec(0), Host: h, Task: "deploy"})
		if i == n-1 {
			continue
		}
		f.Apply(checks.FleetEvent{Kind: checks.FleetResult, T: sec(2), Host: h, Task: "deploy", Status: checks.HostChanged, Changed: true})
		if h == "web4" {
			f.Apply(checks.FleetEvent{Kind: checks.FleetResult, T: sec(12), Host: h, Task: "health", Status: checks.HostFailed, Msg: "health check failed on web4"})
		}
	}
	return f
}

func press(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

func TestGridFiveHosts(t *testing.T) {
	m := New()
	m.SetSize(80, 10)
	m.SetFleet(fleetOf(5), t0.Add(30*time.Second))
	want := []string{
		"batch 2/3 · 5 hosts: 3 changed, 1 failed, 1 pending",
		"  STATUS      HOST TASK                 TIME FAILURE",
		"± changed     web1 deploy               2.0s",
		"± changed     web2 deploy               2.0s",
		"± changed     web3 deploy               2.0s",
		"✗ failed      web4 health                12s health check failed on web4",
		"● running     web5 deploy                30s",
		"", "", "",
	}
	got := strings.Split(m.View(), "\n")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("view\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Select web4 and open its task results.
	for range 3 {
		m, _ = m.Update(press("j"))
	}
	if h, _ := m.Selected(); h != "web4" {
		t.Fatalf("selected %s, want web4", h)
	}
	m, _ = m.Update(press("enter"))
	view := m.View()
	for _, w := range []string{"✗ web4 · failed · 2 results", "failed at health: health check failed on web4",
		"± changed     deploy", "✗ failed      health: health check failed on web4"} {
		if !strings.Contains(view, w) {
			t.Errorf("host view lacks %q:\n%s", w, view)
		}
	}
	m, _ = m.Update(press("esc"))
	if !strings.Contains(m.View(), "STATUS") {
		t.Error("esc did not go back to the grid")
	}
}

func TestGridScrollsAndFits(t *testing.T) {
	m := New()
	m.SetSize(80, 12)
	m.SetFleet(fleetOf(500), t0.Add(time.Minute))
	m, _ = m.Update(press("end"))
	lines := strings.Split(m.View(), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 12", len(lines))
	}
	if !strings.Contains(lines[0], "(491-500 of 500)") || !strings.Contains(lines[11], "web500") {
		t.Errorf("end did not scroll to the last host:\n%s", strings.Join(lines, "\n"))
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i, w, l)
		}
	}
	// A new snapshot keeps the selection on the same host.
	m.SetFleet(fleetOf(500), t0.Add(2*time.Minute))
	if h, _ := m.Selected(); h != "web500" {
		t.Errorf("selection moved to %s", h)
	}
	// Tiny sizes draw what fits and never panic.
	for _, sz := range [][2]int{{1, 1}, {10, 2}, {19, 3}, {30, 4}} {
		m.SetSize(sz[0], sz[1])
		if n := len(strings.Split(m.View(), "\n")); n != sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], n)
		}
	}
}
