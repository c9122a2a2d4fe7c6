package launch

import (
	"fmt"
	"time"

	"golive/checks"
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
		s.Disorder = append(s.Disorder, fmt.Sprintf("seq %d (%s) after seq %d: not folded", e.Seq, e.Type(), s.Seq))
		return
	}
	if e.Seq != 0 {
		s.Seq = e.Seq
	}
	if !e.Time.IsZero() {
		s.Last = e.Time
	}
	switch b := e.Body.(type) {
	case LaunchStartedBody:
		s.applyStarted(e, b)
	case LaunchResumedBody:
		s.Outcome = OutcomeInProgress
		s.Finished = time.Time{}
		if b.Who != "" {
			s.Launch.Driver = b.Who
		}
		s.Resumes = append(s.Resumes, NoteRec{At: e.Time, Who: b.Who, Text: b.Process})
		// The driver's absence breaks every run of critical samples.
		for _, p := range s.Monitor.Probes {
			p.Consecutive = 0
		}
	case PhaseStartedBody:
		if e.Phase != "" {
			s.Phase = e.Phase
		}

	case CheckStartedBody, CheckAttemptBody, CheckFinishedBody, CheckWaivedBody:
		s.applyCheck(e)

	case GateOpenedBody, VoteBody, OverrideBody, GateRefusedBody, GateDecidedBody, GateWaitingBody:
		s.applyGate(e)

	case StepWaitingBody, StepConfirmedBody, ItemTickedBody, ItemUntickedBody, StepStartedBody, StepSimulatedBody,
		StepTimedOutBody, StepFinishedBody, StepFailedBody, StepInterruptedBody, StepSkippedBody,
		BackgroundStoppedBody:
		s.applyStep(e)

	case DecisionNeededBody, DecisionBody:
		s.applyDecision(e)

	case StageStartedBody, AnalysisStartedBody, AnalysisSteadyBody, AnalysisBreachBody, StagePromotionBody:
		s.applyStage(e)
	case FleetUpdateBody, HostChangedBody:
		s.applyFleet(e)

	case SessionOpenedBody, SessionClosedBody, DriverChangedBody:
		s.applyRoom(e)
	case HoldSetBody:
		s.Hold = b.On
	case NoteBody:
		s.Notes = append(s.Notes, NoteRec{At: e.Time, Who: b.Who, Text: b.Text})

	case RollbackStartedBody:
		s.Rollback = true
		s.RollbackReason = b.Reason
		s.RollbackAuto = b.Auto
		s.RollbackBy = b.Who
		s.RollbackAt = e.Time
		s.RollbackStatus = ""
		s.Phase = PhaseRollback
	case RollbackFinishedBody:
		s.RollbackStatus = b.Result

	case AfterRollbackStartedBody, AfterRollbackFinishedBody:
		s.applyAfterRollback(e)

	case MonitorStartedBody, ProbeSampleBody, RollbackRecommendedBody, MonitorExtendedBody, VerdictBody:
		s.applyMonitor(e)

	case NotifyFailedBody:
		s.Notifies = append(s.Notifies, NoteRec{At: e.Time, What: b.Target, Text: b.Reason})
	case LaunchFinishedBody:
		s.Outcome = b.Outcome
		if s.Outcome == "" {
			s.Outcome = OutcomeCompleted
		}
		s.Reason = b.Reason
		if b.Exit != nil {
			s.Exit = *b.Exit
		}
		s.Finished = e.Time
		if s.Outcome != OutcomeInterrupted {
			s.Phase = PhaseDone
			s.Decision, s.Pending = "", nil
		}
	}
}

func (s *State) applyStarted(e Event, b LaunchStartedBody) {
	if l := b.Launch; l != nil {
		s.Launch = *l
		if l.Params != nil {
			s.Launch.Params = make(map[string]string, len(l.Params))
			for k, v := range l.Params {
				s.Launch.Params[k] = v
			}
		}
		if l.Expected != nil {
			s.Launch.Expected = make(map[string]int64, len(l.Expected))
			for k, v := range l.Expected {
				s.Launch.Expected[k] = v
			}
			for _, it := range s.Items {
				if ms, ok := l.Expected[BaselineKey(it.Phase, it.ID)]; ok {
					it.ExpectedMS = ms
				}
				for i := range it.Stages {
					it.Stages[i].Expected = l.Expected[StageKey(it.ID, it.Stages[i].Value)]
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

func statusOfCheck(st checks.Status) ItemStatus {
	switch st {
	case checks.Pass:
		return StatusPassed
	case checks.Fail:
		return StatusFailed
	case checks.Error:
		return StatusError
	}
	return StatusError
}

func (s *State) applyCheck(e Event) {
	if b, ok := e.Body.(CheckWaivedBody); ok {
		it := s.findAny(e.Phase, e.ID)
		if it == nil {
			it = s.ensure(PhasePreflight, e.ID)
		}
		it.Status = StatusWaived
		it.Waiver = &NoteRec{At: e.Time, Who: b.Who, OSUser: b.OSUser, Text: b.Reason}
		it.Who = b.Who
		s.Gate.conditionsChanged()
		return
	}
	if b, ok := e.Body.(CheckStartedBody); ok && b.Who != "" && s.Phase == PhaseGate {
		// An operator re-ran the check at the gate: its result is news
		// the earlier GO votes did not see.
		s.Gate.conditionsChanged()
	}
	p := e.Phase
	if p == "" {
		p = PhasePreflight
	}
	it := s.ensure(p, e.ID)
	switch b := e.Body.(type) {
	case CheckStartedBody:
		it.Status = StatusRunning
		it.Attempt = 0
		if b.Attempts > 0 {
			it.Attempts = b.Attempts
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
	case CheckAttemptBody:
		it.Attempt = b.Attempt
		if b.Attempts > 0 {
			it.Attempts = b.Attempts
		}
		it.Reason = b.Reason
		if it.Status != StatusRunning && it.Status != StatusWaived {
			it.Status = StatusRunning
		}
	case CheckFinishedBody:
		it.Status = statusOfCheck(b.Status)
		if b.Attempt > 0 {
			it.Attempt = b.Attempt
		} else if b.Attempts > 0 && it.Attempt == 0 {
			it.Attempt = b.Attempts
		}
		if b.Attempts > it.Attempts {
			it.Attempts = b.Attempts
		}
		it.Reason = b.Reason
		it.Evidence = b.Evidence
		it.Exit = copyInt(b.Exit)
		it.Value = copyFloat(b.Value)
		it.DurationMS = b.DurationMS
		it.Finished = e.Time
		if it.Started.IsZero() {
			it.Started = e.Time.Add(-time.Duration(b.DurationMS) * time.Millisecond)
			it.FirstStarted = it.Started
		}
	}
}

func (s *State) applyGate(e Event) {
	g := &s.Gate
	switch b := e.Body.(type) {
	case GateOpenedBody:
		g.Open = true
		g.OpenedAt = e.Time
		if b.Prompt != "" {
			g.Prompt = b.Prompt
		}
		g.Timeout = time.Duration(b.TimeoutMS) * time.Millisecond
		g.Decision = ""
		g.Reason = ""
		s.Phase = PhaseGate
	case VoteBody:
		g.applyVote(e, b)
	case OverrideBody:
		g.Overrides = append(g.Overrides, NoteRec{At: e.Time, Who: b.Who, OSUser: b.OSUser, What: b.What, Text: b.Reason})
		g.Refusal = "" // the window's refusal no longer holds
		g.conditionsChanged()
	case GateRefusedBody:
		g.Refusal = b.Reason
		if b.Spent {
			g.conditionsChanged()
		}
	case GateWaitingBody:
		g.Unmet = nil
		if len(b.Unmet) > 0 {
			g.Unmet = append([]string(nil), b.Unmet...)
		}
	case GateDecidedBody:
		g.Open = false
		g.Decision = b.Decision
		g.Reason = b.Reason
		g.DecidedBy = b.Who
		g.DecidedAt = e.Time
		g.DecidedAuto = b.Auto
	}
}

func (s *State) applyStep(e Event) {
	p := e.Phase
	if p == "" {
		p = PhaseCutover
	}
	it := s.ensure(p, e.ID)
	switch b := e.Body.(type) {
	case StepWaitingBody:
		it.Status = StatusWaiting
		it.Waiting = b.Wait
		if it.Asked.IsZero() && b.Wait == WaitManual {
			it.Asked = e.Time
		}
		if b.Wait == WaitDecision {
			s.Decision = e.ID
		}
	case StepConfirmedBody:
		it.Waiting = ""
		it.Decide = ""
		if it.Status == StatusWaiting {
			it.Status = StatusPending
		}
		it.Who = whoOf(b.Who, b.Auto)
	case ItemTickedBody:
		i := b.Number() - 1
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
			it.Manual[i] = b.Text
		}
		it.Ticked[i] = whoOf(b.Who, b.Auto)
	case ItemUntickedBody:
		if i := b.Item - 1; i >= 0 && i < len(it.Ticked) {
			it.Ticked[i] = ""
		}
	case StepStartedBody:
		it.Status = StatusRunning
		it.Waiting = ""
		if b.Attempt > 0 {
			it.Attempt = b.Attempt
		} else {
			it.Attempt++
		}
		if b.Command != "" {
			it.Command = b.Command
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
	case StepSimulatedBody:
		it.Status = StatusSimulated
		it.Waiting = ""
		it.Reason = "simulated: rehearse = false"
		if it.Started.IsZero() {
			it.Started = e.Time
			it.FirstStarted = e.Time
		}
		it.Finished = e.Time
	case StepTimedOutBody:
		it.TimedOut = true
		it.Reason = "timed out after " + fmtMS(b.ElapsedMS)
	case StepFinishedBody:
		it.Status = StatusDone
		it.Waiting = ""
		it.Succeeded = true
		it.finish(e.Time, b.Attempt, b.Exit, b.DurationMS)
		it.Reason = b.Reason
		stageRunEnded(it, e.Time, false, b.Reason)
		if p == PhaseRollback {
			if src := s.Find(PhaseCutover, e.ID); src != nil {
				src.Status = StatusRolledBack
			}
		}
	case StepFailedBody:
		it.Status = StatusFailed
		it.finish(e.Time, b.Attempt, b.Exit, b.DurationMS)
		it.Reason = b.Reason
		stageRunEnded(it, e.Time, true, b.Reason)
	case StepInterruptedBody:
		it.Status = StatusInterrupted
		it.Reason = b.Reason
		if it.Reason == "" {
			it.Reason = "outcome unknown: it was running when the driver stopped"
		}
	case StepSkippedBody:
		it.Status = StatusSkipped
		it.Waiting = ""
		it.Reason = b.Reason
		it.Who = b.Who
		if it.Finished.IsZero() {
			it.Finished = e.Time
		}
		s.clearDecision(e.ID)
	case BackgroundStoppedBody:
		it.Stopped = b.How
	}
}

// finish records the end of an attempt of the item, at t.
func (it *Item) finish(t time.Time, attempt int, exit *int, durationMS int64) {
	if attempt > 0 {
		it.Attempt = attempt
	}
	if it.Attempt == 0 {
		it.Attempt = 1
	}
	it.Exit = copyInt(exit)
	it.DurationMS = durationMS
	it.Finished = t
	if it.Started.IsZero() {
		it.Started = t.Add(-time.Duration(durationMS) * time.Millisecond)
		if durationMS == 0 && !it.Asked.IsZero() {
			// A checklist step: it ran from when it was put to the operator.
			it.Started = it.Asked
		}
		it.FirstStarted = it.Started
	}
}

// whoOf names who did something: the person, or "auto" for --yes.
func whoOf(who string, auto bool) string {
	if who != "" {
		return who
	}
	if auto {
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
	switch b := e.Body.(type) {
	case DecisionNeededBody:
		s.Decision = e.ID
		s.Pending = &Pending{Phase: e.Phase, ID: e.ID, Kind: b.Kind, Reason: b.Reason}
		it := s.decisionItem(e)
		if it == nil {
			return
		}
		it.Waiting = WaitDecision
		it.Decide = b.Kind
		if it.Status == StatusPending {
			it.Status = StatusWaiting
		}
		if b.Reason != "" {
			it.Reason = b.Reason
		}
	case DecisionBody:
		s.Decisions = append(s.Decisions, DecisionRec{At: e.Time, Phase: e.Phase, ID: e.ID,
			Action: b.Action, Reason: b.Reason, Who: b.Who, Auto: b.Auto})
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
		it.applyFleetDecision(b.Action)
		switch b.Action {
		case ActMarkDone:
			it.Status = StatusDone
			it.Who = whoOf(b.Who, b.Auto)
			it.Reason = "marked done"
			if b.Reason != "" {
				it.Reason += ": " + b.Reason
			}
		case ActSkip:
			it.Status = StatusSkipped
			it.Who = whoOf(b.Who, b.Auto)
			it.Reason = b.Reason
		}
	}
}

func (s *State) applyMonitor(e Event) {
	m := &s.Monitor
	switch b := e.Body.(type) {
	case MonitorStartedBody:
		m.Started = e.Time
		if b.SoakMS > 0 {
			m.Duration = time.Duration(b.SoakMS) * time.Millisecond
		}
		m.Extended = 0
		s.Phase = PhaseMonitor
	case ProbeSampleBody:
		if e.Phase == PhaseRollback {
			s.AfterRollback.sample(b) // afterrollback.go: the old system's samples
			return
		}
		s.applySample(e, b)
	case RollbackRecommendedBody:
		m.Recommended = e.ID
		if b.Reason != "" {
			m.Recommended += ": " + b.Reason
		}
	case MonitorExtendedBody:
		d := time.Duration(b.AddedMS) * time.Millisecond
		m.Duration += d
		m.Extended += d
	case VerdictBody:
		m.Verdict = b.Verdict
		m.Reason = b.Reason
		m.VerdictBy = b.Who
		m.VerdictAt = e.Time
	}
}

// levelOf is a sample's level; a sample without one is judged by its
// status, a failed expect counting as critical.
func levelOf(b ProbeSampleBody) Level {
	switch b.Level {
	case LevelOK, LevelWarn, LevelCrit:
		return b.Level
	}
	if b.Status == checks.Pass {
		return LevelOK
	}
	return LevelCrit
}

func (s *State) applySample(e Event, b ProbeSampleBody) {
	p := s.probe(e.ID)
	lvl := levelOf(b)
	p.Samples++
	switch lvl {
	case LevelWarn:
		p.Warn++
		p.Consecutive = 0
	case LevelCrit:
		p.Crit++
		p.Consecutive++
	default:
		p.Consecutive = 0
	}
	if b.Value != nil {
		p.Last = copyFloat(b.Value)
	}
	p.LastStatus = string(b.Status)
	p.LastLevel = string(lvl)
	p.LastReason = b.Reason
	p.LastAt = e.Time
	p.LastLatencyMS = b.LatencyMS
	// The chart needs a number for every sample: the measured value, else
	// the response time.
	v := float64(b.LatencyMS)
	if b.Value != nil {
		v = *b.Value
	}
	if len(p.History) >= HistoryLen {
		n := len(p.History) - HistoryLen + 1
		p.History = append(p.History[:0], p.History[n:]...)
		p.Levels = append(p.Levels[:0], p.Levels[n:]...)
		p.Times = append(p.Times[:0], p.Times[n:]...)
	}
	p.History = append(p.History, v)
	p.Levels = append(p.Levels, string(lvl))
	p.Times = append(p.Times, e.Time)
	s.stageSample(e, lvl, b.Value)
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
