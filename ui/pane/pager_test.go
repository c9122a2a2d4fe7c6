package pane

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// host is the smallest program around a pane, as the cockpit embeds it.
type host struct{ p Model }

func (h host) Init() tea.Cmd { return h.p.Init() }
func (h host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "ctrl+c" {
		return h, tea.Quit
	}
	var cmd tea.Cmd
	h.p, cmd = h.p.Update(msg)
	return h, cmd
}
func (h host) View() string { return h.p.View() }

// TestPagerOpensTheLog: the pager is handed the step's log as the pane
// shows it: each progress line in its final state, no carriage return,
// and the rendered copy is gone once the pager has ended.
func TestPagerOpensTheLog(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "step.log")
	log := "start\nprogress 10%\rprogress 50%\rprogress 100%\n\x1b[32mdone\x1b[0m\n"
	if err := os.WriteFile(logPath, []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	// The pager is a script that copies the file it is given and notes
	// its name, proving what it was handed.
	copyTo := filepath.Join(dir, "seen")
	script := filepath.Join(dir, "pager.sh")
	body := "#!/bin/sh\necho \"$1\" > " + filepath.Join(dir, "name") + "\ncp -- \"$1\" " + copyTo + ".tmp && mv " + copyTo + ".tmp " + copyTo + "\n"
	if err := os.WriteFile(script, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PAGER", script)
	b := NewBuffer(0)
	b.Write([]byte("hello\n"))
	p := New("s", b, logPath)
	p.SetSize(40, 5)
	tm := teatest.NewTestModel(t, host{p}, teatest.WithInitialTermSize(40, 5))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		_, err := os.Stat(copyTo)
		return err == nil && bytes.Contains(out, []byte("hello"))
	}, teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
	got, _ := os.ReadFile(copyTo)
	if want := "start\nprogress 100%\ndone\n"; string(got) != want {
		t.Errorf("pager saw %q, want %q", got, want)
	}
	name, _ := os.ReadFile(filepath.Join(dir, "name"))
	if _, err := os.Stat(strings.TrimSpace(string(name))); err == nil {
		t.Errorf("the rendered copy %s outlived the pager", name)
	}
}

func TestPagerFailureIsShown(t *testing.T) {
	t.Setenv("PAGER", "false")
	logPath := filepath.Join(t.TempDir(), "step.log")
	if err := os.WriteFile(logPath, []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	b := NewBuffer(0)
	p := New("s", b, logPath)
	p.SetSize(60, 5)
	tm := teatest.NewTestModel(t, host{p}, teatest.WithInitialTermSize(60, 5))
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	teatest.WaitFor(t, tm.Output(), func(out []byte) bool {
		return strings.Contains(string(out), "pager: exit status 1")
	}, teatest.WithDuration(10*time.Second))
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	tm.WaitFinished(t, teatest.WithFinalTimeout(10*time.Second))
}

func TestPagerWithoutLog(t *testing.T) {
	p := New("s", NewBuffer(0), "")
	p.SetSize(40, 3)
	p, cmd := p.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("o")})
	if cmd != nil || !strings.Contains(p.View(), "no log for this step") {
		t.Errorf("cmd %v, view %q", cmd, p.View())
	}
}
