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
	index, value, ok := stageOf(e.Body)
	if !ok {
		return
	}
	it := s.ensure(p, e.ID)
	st := it.stageOf(index, value)
	if st == nil {
		return
	}
	switch b := e.Body.(type) {
	case StageStartedBody:
		it.StageAt = b.StageIndex
		st.Status = StageRunning
		st.Started = e.Time
		st.Finished = time.Time{}
		st.Runs++
		st.AnalysisStarted, st.Analysis = time.Time{}, 0
		st.Probes, st.Breach, st.Reason, st.Who = nil, "", "", ""
	case AnalysisStartedBody:
		st.Status = StageAnalyzing
		st.AnalysisStarted = e.Time
		st.Analysis = time.Duration(b.DurationMS) * time.Millisecond
		st.Probes = nil
		for _, id := range strings.Split(b.Probes, ",") {
			if id = strings.TrimSpace(id); id != "" {
				st.Probes = append(st.Probes, StageProbe{ID: id, Worst: LevelOK})
				// Each analysis judges its own samples: a run of critical
				// samples never carries over from before the stage.
				s.probe(id).Consecutive = 0
			}
		}
	case AnalysisSteadyBody:
		st.Status = StageSteady
		st.Reason = b.Reason
		st.Finished = e.Time
		s.resetRuns(st)
	case AnalysisBreachBody:
		st.Status = StageBreached
		st.Breach = b.Probe
		st.Reason = b.Reason
		st.Finished = e.Time
	case StagePromotionBody:
		st.Status = StagePromoted
		st.Who = whoOf(b.Who, b.Auto)
		if st.Finished.IsZero() {
			st.Finished = e.Time
		}
		s.resetRuns(st)
	}
}

// stageOf is the stage (its place in the ladder and its value) a stage
// event is about.
func stageOf(b Body) (index int, value string, ok bool) {
	switch b := b.(type) {
	case StageStartedBody:
		return b.StageIndex, b.Stage, true
	case AnalysisStartedBody:
		return b.StageIndex, b.Stage, true
	case AnalysisSteadyBody:
		return b.StageIndex, b.Stage, true
	case AnalysisBreachBody:
		return b.StageIndex, b.Stage, true
	case StagePromotionBody:
		return b.StageIndex, b.Stage, true
	}
	return 0, "", false
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
func stageRunEnded(it *Item, at time.Time, failed bool, reason string) {
	st := it.CurrentStage()
	if st == nil || st.Status != StageRunning || it.Phase != PhaseCutover {
		return
	}
	if failed {
		st.Status = StageFailed
		st.Reason = reason
		st.Finished = at
		return
	}
	if it.StageAt == len(it.Stages) {
		st.Status = StageDone
		st.Finished = at
		// The step took all of its stages, analyses included, which is
		// also what its baseline measures.
		if first := it.Stages[0].Started; !first.IsZero() {
			it.DurationMS = at.Sub(first).Milliseconds()
		}
		return
	}
	st.Status = StageApplied
	it.Status = StatusRunning
}

// stageSample folds a probe sample taken during an analysis into the
// analysing stage's record of that probe.
func (s *State) stageSample(e Event, lvl Level, value *float64) {
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
			if value != nil && (!sp.HasMax || *value > sp.Max) {
				sp.Max, sp.HasMax = *value, true
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
