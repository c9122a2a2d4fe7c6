package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// stageMark is the mark of one stage and the severity it is drawn with;
// like item glyphs, every state has its own shape for NO_COLOR.
func stageMark(st launch.StageStatus) (string, string) {
	switch st {
	case launch.StageRunning, launch.StageApplied, launch.StageAnalyzing:
		return "●", "accent"
	case launch.StageSteady, launch.StagePromoted, launch.StageDone:
		return "✓", "ok"
	case launch.StageBreached, launch.StageFailed:
		return "✗", "crit"
	}
	return "○", ""
}

// ladderText draws a staged step's ladder on one line, e.g.
// "5 ✓  25 ✓  50 ● 1:12 left  100 ○": each stage's value and mark, and
// the time left of the analysis under way.
func ladderText(s styles, it *launch.Item, now time.Time) string {
	if len(it.Stages) == 0 {
		return ""
	}
	parts := make([]string, 0, len(it.Stages))
	for i := range it.Stages {
		st := &it.Stages[i]
		mark, level := stageMark(st.Status)
		switch level {
		case "accent":
			mark = s.accent.Render(mark)
		case "":
			mark = s.dim.Render(mark)
		default:
			mark = s.level(level).Render(mark)
		}
		p := clean(st.Value) + " " + mark
		if st.Status == launch.StageAnalyzing {
			p += " " + fmtLeft(st.AnalysisLeft(now)) + " left"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "  ")
}

// stageLines are the detail of a staged step: its ladder, each stage's
// verdict, and, while a stage is being analysed, a sparkline of every
// probe it watches.
func stageLines(f frame, it *launch.Item, w int) []string {
	if len(it.Stages) == 0 {
		return nil
	}
	s, st, now := f.s, f.st, f.now
	lines := []string{"stages  " + ladderText(s, it, now)}
	for i := range it.Stages {
		sg := &it.Stages[i]
		if sg.Status == launch.StagePending && sg.Expected == 0 {
			continue
		}
		row := fmt.Sprintf("  %s: %s", clean(sg.Value), stageVerdict(sg))
		if sg.Expected > 0 {
			// The last rehearsal's time for this stage, run and analysis.
			row += ", expected " + fmtDur(time.Duration(sg.Expected)*time.Millisecond)
		}
		if sg.Status == launch.StageBreached || sg.Status == launch.StageFailed {
			lines = append(lines, s.crit.Render(trunc(row, w)))
			continue
		}
		lines = append(lines, s.dim.Render(trunc(row, w)))
	}
	cur := it.CurrentStage()
	if cur == nil || cur.Status != launch.StageAnalyzing {
		return lines
	}
	for _, sp := range cur.Probes {
		p := st.Probe(sp.ID)
		if p == nil {
			continue
		}
		n := min(len(p.History), sp.Samples)
		label := fmt.Sprintf("  %-10s ", trunc(clean(sp.ID), 10))
		width := max(w-len(label)-12, 4)
		from := len(p.History) - n
		spark := s.sparkline(p.History[from:], p.Levels[from:], width)
		last := "-"
		if p.Last != nil {
			last = fmtValue(*p.Last, probeUnit(f.rb, p.ID))
		}
		lines = append(lines, label+spark+" "+s.level(p.LastLevel).Render(trunc(last, 10)))
	}
	return lines
}

// stageVerdict says in words where a stage stands.
func stageVerdict(sg *launch.StageState) string {
	switch sg.Status {
	case launch.StageRunning:
		return "applying"
	case launch.StageApplied:
		return "applied"
	case launch.StageAnalyzing:
		return "analysing"
	case launch.StageSteady:
		return "steady: " + clean(sg.Reason)
	case launch.StageBreached:
		return "breach " + clean(sg.Breach) + ": " + clean(sg.Reason)
	case launch.StagePromoted:
		if sg.Breach != "" {
			return "promoted despite a breach of " + clean(sg.Breach) + " by " + clean(sg.Who)
		}
		return "steady, promoted by " + clean(sg.Who)
	case launch.StageDone:
		return "applied (last stage)"
	case launch.StageFailed:
		return "failed: " + clean(sg.Reason)
	}
	return string(sg.Status)
}

// stageMenuKey handles the keys of a stage's question: Enter promotes to
// the next stage (asking first after a breach), b rolls back.
func (v *stepsScreen) stageMenuKey(f frame, k tea.KeyMsg, it *launch.Item, decide func(launch.Action, string)) (bool, tea.Cmd) {
	sk := v.keys
	switch {
	case key.Matches(k, sk.Promote) && menuKind(it) == menuBreach:
		f.modals.askYesNo("A probe breached: promote to the next stage anyway?", func() tea.Cmd { decide(launch.ActPromote, ""); return nil })
	case key.Matches(k, sk.Promote):
		decide(launch.ActPromote, "")
	case key.Matches(k, sk.Back):
		f.modals.askYesNo("Roll back the completed steps?", func() tea.Cmd { decide(launch.ActRollback, ""); return nil })
	default:
		return false, nil
	}
	return true, nil
}

// stageMenuView draws a stage's question.
func stageMenuView(s styles, it *launch.Item, canAct bool) string {
	cur := it.CurrentStage()
	keys := func(k string) string {
		if !canAct {
			return ""
		}
		return "\n" + s.bold.Render(k)
	}
	val := "?"
	if cur != nil {
		val = clean(cur.Value)
	}
	if menuKind(it) == menuBreach {
		why := ""
		if cur != nil {
			why = clean(cur.Breach) + ": " + clean(cur.Reason)
		}
		return s.crit.Render("Stage "+val+" breached") + "\n" + why + keys("[b] roll back  [enter] promote anyway")
	}
	return s.ok.Render("Stage "+val+" is steady") + keys("[enter] promote to the next stage  [b] roll back")
}

// fmtLeft writes the time left of an analysis as M:SS, e.g. "1:12".
func fmtLeft(d time.Duration) string {
	sec := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}
