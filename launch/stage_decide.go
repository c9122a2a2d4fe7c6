package launch

import "golive/runbook"

// stageDo is what a staged step does next, as read from the fold.
type stageDo int

// What a staged step can do next.
const (
	stageApply      stageDo = iota // run the step for the stage (again)
	stageAnalyze                   // watch the probes after the stage
	stagePromote                   // go on to the next stage (promote = "auto", or no analysis)
	stageAskPromote                // promote = "ask": wait for the driver
	stageRollback                  // a breach under on_breach = "rollback": roll back
	stageAskBreach                 // a breach under on_breach = "ask": wait for the driver
	stageFinished                  // the last stage is applied: the step is done
)

// stagePoint is the next move of a staged step: what to do, at which stage
// (from 1).
type stagePoint struct {
	index int
	do    stageDo
}

// nextStage reads from the fold what staged step s does next. A live
// launch and a resumed one decide alike: a stage whose run was
// interrupted, or that was being analysed when the driver stopped, is
// applied again (stage commands are idempotent), once the interrupted
// step's decision said so; a stage that ended its analysis goes on to its
// promotion or its breach's policy.
func nextStage(st *State, s *runbook.Step) stagePoint {
	it := st.Find(PhaseCutover, s.ID)
	if it == nil || it.StageAt < 1 || it.StageAt > len(s.Stages) {
		return stagePoint{1, stageApply}
	}
	k := it.StageAt
	if it.Status == StatusInterrupted {
		return stagePoint{k, stageApply}
	}
	cur := it.Stages[k-1]
	switch cur.Status {
	case StageApplied, StageAnalyzing:
		if s.Analysis == nil {
			return stagePoint{k, stagePromote}
		}
		return stagePoint{k, stageAnalyze}
	case StageSteady:
		if s.Analysis != nil && s.Analysis.Promote == runbook.PromoteAsk {
			return stagePoint{k, stageAskPromote}
		}
		return stagePoint{k, stagePromote}
	case StageBreached:
		if s.OnBreach == runbook.OnAsk {
			return stagePoint{k, stageAskBreach}
		}
		return stagePoint{k, stageRollback}
	case StagePromoted:
		if k >= len(s.Stages) {
			return stagePoint{k, stageFinished}
		}
		return stagePoint{k + 1, stageApply}
	case StageDone:
		return stagePoint{k, stageFinished}
	}
	return stagePoint{k, stageApply}
}

// betweenStages reports whether staged item it is between two stages:
// its analysis ended and nothing of it runs, so a driver that stops there
// leaves no outcome unknown.
func betweenStages(it *Item) bool {
	cur := it.CurrentStage()
	if cur == nil {
		return false
	}
	switch cur.Status {
	case StageSteady, StageBreached, StagePromoted:
		return true
	}
	return false
}

// midStages reports whether staged item it has applied some stages and
// not its last: it changed things a rollback must undo even though it is
// not done.
func midStages(it *Item) bool {
	return len(it.Stages) > 0 && it.StageAt > 0 && (it.Status == StatusRunning || it.Status == StatusInterrupted || it.Status == StatusWaiting)
}
