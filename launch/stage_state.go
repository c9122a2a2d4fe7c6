package launch

import (
	"strings"
	"time"
)

// StageStatus is where one stage of a staged step stands.
type StageStatus string

// The stage statuses, in the order a stage goes through them.
const (
	StagePending   StageStatus = "pending"   // not started yet
	StageRunning   StageStatus = "running"   // the step's run for this stage is running (or waits to)
	StageFailed    StageStatus = "failed"    // the run for this stage failed
	StageApplied   StageStatus = "applied"   // the run succeeded; the analysis is next
	StageAnalyzing StageStatus = "analyzing" // the probes are being watched
	StageSteady    StageStatus = "steady"    // the analysis ended without a breach
	StageBreached  StageStatus = "breach"    // a probe breached during the analysis
	StagePromoted  StageStatus = "promoted"  // the launch went on to the next stage
	StageDone      StageStatus = "done"      // the last stage was applied
)

// StageState is one stage of a staged step, as the fold knows it.
type StageState struct {
	Value    string // GOLIVE_STAGE
	Index    int    // GOLIVE_STAGE_INDEX, from 1
	Status   StageStatus
	Started  time.Time // the stage's start (its latest start, when re-applied)
	Finished time.Time // its run's end (last stage), its verdict, or its failure
	Runs     int       // how many times its run started

	AnalysisStarted time.Time
	Analysis        time.Duration // the analysis's planned length
	Probes          []StageProbe  // what each watched probe did during the analysis
	Breach          string        // the probe that breached
	Reason          string        // why it is steady, breached or failed
	Who             string        // who promoted it ("auto" for promote = "auto" or --yes)
	Expected        int64         // ms the stage took in the last rehearsal or launch; 0 = unknown
}

// StageProbe is what one probe did during a stage's analysis.
type StageProbe struct {
	ID      string
	Samples int
	Warn    int
	Crit    int
	Worst   Level   // the worst level seen
	Max     float64 // the largest value seen (valid when Samples > 0 and HasMax)
	HasMax  bool
}

// AnalysisLeft is how much of the stage's analysis is left at now.
func (st *StageState) AnalysisLeft(now time.Time) time.Duration {
	if st.Status != StageAnalyzing || st.AnalysisStarted.IsZero() {
		return 0
	}
	return max(st.AnalysisStarted.Add(st.Analysis).Sub(now), 0)
}

// CurrentStage returns the stage the step is at (the latest started), or
// nil when none has started.
func (it *Item) CurrentStage() *StageState {
	if it.StageAt < 1 || it.StageAt > len(it.Stages) {
		return nil
	}
	return &it.Stages[it.StageAt-1]
}

// stageOf returns stage i (1-based) of it, growing the ladder for a
// journal read without its runbook.
func (it *Item) stageOf(i int, value string) *StageState {
	if i < 1 || i > 1<<12 {
		return nil
	}
	for len(it.Stages) < i {
		n := len(it.Stages) + 1
		it.Stages = append(it.Stages, StageState{Index: n, Status: StagePending})
	}
	st := &it.Stages[i-1]
	if value != "" {
		st.Value = value
	}
	return st
}

// applyStage folds the events of a staged step's ladder.
func (s *State) applyStage(e Event) {
	p := e.Phase
	if p == "" {
		p = PhaseCutover
	}
	it := s.ensure(p, e.ID)
	st := it.stageOf(e.StageIndex, e.Stage)
	if st == nil {
		return
	}
	switch e.Type {
	case StageStarted:
		it.StageAt = e.StageIndex
		st.Status = StageRunning
		st.Started = e.Time
		st.Finished = time.Time{}
		st.Runs++
		st.AnalysisStarted, st.Analysis = time.Time{}, 0
		st.Probes, st.Breach, st.Reason, st.Who = nil, "", "", ""
	case AnalysisStarted:
		st.Status = StageAnalyzing
		st.AnalysisStarted = e.Time
		st.Analysis = time.Duration(e.DurationMS) * time.Millisecond
		st.Probes = nil
		for _, id := range strings.Split(e.Detail, ",") {
			if id = strings.TrimSpace(id); id != "" {
				st.Probes = append(st.Probes, StageProbe{ID: id, Worst: LevelOK})
				// Each analysis judges its own samples: a run of critical
				// samples never carries over from before the stage.
				s.probe(id).Consecutive = 0
			}
		}
	case AnalysisSteady:
		st.Status = StageSteady
		st.Reason = e.Reason
		st.Finished = e.Time
		s.resetRuns(st)
	case AnalysisBreach:
		st.Status = StageBreached
		st.Breach = e.Detail
		st.Reason = e.Reason
		st.Finished = e.Time
	case StagePromotion:
		st.Status = StagePromoted
		st.Who = whoOf(e)
		if st.Finished.IsZero() {
			st.Finished = e.Time
		}
		s.resetRuns(st)
	}
}

// resetRuns ends the runs of critical samples of the probes a stage
// watched, so the next analysis (or the soak) starts afresh.
func (s *State) resetRuns(st *StageState) {
	for _, sp := range st.Probes {
		if p := s.Probe(sp.ID); p != nil {
			p.Consecutive = 0
		}
	}
}

// stageRunEnded folds the end of a staged step's run into its current
// stage. The step as a whole stays running until its last stage is
// applied: between stages it is analysing, not done.
func stageRunEnded(it *Item, e Event) {
	st := it.CurrentStage()
	if st == nil || st.Status != StageRunning || it.Phase != PhaseCutover {
		return
	}
	if e.Type == StepFailed {
		st.Status = StageFailed
		st.Reason = e.Reason
		st.Finished = e.Time
		return
	}
	if it.StageAt == len(it.Stages) {
		st.Status = StageDone
		st.Finished = e.Time
		// The step took all of its stages, analyses included, which is
		// also what its baseline measures.
		if first := it.Stages[0].Started; !first.IsZero() {
			it.DurationMS = e.Time.Sub(first).Milliseconds()
		}
		return
	}
	st.Status = StageApplied
	it.Status = StatusRunning
}

// stageSample folds a probe sample taken during an analysis into the
// analysing stage's record of that probe.
func (s *State) stageSample(e Event, lvl Level) {
	if e.Phase != PhaseCutover {
		return
	}
	for _, it := range s.Items {
		st := it.CurrentStage()
		if it.Phase != PhaseCutover || st == nil || st.Status != StageAnalyzing {
			continue
		}
		for i := range st.Probes {
			sp := &st.Probes[i]
			if sp.ID != e.ID {
				continue
			}
			sp.Samples++
			switch lvl {
			case LevelWarn:
				sp.Warn++
			case LevelCrit:
				sp.Crit++
			}
			if levelRank(lvl) > levelRank(sp.Worst) {
				sp.Worst = lvl
			}
			if e.Value != nil && (!sp.HasMax || *e.Value > sp.Max) {
				sp.Max, sp.HasMax = *e.Value, true
			}
		}
		return
	}
}

func levelRank(l Level) int {
	switch l {
	case LevelWarn:
		return 1
	case LevelCrit:
		return 2
	}
	return 0
}

// cloneStages copies a ladder so a snapshot shares nothing with the fold.
func cloneStages(in []StageState) []StageState {
	if in == nil {
		return nil
	}
	out := make([]StageState, len(in))
	for i, st := range in {
		out[i] = st
		out[i].Probes = append([]StageProbe(nil), st.Probes...)
	}
	return out
}
