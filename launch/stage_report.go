package launch

import (
	"fmt"
	"strings"
	"time"

	"golive/runbook"
)

// ReportStage is one stage of a staged step: when it started and
// finished, its verdict (steady, breach, promoted, done, failed, or where
// it stood), the probe that breached, and the worst values each probe
// showed during its analysis.
type ReportStage struct {
	Stage      string             `json:"stage"`
	Index      int                `json:"index"`
	Started    *time.Time         `json:"started"`
	Finished   *time.Time         `json:"finished"`
	Verdict    string             `json:"verdict"`
	Breach     string             `json:"breach,omitempty"`
	Reason     string             `json:"reason,omitempty"`
	By         string             `json:"by,omitempty"`
	ExpectedMS *int64             `json:"expected_ms"`
	Probes     []ReportStageProbe `json:"probes"`
}

// ReportStageProbe is what one probe showed during a stage's analysis.
type ReportStageProbe struct {
	ID      string   `json:"id"`
	Samples int      `json:"samples"`
	Warn    int      `json:"warn"`
	Crit    int      `json:"crit"`
	Worst   string   `json:"worst"` // ok|warn|crit
	Max     *float64 `json:"max"`
}

func reportStages(it *Item) []ReportStage {
	var out []ReportStage
	for _, st := range it.Stages {
		r := ReportStage{Stage: st.Value, Index: st.Index, Started: timePtr(st.Started), Finished: timePtr(st.Finished),
			Verdict: string(st.Status), Breach: st.Breach, Reason: st.Reason, By: st.Who, Probes: []ReportStageProbe{}}
		if st.Status == StagePromoted && st.Breach == "" {
			// Promoted after a steady analysis, or without one.
			r.Verdict = "steady, promoted"
		}
		if st.Status == StagePromoted && st.Breach != "" {
			r.Verdict = "breach, promoted"
		}
		if st.Expected > 0 {
			v := st.Expected
			r.ExpectedMS = &v
		}
		for _, p := range st.Probes {
			rp := ReportStageProbe{ID: p.ID, Samples: p.Samples, Warn: p.Warn, Crit: p.Crit, Worst: string(p.Worst)}
			if p.HasMax {
				v := p.Max
				rp.Max = &v
			}
			r.Probes = append(r.Probes, rp)
		}
		out = append(out, r)
	}
	return out
}

// writeStagesMD writes the ladder of each staged step as a table.
func writeStagesMD(p func(string, ...any), r Report) {
	for _, s := range r.Steps {
		if len(s.Stages) == 0 {
			continue
		}
		p("\n### Stages of %s\n\n", md(s.ID))
		p("| Stage | Started | Finished | Verdict | Breach | Worst probe values |\n|---|---|---|---|---|---|\n")
		for _, st := range s.Stages {
			var worst []string
			for _, pr := range st.Probes {
				v := "-"
				if pr.Max != nil {
					v = formatValue(*pr.Max)
				}
				worst = append(worst, fmt.Sprintf("%s %s (max %s, %d/%d crit)", md(pr.ID), pr.Worst, v, pr.Crit, pr.Samples))
			}
			breach := ""
			if st.Breach != "" {
				breach = md(st.Breach) + ": " + md(st.Reason)
			}
			p("| %s | %s | %s | %s | %s | %s |\n", md(st.Stage), mdTime(st.Started), mdTime(st.Finished),
				md(st.Verdict), cell(breach), cell(strings.Join(worst, "; ")))
		}
	}
}

// StageKey is the Baselines key of stage value of step id.
func StageKey(id, value string) string { return BaselineKey(PhaseCutover, id+"@"+value) }

// stageDurations adds to m how long each stage of the staged steps of a
// completed launch took (its run and its analysis, up to its promotion),
// and, for each staged step, the time from its first stage's start to its
// last stage's end as the step's own duration.
func stageDurations(events []Event, m map[string]int64) {
	started := map[string]time.Time{} // stage key → start
	first := map[string]time.Time{}   // step id → its first stage's start
	cur := map[string]string{}        // step id → the stage key it is at
	for _, e := range events {
		switch b := e.Body.(type) {
		case StageStartedBody:
			k := StageKey(e.ID, b.Stage)
			started[k] = e.Time
			cur[e.ID] = k
			if _, ok := first[e.ID]; !ok {
				first[e.ID] = e.Time
			}
		case StepFinishedBody, StagePromotionBody:
			k, ok := cur[e.ID]
			if !ok || e.Phase != PhaseCutover {
				continue
			}
			m[k] = e.Time.Sub(started[k]).Milliseconds()
			if e.Type() == StepFinished {
				m[BaselineKey(PhaseCutover, e.ID)] = e.Time.Sub(first[e.ID]).Milliseconds()
			}
		}
	}
}

// writeLadderPlan writes the ladder of a staged step for `plan`: each
// stage with its analysis and, when the last run knew it, how long it
// took.
func writeLadderPlan(p func(string, ...any), rb *runbook.Runbook, s *runbook.Step, baselines map[string]int64) {
	if !s.Staged() {
		return
	}
	a := s.Analysis
	for i, v := range s.Stages {
		p("        stage %d: %s (GOLIVE_STAGE=%s)", i+1, plain(v), plain(v))
		switch {
		case i == len(s.Stages)-1:
			p(", then the monitor's soak")
		case a == nil:
			p(", then the next stage at once")
		default:
			p(", then analysis %s of %s, promote %s, on breach %s", a.Duration, strings.Join(rb.AnalysisProbes(s), ", "), a.Promote, s.OnBreach)
		}
		if ms := baselines[StageKey(s.ID, v)]; ms > 0 {
			p(" [expected %s]", fmtMS(ms))
		}
		p("\n")
	}
}

// stagesLeft lists, for `plan --remaining`, where a staged step stands on
// its ladder: the stages behind it and those still to apply.
func stagesLeft(it *Item) string {
	if len(it.Stages) == 0 {
		return ""
	}
	var parts []string
	for _, st := range it.Stages {
		parts = append(parts, plain(st.Value)+" "+string(st.Status))
	}
	return "\n      stages: " + strings.Join(parts, ", ")
}
