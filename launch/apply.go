package launch

import (
	"fmt"
	"strings"
	"time"
)

// Apply folds one event into s. Applying the same events in the same order
// always yields the same State. Events of an unknown type only advance Seq,
// so a newer journal stays readable by an older golive.
//
// The fold trusts seq, not the order events arrive in: an event whose seq
// is not above the last one folded (a duplicate, or one out of order) is
// not folded but recorded in Disorder. Events without a seq (0) are folded
// as they come.
func (s *State) Apply(e Event) {
	if e.Seq != 0 && e.Seq <= s.Seq {
		s.Disorder = append(s.Disorder, fmt.Sprintf("seq %d (%s) after seq %d: not folded", e.Seq, e.Type, s.Seq))
		return
	}
	if e.Seq != 0 {
		s.Seq = e.Seq
	}
	if !e.Time.IsZero() {
		s.Last = e.Time
	}
	switch e.Type {
	case LaunchStarted:
		s.applyStarted(e)
	case LaunchResumed:
		s.Outcome = OutcomeInProgress
		s.Finished = time.Time{}
		if e.Who != "" {
			s.Launch.Driver = e.Who
		}
		s.Resumes = append(s.Resumes, NoteRec{At: e.Time, Who: e.Who, Text: e.Detail})
		// The driver's absence breaks every run of critical samples.
		for _, p := range s.Monitor.Probes {
			p.Consecutive = 0
		}
	case PhaseStarted:
		if e.Phase != "" {
			s.Phase = e.Phase
		}

	case CheckStarted, CheckAttempt, CheckFinished, CheckWaived:
		s.applyCheck(e)

	case GateOpened, Vote, Override, GateRefused, GateDecided, GateWaiting:
		s.applyGate(e)

	case StepWaiting, StepConfirmed, ItemTicked, ItemUnticked, StepStarted, StepSimulated,
		StepTimedOut, StepFinished, StepFailed, StepInterrupted, StepSkipped,
		BackgroundStopped:
		s.applyStep(e)

	case DecisionNeeded, Decision:
		s.applyDecision(e)

	case StageStarted, AnalysisStarted, AnalysisSteady, AnalysisBreach, StagePromotion:
		s.applyStage(e)
	case FleetUpdate, HostChanged:
		s.applyFleet(e)

	case SessionOpened, SessionClosed, DriverChanged:
		s.applyRoom(e)
	case HoldSet:
		s.Hold = e.Status == "on"
	case Note:
		s.Notes = append(s.Notes, NoteRec{At: e.Time, Who: e.Who, Text: e.Detail})

	case RollbackStarted:
		s.Rollback = true
		s.RollbackReason = e.Reason
		s.RollbackAuto = e.Auto
		s.RollbackBy = e.Who
		s.RollbackAt = e.Time
		s.RollbackStatus = ""
		s.Phase = PhaseRollback
	case RollbackFinished:
		s.RollbackStatus = e.Status

	case AfterRollbackStarted, AfterRollbackFinished:
		s.applyAfterRollback(e)

	case MonitorStarted, ProbeSample, RollbackRecommended, MonitorExtended, Verdict:
		s.applyMonitor(e)

	case NotifyFailed:
		s.Notifies = append(s.Notifies, NoteRec{At: e.Time, What: e.Detail, Text: e.Reason})
	case LaunchFinished:
		s.Outcome = Outcome(e.Status)
		if s.Outcome == "" {
			s.Outcome = OutcomeCompleted
		}
		s.Reason = e.Reason
		if e.Exit != nil {
			s.Exit = *e.Exit
		}
		s.Finished = e.Time
		if s.Outcome != OutcomeInterrupted {
			s.Phase = PhaseDone
			s.Decision, s.Pending = "", nil
		}
	}
}

func (s *State) applyStarted(e Event) {
	if e.Launch != nil {
		s.Launch = *e.Launch
		if e.Launch.Params != nil {
			s.Launch.Params = make(map[string]string, len(e.Launch.Params))
			for k, v := range e.Launch.Params {
				s.Launch.Params[k] = v
			}
		}
		if e.Launch.Expected != nil {
			s.Launch.Expected = make(map[string]int64, len(e.Launch.Expected))
			for k, v := range e.Launch.Expected {
				s.Launch.Expected[k] = v
			}
			for _, it := range s.Items {
				if ms, ok := e.Launch.Expected[BaselineKey(it.Phase, it.ID)]; ok {
					it.ExpectedMS = ms
				}
				for i := range it.Stages {
					it.Stages[i].Expected = e.Launch.Expected[StageKey(it.ID, it.Stages[i].Value)]
				}
			}
		}
	}
	s.Started = e.Time
	s.Outcome = OutcomeInProgress
	if e.Phase != "" {
		s.Phase = e.Phase
	}
}

func statusOfCheck(st string) ItemStatus {
	switch st {
	case "pass":
		return StatusPassed
	case "fail":
		return StatusFailed
	case "error":
		return StatusError
	}
	return StatusError
}

func (s *State) applyCheck(e Event) {
	if e.Type == CheckWaived {
		it := s.findAny(e.Phase, e.ID)
		if it == nil {
			it = s.ensure(PhasePreflight, e.ID)
		}
		it.Status = StatusWaived
		it.Waiver = &NoteRec{At: e.Time, Who: e.Who, OSUser: e.OSUser, Text: e.Reason}
		it.Who = e.Who
		s.Gate.conditionsChanged()
		return
	}
	if e.Type == CheckStarted && e.Who != "" && s.Phase == PhaseGate {
		// An operator re-ran the check at the gate: its result is news
		// the earlier GO votes did not see.
		s.Gate.conditionsChanged()
	}
	p := e.Phase
	if p == "" {
		p = PhasePreflight
	}
	it := s.ensure(p, e.ID)
	switch e.Type {
	case CheckStarted:
		it.Status = StatusRunning
		it.Attempt = 0
		if e.Attempts > 0 {
			it.Attempts = e.Attempts
		}
		it.Started = e.Time
		if it.FirstStarted.IsZero() {
			it.FirstStarted = e.Time
		}
		it.Finished = time.Time{}
		it.Reason = ""
		it.Evidence = ""
		it.Exit = nil
		it.Value = nil
		it.DurationMS = 0
		it.Waiver = nil
	case CheckAttempt:
		it.Attempt = e.Attempt
		if e.Attempts > 0 {
			it.Attempts = e.Attempts
		}
		it.Reason = e.Reason
		if it.Status != StatusRunning && it.Status != StatusWaived {
			it.Status = StatusRunning
		}
	case CheckFinished:
		it.Status = statusOfCheck(e.Status)
		if e.Attempt > 0 {
			it.Attempt = e.Attempt
		} else if e.Attempts > 0 && it.Attempt == 0 {
			it.Attempt = e.Attempts
		}
		if e.Attempts > it.Attempts {
			it.Attempts = e.Attempts
		}
		it.Reason = e.Reason
		it.Evidence = e.Detail
		it.Exit = copyInt(e.Exit)
		it.Value = copyFloat(e.Value)
		it.DurationMS = e.DurationMS
		it.Finished = e.Time
		if it.Started.IsZero() {
			it.Started = e.Time.Add(-time.Duration(e.DurationMS) * time.Millisecond)
			it.FirstStarted = it.Started
		}
	}
}

func (s *State) applyGate(e Event) {
	g := &s.Gate
	switch e.Type {
	case GateOpened:
		g.Open = true
		g.OpenedAt = e.Time
		if e.Detail != "" {
			g.Prompt = e.Detail
		}
		g.Timeout = time.Duration(e.DurationMS) * time.Millisecond
		g.Decision = ""
		g.Reason = ""
		s.Phase = PhaseGate
	case Vote:
		g.applyVote(e)
	case Override:
		g.Overrides = append(g.Overrides, NoteRec{At: e.Time, Who: e.Who, OSUser: e.OSUser, What: e.Detail, Text: e.Reason})
		g.Refusal = "" // the window's refusal no longer holds
		g.conditionsChanged()
	case GateRefused:
		g.Refusal = e.Reason
		if e.Status == refusedSpent {
			g.conditionsChanged()
		}
	case GateWaiting:
		g.Unmet = nil
		if e.Detail != "" {
			g.Unmet = strings.Split(e.Detail, "\n")
		}
	case GateDecided:
		g.Open = false
		g.Decision = GateDecision(e.Status)
		g.Reason = e.Reason
		g.DecidedBy = e.Who
		g.DecidedAt = e.Time
		g.DecidedAuto = e.Auto
	}
}

func (s *State) applyStep(e Event) {
	p := e.Phase
	if p == "" {
		p = PhaseCutover
	}
	it := s.ensure(p, e.ID)
	switch e.Type {
	case StepWaiting:
		it.Status = StatusWaiting
		it.Waiting = e.Detail
		if it.Asked.IsZero() && e.Detail == "manual" {
			it.Asked = e.Time
		}
		if e.Detail == "decision" {
			s.Decision = e.ID
		}
	case StepConfirmed:
		it.Waiting = ""
		it.Decide = ""
		if it.Status == StatusWaiting {
			it.Status = StatusPending
		}
		it.Who = whoOf(e)
	case ItemTicked:
		i := e.TickedItem() - 1
		if i < 0 || i >= 1<<16 {
			return
		}
		for len(it.Ticked) <= i {
			it.Ticked = append(it.Ticked, "")
		}
		for len(it.Manual) <= i {
			it.Manual = append(it.Manual, "")
		}
		if it.Manual[i] == "" {
			it.Manual[i] = e.Detail
		}
		it.Ticked[i] = whoOf(e)
	case ItemUnticked:
		if i := e.Attempt - 1; i >= 0 && i < len(it.Ticked) {
			it.Ticked[i] = ""
		}
	case StepStarted:
		it.Status = StatusRunning
		it.Waiting = ""
		if e.Attempt > 0 {
			it.Attempt = e.Attempt
		} else {
			it.Attempt++
		}
		if e.Detail != "" {
			it.Command = e.Detail
		}
		it.Started = e.Time
		if it.FirstStarted.IsZero() {
			it.FirstStarted = e.Time
		}
		it.Finished = time.Time{}
		it.Exit = nil
		it.Reason = ""
		it.DurationMS = 0
		it.TimedOut = false
		it.Succeeded = false
		if st := it.CurrentStage(); st != nil && p == PhaseCutover {
			st.Status = StageRunning
		}
		s.clearDecision(e.ID)
	case StepSimulated:
		it.Status = StatusSimulated
		it.Waiting = ""
		it.Reason = "simulated: rehearse = false"
		if it.Started.IsZero() {
			it.Started = e.Time
			it.FirstStarted = e.Time
		}
		it.Finished = e.Time
	case StepTimedOut:
		it.TimedOut = true
		it.Reason = "timed out after " + fmtMS(e.DurationMS)
	case StepFinished:
		it.Status = StatusDone
		it.Waiting = ""
		it.Succeeded = true
		it.finish(e)
		it.Reason = e.Reason
		stageRunEnded(it, e)
		if p == PhaseRollback {
			if src := s.Find(PhaseCutover, e.ID); src != nil {
				src.Status = StatusRolledBack
			}
		}
	case StepFailed:
		it.Status = StatusFailed
		it.finish(e)
		it.Reason = e.Reason
		stageRunEnded(it, e)
	case StepInterrupted:
		it.Status = StatusInterrupted
		it.Reason = e.Reason
		if it.Reason == "" {
			it.Reason = "outcome unknown: it was running when the driver stopped"
		}
	case StepSkipped:
		it.Status = StatusSkipped
		it.Waiting = ""
		it.Reason = e.Reason
		it.Who = e.Who
		if it.Finished.IsZero() {
			it.Finished = e.Time
		}
		s.clearDecision(e.ID)
	case BackgroundStopped:
		it.Stopped = e.Detail
	}
}

func (it *Item) finish(e Event) {
	if e.Attempt > 0 {
		it.Attempt = e.Attempt
	}
	if it.Attempt == 0 {
		it.Attempt = 1
	}
	it.Exit = copyInt(e.Exit)
	it.DurationMS = e.DurationMS
	it.Finished = e.Time
	if it.Started.IsZero() {
		it.Started = e.Time.Add(-time.Duration(e.DurationMS) * time.Millisecond)
		if e.DurationMS == 0 && !it.Asked.IsZero() {
			// A checklist step: it ran from when it was put to the operator.
			it.Started = it.Asked
		}
		it.FirstStarted = it.Started
	}
}

// whoOf names who did something: the person, or "auto" for --yes.
func whoOf(e Event) string {
	if e.Who != "" {
		return e.Who
	}
	if e.Auto {
		return "auto"
	}
	return "?"
}

// decisionItem is the item a decision is about. Decisions in the monitor
// phase are about a probe (a recommended rollback), which is not an item.
func (s *State) decisionItem(e Event) *Item {
	if e.ID == "" || e.Phase == PhaseMonitor {
		return nil
	}
	return s.findAny(e.Phase, e.ID)
}

func (s *State) applyDecision(e Event) {
	switch e.Type {
	case DecisionNeeded:
		s.Decision = e.ID
		s.Pending = &Pending{Phase: e.Phase, ID: e.ID, Kind: DecisionKind(e.Detail), Reason: e.Reason}
		it := s.decisionItem(e)
		if it == nil {
			return
		}
		it.Waiting = "decision"
		it.Decide = DecisionKind(e.Detail)
		if it.Status == StatusPending {
			it.Status = StatusWaiting
		}
		if e.Reason != "" {
			it.Reason = e.Reason
		}
	case Decision:
		s.Decisions = append(s.Decisions, DecisionRec{At: e.Time, Phase: e.Phase, ID: e.ID,
			Action: Action(e.Status), Reason: e.Reason, Who: e.Who, Auto: e.Auto})
		s.clearDecision(e.ID)
		it := s.decisionItem(e)
		if it == nil {
			return
		}
		it.Waiting = ""
		it.Decide = ""
		if it.Status == StatusWaiting {
			it.Status = StatusPending
		}
		it.applyFleetDecision(Action(e.Status))
		switch e.Status {
		case "mark_done":
			it.Status = StatusDone
			it.Who = whoOf(e)
			it.Reason = "marked done"
			if e.Reason != "" {
				it.Reason += ": " + e.Reason
			}
		case "skip":
			it.Status = StatusSkipped
			it.Who = whoOf(e)
			it.Reason = e.Reason
		}
	}
}

func (s *State) applyMonitor(e Event) {
	m := &s.Monitor
	switch e.Type {
	case MonitorStarted:
		m.Started = e.Time
		if e.DurationMS > 0 {
			m.Duration = time.Duration(e.DurationMS) * time.Millisecond
		}
		m.Extended = 0
		s.Phase = PhaseMonitor
	case ProbeSample:
		if e.Phase == PhaseRollback {
			s.AfterRollback.sample(e) // afterrollback.go: the old system's samples
			return
		}
		s.applySample(e)
	case RollbackRecommended:
		m.Recommended = e.ID
		if e.Reason != "" {
			m.Recommended += ": " + e.Reason
		}
	case MonitorExtended:
		d := time.Duration(e.DurationMS) * time.Millisecond
		m.Duration += d
		m.Extended += d
	case Verdict:
		m.Verdict = VerdictKind(e.Status)
		m.Reason = e.Reason
		m.VerdictBy = e.Who
		m.VerdictAt = e.Time
	}
}

// levelOf is a sample's level; a sample without one is judged by its
// status, a failed expect counting as critical.
func levelOf(e Event) string {
	switch Level(e.Level) {
	case LevelOK, LevelWarn, LevelCrit:
		return e.Level
	}
	if e.Status == "pass" {
		return string(LevelOK)
	}
	return string(LevelCrit)
}

func (s *State) applySample(e Event) {
	p := s.probe(e.ID)
	lvl := levelOf(e)
	p.Samples++
	switch Level(lvl) {
	case LevelWarn:
		p.Warn++
		p.Consecutive = 0
	case LevelCrit:
		p.Crit++
		p.Consecutive++
	default:
		p.Consecutive = 0
	}
	if e.Value != nil {
		p.Last = copyFloat(e.Value)
	}
	p.LastStatus = e.Status
	p.LastLevel = lvl
	p.LastReason = e.Reason
	p.LastAt = e.Time
	p.LastLatencyMS = e.DurationMS
	// The chart needs a number for every sample: the measured value, else
	// the response time.
	v := float64(e.DurationMS)
	if e.Value != nil {
		v = *e.Value
	}
	if len(p.History) >= HistoryLen {
		n := len(p.History) - HistoryLen + 1
		p.History = append(p.History[:0], p.History[n:]...)
		p.Levels = append(p.Levels[:0], p.Levels[n:]...)
		p.Times = append(p.Times[:0], p.Times[n:]...)
	}
	p.History = append(p.History, v)
	p.Levels = append(p.Levels, lvl)
	p.Times = append(p.Times, e.Time)
	s.stageSample(e, Level(lvl))
}

// fmtMS formats milliseconds the way an operator reads them: 2.1s, 850ms,
// 4m05s.
func fmtMS(ms int64) string {
	d := time.Duration(ms) * time.Millisecond
	switch {
	case ms < 0:
		return "0s"
	case d < time.Second:
		return fmt.Sprintf("%dms", ms)
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Hour:
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// clearDecision ends the wait for a decision about id.
func (s *State) clearDecision(id string) {
	if s.Decision == id {
		s.Decision, s.Pending = "", nil
	}
}
