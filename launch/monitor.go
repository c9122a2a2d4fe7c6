package launch

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"golive/checks"
	"golive/runbook"
)

// sampleMsg is one sample of a probe. missed counts the ticks skipped
// because this sample was still running when they came.
type sampleMsg struct {
	gen    int
	probe  *runbook.Check
	r      checks.Result
	missed int
}

// monitor runs the soak: every probe samples on its own schedule, each
// sample is journaled with its level, and rollback_after consecutive
// critical samples of a probe recommend a rollback (started at once with
// --yes). The soak ends STABLE when its time is up without an unresolved
// breach; the operator may end it early or extend it.
//
// Headless without --yes, a recommendation is a decision for a person:
// the engine journals DecisionNeeded and Run returns 3.
func (e *Engine) monitor(ctx context.Context) *ending {
	if e.stopping(ctx) {
		return e.interrupted()
	}
	m := e.rb.Monitor
	soak := m.Duration
	e.emit(Event{Phase: PhaseMonitor, Body: PhaseStartedBody{}})
	if e.soakLeft != nil {
		// A resumed soak keeps its start and length in the journal.
		soak, e.soakLeft = *e.soakLeft, nil
	} else {
		e.emit(Event{Phase: PhaseMonitor, Body: MonitorStartedBody{SoakMS: m.Duration.Milliseconds()}})
	}
	e.monGen++
	mctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	outs := make([]io.WriteCloser, len(m.Probes))
	for i, p := range m.Probes {
		outs[i] = e.output(PhaseMonitor, p.ID)
		every := p.Every
		if every <= 0 {
			every = m.Interval
		}
		if every <= 0 {
			every = 10 * time.Second
		}
		wg.Add(1)
		go e.probeLoop(mctx, &wg, e.monGen, p, every, e.checkOptions(outs[i]))
	}
	defer func() {
		cancel()
		wg.Wait()
		for _, o := range outs {
			o.Close()
		}
	}()

	after := max(m.RollbackAfter, 1)
	breached := map[string]string{} // probe id → reason of its unresolved recommendation
	soakEnd := e.clock.Now().Add(soak)
	timer := e.clock.After(soak)
	over := false
	for {
		switch msg := e.next(ctx, timer, nil).(type) {
		case sampleMsg:
			if msg.gen != e.monGen {
				continue
			}
			level, why := e.sampleLevel(msg.probe, msg.r)
			b := ProbeSampleBody{Status: msg.r.Status, Level: level, Value: sampleValue(msg.probe, msg.r), LatencyMS: msg.r.Latency.Milliseconds(), Reason: why}
			if msg.missed > 0 {
				b.Detail = fmt.Sprintf("%d sample(s) skipped while this one ran", msg.missed)
			}
			e.emit(Event{Phase: PhaseMonitor, ID: msg.probe.ID, Body: b})
			id := msg.probe.ID
			if level != LevelCrit {
				delete(breached, id)
				if over && len(breached) == 0 {
					e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictStable, Reason: "the breach resolved after the soak ended"}})
					return nil
				}
				continue
			}
			n, breach := breaching(e.state, id, after)
			if !breach || breached[id] != "" {
				continue
			}
			// The event names the probe in its ID; the verdict, which has
			// none, says it in its reason.
			why = fmt.Sprintf("%d critical samples in a row (%s)", n, why)
			reason := id + ": " + why
			breached[id] = reason
			e.emit(Event{Phase: PhaseMonitor, ID: id, Body: RollbackRecommendedBody{Reason: why}})
			if e.o.Yes {
				e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictRollback, Reason: reason, Who: "auto"}})
				cancel()
				wg.Wait()
				return e.rollback(ctx, reason, "auto", true)
			}
			if e.o.Headless {
				e.emit(Event{Phase: PhaseMonitor, ID: id, Body: DecisionNeededBody{Reason: "rollback recommended: " + reason, Kind: DecideMonitor}})
				return endWith(endInterrupted, "a decision is needed: rollback recommended: "+reason)
			}
		case timerFired:
			timer = nil
			if len(breached) == 0 {
				e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictStable, Reason: fmt.Sprintf("no breach in %s", e.soakLength())}})
				return nil
			}
			// A recommendation is outstanding: the soak cannot be called
			// stable. Probes go on until the breach resolves or the
			// operator rolls back or ends the soak.
			over = true
		case Command:
			switch msg.Kind {
			case CmdRollback:
				reason := reasonOr(msg.Reason, "rollback asked for during the soak")
				e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictRollback, Reason: reason, Who: msg.Who}})
				cancel()
				wg.Wait()
				return e.rollback(ctx, reason, msg.Who, false)
			case CmdEndSoak:
				e.emit(Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictEndedEarly, Reason: reasonOr(msg.Reason, "ended by the operator"), Who: msg.Who}})
				return nil
			case CmdExtend:
				if msg.Duration <= 0 {
					continue
				}
				soakEnd = soakEnd.Add(msg.Duration)
				e.emit(Event{Phase: PhaseMonitor, Body: MonitorExtendedBody{AddedMS: msg.Duration.Milliseconds(), Who: msg.Who}})
				over = false
				timer = e.clock.After(max(soakEnd.Sub(e.clock.Now()), 0))
			case CmdAbort:
				why := reasonOr(msg.Reason, "aborted by the operator")
				e.emit(Event{Phase: PhaseMonitor, Body: DecisionBody{Action: ActAbort, Reason: why, Who: msg.Who}})
				return endWith(endAborted, why)
			}
		case haltMsg:
			return e.interrupted()
		}
	}
}

// soakLength is the soak's planned length with its extensions.
func (e *Engine) soakLength() time.Duration {
	e.mu.Lock()
	defer e.mu.Unlock()
	if d := e.state.Monitor.Duration; d > 0 {
		return d
	}
	return e.rb.Monitor.Duration
}

// probeLoop samples one probe every interval until ctx ends. A sample
// still running when the next is due is not doubled up: the tick counts
// as missed. It returns once its last sample has ended.
func (e *Engine) probeLoop(ctx context.Context, wg *sync.WaitGroup, gen int, p *runbook.Check, every time.Duration, opts checks.Options) {
	defer wg.Done()
	t := e.clock.NewTicker(every)
	defer t.Stop()
	// done is unbuffered: a sample is reported only after this loop knows
	// it ended, so the next tick never counts as missed by mistake.
	done := make(chan struct{})
	busy := false
	var missed atomic.Int64 // ticks that came while a sample ran
	sample := func() {
		if busy {
			missed.Add(1)
			return
		}
		busy = true
		go func() {
			r := e.run.Run(ctx, p, opts)
			done <- struct{}{}
			m := int(missed.Swap(0))
			select {
			case e.inbox <- sampleMsg{gen: gen, probe: p, r: r, missed: m}:
			case <-ctx.Done():
			case <-e.quit:
			}
		}()
	}
	sample()
	for {
		select {
		case <-ctx.Done():
			if busy {
				<-done
			}
			return
		case <-done:
			busy = false
		case <-t.C():
			sample()
		}
	}
}

// sampleLevel grades a sample: a failed expect is critical, then the
// probe's crit and warn conditions are tried in that order.
func (e *Engine) sampleLevel(p *runbook.Check, r checks.Result) (Level, string) {
	if r.Status != checks.Pass {
		return LevelCrit, reasonOr(r.Reason, string(r.Status))
	}
	if p.Crit != nil {
		if ok, _ := e.run.Eval(*p.Crit, r); ok {
			return LevelCrit, p.Crit.Source
		}
	}
	if p.Warn != nil {
		if ok, _ := e.run.Eval(*p.Warn, r); ok {
			return LevelWarn, p.Warn.Source
		}
	}
	return LevelOK, ""
}

// sampleValue is the number a probe's sample is charted and shown by: what
// its crit (else warn) condition compares, so a latency probe shows its
// latency and a days_left probe its days, not some number in a body. A
// probe without such a threshold shows the value it measured; the fold
// charts the latency of probes that measure none.
func sampleValue(p *runbook.Check, r checks.Result) *float64 {
	for _, c := range []*runbook.Condition{p.Crit, p.Warn} {
		if c == nil {
			continue
		}
		if v, ok := subjectNumber(c.Subject, r); ok {
			return &v
		}
	}
	return cloneFloat(r.Value)
}

// subjectNumber is the numeric reading of subject in r, when it has one.
func subjectNumber(s runbook.Subject, r checks.Result) (float64, bool) {
	o := r.Obs
	switch s {
	case runbook.SubjLatency:
		if r.Latency > 0 || r.Status == checks.Pass {
			return float64(r.Latency.Microseconds()) / 1000, true
		}
	case runbook.SubjValue:
		if r.Value != nil {
			return *r.Value, true
		}
	case runbook.SubjDuration:
		if r.Duration > 0 {
			return float64(r.Duration.Microseconds()) / 1000, true
		}
	}
	if o == nil {
		return 0, false
	}
	switch s {
	case runbook.SubjStatus:
		return float64(o.Status), o.HasStatus
	case runbook.SubjExit:
		return float64(o.Exit), o.HasExit
	case runbook.SubjDaysLeft:
		return float64(o.DaysLeft), o.HasCert
	case runbook.SubjCount:
		if o.Kind == runbook.KindPrometheus {
			return float64(o.Series), true
		}
		return float64(len(o.Answers)), o.Answered
	}
	return 0, false
}
