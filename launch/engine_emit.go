package launch

// emit stamps, journals and folds one event, then hands it to OnEvent and
// the notifiers. Only the Run goroutine calls it. Free text is masked here,
// once, so no secret reaches the journal, the cockpit or a notification.
func (e *Engine) emit(ev Event) Event {
	e.seq++
	ev.Seq = e.seq
	ev.Time = e.clock.Now()
	// A number read from a secret is not shown anywhere either.
	ev.Body = masked(ev.Body, e.mask, e.masker.HidesNumber)
	if err := e.log.Append(ev); err != nil && e.jerr == nil {
		// Without a journal the launch cannot be resumed or reported:
		// start nothing new and end at the next safe point.
		e.jerr, e.jerrAt = err, ev.Type()
		e.halt("the journal cannot be written: " + err.Error())
	}
	e.mu.Lock()
	e.state.Apply(ev)
	e.mu.Unlock()
	if e.o.OnEvent != nil {
		e.o.OnEvent(ev)
	}
	e.notify.offer(ev)
	return ev
}

func cloneFloat(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func exitp(v int) *int { return &v }
