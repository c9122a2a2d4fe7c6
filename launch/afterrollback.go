package launch

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// The post-rollback soak's events.
const (
	// AfterRollbackStarted: Phase. Body: AfterRollbackStartedBody (how
	// long the probes run again).
	AfterRollbackStarted Type = "after_rollback_started"
	// AfterRollbackFinished: Phase. Body: AfterRollbackFinishedBody (an
	// AfterVerdict, what the probes saw, samples and breaches).
	AfterRollbackFinished Type = "after_rollback_finished"
)

// AfterVerdict is how the post-rollback soak ended.
type AfterVerdict string

// The verdicts of the post-rollback soak.
const (
	AfterHealthy     AfterVerdict = "healthy"
	AfterUnhealthy   AfterVerdict = "unhealthy"
	AfterInterrupted AfterVerdict = "interrupted"
)

// AfterRollbackState is the post-rollback soak: after a rollback that
// completed, the monitor's probes run again for monitor.after_rollback,
// so the report can say whether the old system is healthy.
type AfterRollbackState struct {
	Started  time.Time
	Duration time.Duration
	Finished time.Time
	Verdict  AfterVerdict // "" while it runs
	Reason   string
	Detail   string
	Samples  int // samples of every probe
	Crit     int // of them critical
}

// sample counts one sample of the post-rollback soak.
func (a *AfterRollbackState) sample(b ProbeSampleBody) {
	a.Samples++
	if levelOf(b) == LevelCrit {
		a.Crit++
	}
}

func (s *State) applyAfterRollback(e Event) {
	a := &s.AfterRollback
	switch b := e.Body.(type) {
	case AfterRollbackStartedBody:
		*a = AfterRollbackState{Started: e.Time, Duration: time.Duration(b.DurationMS) * time.Millisecond}
	case AfterRollbackFinishedBody:
		a.Finished, a.Verdict, a.Reason, a.Detail = e.Time, b.Verdict, b.Reason, b.Detail
	}
}

// afterRollback runs the probes again after a completed rollback, for
// monitor.after_rollback (default 1m when there are probes): healthy when
// no probe had a critical sample in its last rollback_after samples,
// unhealthy otherwise. Its samples are journaled as ProbeSample in the
// rollback phase, which the fold keeps apart from the soak of the new
// system.
func (e *Engine) afterRollback(ctx context.Context) {
	m := e.rb.Monitor
	if m == nil || m.AfterRollback <= 0 || len(m.Probes) == 0 || e.stopping(ctx) {
		return
	}
	e.emit(Event{Phase: PhaseRollback, Body: AfterRollbackStartedBody{DurationMS: m.AfterRollback.Milliseconds()}})
	e.monGen++
	gen := e.monGen
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
		go e.probeLoop(mctx, &wg, gen, p, every, e.checkOptions(outs[i]))
	}
	stop := func() {
		cancel()
		wg.Wait()
		for _, o := range outs {
			o.Close()
		}
	}
	after := max(m.RollbackAfter, 1)
	samples, crit := map[string]int{}, map[string]int{}
	consecutive := map[string]int{}
	last := map[string]string{}
	timer := e.clock.After(m.AfterRollback)
	for {
		switch msg := e.next(ctx, timer, nil).(type) {
		case sampleMsg:
			if msg.gen != gen {
				continue
			}
			id := msg.probe.ID
			level, why := e.sampleLevel(msg.probe, msg.r)
			e.emit(Event{Phase: PhaseRollback, ID: id, Body: ProbeSampleBody{Status: msg.r.Status, Level: level, Value: sampleValue(msg.probe, msg.r), LatencyMS: msg.r.Latency.Milliseconds(), Reason: why}})
			samples[id]++
			if level == "crit" {
				crit[id]++
				consecutive[id]++
				last[id] = why
			} else {
				consecutive[id] = 0
			}
		case timerFired:
			stop()
			e.emit(afterVerdict(samples, crit, consecutive, last, after))
			return
		case haltMsg:
			stop()
			e.emit(Event{Phase: PhaseRollback, Body: AfterRollbackFinishedBody{Verdict: AfterInterrupted, Reason: "the launch stopped before the post-rollback soak ended"}})
			return
		}
	}
}

// afterVerdict judges the post-rollback soak: unhealthy when a probe ended
// on rollback_after critical samples in a row, or never answered well.
func afterVerdict(samples, crit, consecutive map[string]int, last map[string]string, after int) Event {
	var bad, parts []string
	ids := make([]string, 0, len(samples))
	for id := range samples {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	total := 0
	for _, id := range ids {
		total += samples[id]
		parts = append(parts, fmt.Sprintf("%s %d samples, %d critical", id, samples[id], crit[id]))
		if consecutive[id] >= after || (crit[id] > 0 && crit[id] == samples[id]) {
			bad = append(bad, id+": "+last[id])
		}
	}
	b := AfterRollbackFinishedBody{Detail: strings.Join(parts, "; ")}
	switch {
	case total == 0:
		b.Verdict, b.Reason = AfterUnhealthy, "no probe answered during the post-rollback soak"
	case len(bad) > 0:
		b.Verdict, b.Reason = AfterUnhealthy, "still breaching after the rollback: "+strings.Join(bad, "; ")
	default:
		b.Verdict, b.Reason = AfterHealthy, "rolled back, and the old system is healthy"
	}
	return Event{Phase: PhaseRollback, Body: b}
}
