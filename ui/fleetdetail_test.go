package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"golive/checks"
	"golive/launch"
)

// TestFleetDetailGridAndRetry drives the cockpit through a failed fleet
// step: the detail shows every host with the failed one's message, H
// focuses the grid, Enter opens a host's task results, Esc twice gives the
// keys back, and R asks the engine to retry the failed hosts.
func TestFleetDetailGridAndRetry(t *testing.T) {
	pb := filepath.Join(t.TempDir(), "deploy.yml")
	if err := os.WriteFile(pb, []byte("- hosts: web\n  tasks: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rb := loadRunbook(t, fmt.Sprintf(`
[launch]
name = "fleet"
[[cutover]]
id = "deploy"
ansible = { playbook = %q, inventory = "web1,web2,web3,web4,web5," }
`, pb))
	var s sent
	m := NewModel(Options{Runbook: rb, Send: s.send})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	var b events
	feed := func(e launch.Event) { m.Update(EventMsg{E: b.next(e)}) }
	feed(launch.Event{Phase: launch.PhaseCutover, Body: launch.PhaseStartedBody{}})
	feed(launch.Event{Phase: launch.PhaseCutover, ID: "deploy", Body: launch.StepStartedBody{Attempt: 1}})
	hosts := []string{"web1", "web2", "web3", "web4", "web5"}
	fleet := func(fe checks.FleetEvent) {
		feed(launch.Event{Phase: launch.PhaseCutover, ID: "deploy", Body: launch.FleetUpdateBody{Attempt: 1, Fleet: &fe}})
	}
	fleet(checks.FleetEvent{Kind: checks.FleetPlay, Batch: 1, Batches: 1, Hosts: hosts, All: hosts})
	for _, h := range hosts {
		fleet(checks.FleetEvent{Kind: checks.FleetResult, Task: "deploy", Host: h, Status: checks.HostOK, Changed: true})
		r := checks.FleetEvent{Kind: checks.FleetResult, Task: "health", Host: h, Status: checks.HostOK}
		if h == "web4" {
			r.Status, r.Msg = checks.HostFailed, "health check failed on web4"
		}
		fleet(r)
	}
	feed(launch.Event{Phase: launch.PhaseCutover, ID: "deploy", Body: launch.StepFailedBody{Attempt: 1, Exit: intp(2), Reason: "1 of 5 hosts failed"}})
	feed(launch.Event{Phase: launch.PhaseCutover, ID: "deploy", Body: launch.DecisionNeededBody{Reason: "step deploy failed", Kind: launch.DecideFleetFailed}})

	screen := ansi.Strip(m.View())
	for _, want := range []string{"5 hosts: 4 changed, 1 failed", "web1", "web5", "health check failed on web4", "[R] retry failed hosts", "H browse the hosts"} {
		if !strings.Contains(screen, want) {
			t.Fatalf("no %q on screen:\n%s", want, screen)
		}
	}
	m.Update(typed("H"))
	for range 3 {
		m.Update(typed("j"))
	}
	m.Update(keyOf(tea.KeyEnter))
	screen = ansi.Strip(m.View())
	if !strings.Contains(screen, "esc back to the hosts") || !strings.Contains(screen, "web4") || strings.Contains(screen, "web5") {
		t.Fatalf("Enter on the fourth host does not show web4's tasks:\n%s", screen)
	}
	// While the grid has the keys, R is not the menu's.
	m.Update(typed("R"))
	if c, ok := s.find(launch.CmdDecide); ok {
		t.Fatalf("a key meant for the grid reached the engine: %+v", c)
	}
	m.Update(keyOf(tea.KeyEsc))
	m.Update(keyOf(tea.KeyEsc))
	if screen = ansi.Strip(m.View()); !strings.Contains(screen, "H browse the hosts") {
		t.Fatalf("Esc twice does not leave the grid:\n%s", screen)
	}
	m.Update(typed("R"))
	c, ok := s.find(launch.CmdDecide)
	if !ok || c.Action != launch.ActRetryFailed || c.ID != "deploy" {
		t.Fatalf("R sent %+v, want a retry_failed decision on deploy", s.all())
	}
}
