package ui

import (
	"golive/checks"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
)

const ladderRunbook = `[launch]
name = "ladder"
[[cutover]]
id = "shift"
stages = [5, 25, 50, 100]
run = "true"
analysis = { duration = "2m" }
[monitor]
duration = "1m"
[[monitor.probe]]
id = "errors"
run = "true"
`

// ladderEvents bring the step to its third stage, 48 seconds into its
// analysis, with a few samples of the errors probe.
func ladderEvents(at time.Time) []launch.Event {
	var evs []launch.Event
	add := func(e launch.Event) {
		e.Seq = int64(len(evs) + 1)
		if e.Time.IsZero() {
			e.Time = at
		}
		if e.Phase == "" {
			e.Phase = launch.PhaseCutover
		}
		evs = append(evs, e)
	}
	add(launch.Event{Phase: launch.PhasePreflight, Body: launch.LaunchStartedBody{}})
	for k, v := range []string{"5", "25", "50"} {
		stage := func(b launch.Body) launch.Event {
			return launch.Event{ID: "shift", Body: b}
		}
		add(stage(launch.StageStartedBody{Stage: v, StageIndex: k + 1}))
		add(launch.Event{ID: "shift", Body: launch.StepStartedBody{Attempt: k + 1}})
		add(launch.Event{ID: "shift", Body: launch.StepFinishedBody{Attempt: k + 1}})
		add(stage(launch.AnalysisStartedBody{DurationMS: (2 * time.Minute).Milliseconds(), Probes: "errors", Stage: v, StageIndex: k + 1}))
		if v == "50" {
			for _, x := range []float64{0, 1, 3} {
				val := x
				add(launch.Event{ID: "errors", Body: launch.ProbeSampleBody{Status: checks.Pass, Level: launch.LevelOK, Value: &val}})
			}
			break
		}
		add(stage(launch.AnalysisSteadyBody{Stage: v, StageIndex: k + 1}))
		add(stage(launch.StagePromotionBody{Who: "auto", Stage: v, StageIndex: k + 1}))
	}
	return evs
}

func TestLadderText(t *testing.T) {
	rb, err := runbook.Parse("ladder.toml", []byte(ladderRunbook), runbook.LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	st := launch.Fold(rb, ladderEvents(at))
	s := newStyles(lipgloss.DefaultRenderer())
	got := ansi.Strip(ladderText(s, st.Find(launch.PhaseCutover, "shift"), at.Add(48*time.Second)))
	if want := "5 ✓  25 ✓  50 ● 1:12 left  100 ○"; got != want {
		t.Fatalf("ladder %q, want %q", got, want)
	}
}

// TestLadderInTheCockpit draws the cockpit over a launch in its third
// stage: the row and the detail show the ladder, the detail each stage's
// verdict and the sparkline of the probe under analysis.
func TestLadderInTheCockpit(t *testing.T) {
	rb, err := runbook.Parse("ladder.toml", []byte(ladderRunbook), runbook.LoadOptions{Environ: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	m := NewModel(Options{Runbook: rb})
	m.Update(tea.WindowSizeMsg{Width: 140, Height: 40})
	evs := ladderEvents(time.Now())
	// The last rehearsal took 90s for stage 100.
	evs[0].Body = launch.LaunchStartedBody{Launch: &launch.LaunchInfo{Expected: map[string]int64{launch.StageKey("shift", "100"): 90000}}}
	for _, ev := range evs {
		m.Update(EventMsg{E: ev})
	}
	view := ansi.Strip(m.View())
	for _, want := range []string{"shift  5 ✓  25 ✓  50 ● ", "stages  5 ✓  25 ✓  50 ●", "5: steady, promoted by auto", "50: analysing", "100: pending, expected 1m30s", "errors", "▁"} {
		if !strings.Contains(view, want) {
			t.Errorf("the cockpit lacks %q:\n%s", want, view)
		}
	}
}
