package launch

import (
	"context"
	"time"
)

// timerFired says that the first (n = 1) or second (n = 2) timer given to
// next fired.
type timerFired struct{ n int }

// haltMsg says that Hangup or Interrupt was called, or ctx ended.
type haltMsg struct{}

// next blocks until something needs the Run goroutine: a queued command, a
// report from a worker, one of the two timers (either may be nil), or a
// halt. Failed notifications are journaled here, whatever the phase.
// Commands that apply at any time (notes, hold, resize, input) take
// effect here and are then returned too, so a waiting caller can react to
// a released hold.
func (e *Engine) next(ctx context.Context, t1, t2 <-chan time.Time) any {
	for {
		if c, ok := e.popCmd(); ok {
			e.anytime(c)
			if e.offGate(c) {
				continue
			}
			return c
		}
		select {
		case d := <-e.ballots:
			m := ballotMsg{b: d.Ballot, reply: d.Reply}
			if e.offGate(m) {
				continue
			}
			return m
		case m := <-e.inbox:
			if nf, ok := m.(notifyFailedMsg); ok {
				e.emit(Event{Body: NotifyFailedBody{Target: nf.target, Reason: nf.reason}})
				continue
			}
			if a, ok := m.(auditMsg); ok {
				e.emit(a.e)
				continue
			}
			return m
		case <-e.cmdReady:
		case <-e.haltSig:
			e.halting = true
			return haltMsg{}
		case <-ctx.Done():
			if !e.halting {
				e.halting = true
				e.halt("cancelled")
			}
			return haltMsg{}
		case <-t1:
			return timerFired{1}
		case <-t2:
			return timerFired{2}
		}
	}
}

func (e *Engine) popCmd() (Command, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.cmdq) == 0 {
		return Command{}, false
	}
	c := e.cmdq[0]
	e.cmdq = e.cmdq[1:]
	return c, true
}

// applyHolds applies the queued holds now and leaves the other commands
// queued. Commands otherwise take effect when the engine waits, and
// nothing may wait before a step (--yes passes the gate by itself): golive
// serve holds the launch at its start until a driver connects, and that
// hold must stop the first step as it stops the next.
func (e *Engine) applyHolds() {
	e.mu.Lock()
	var holds []Command
	rest := e.cmdq[:0]
	for _, c := range e.cmdq {
		if c.Kind == CmdHold {
			holds = append(holds, c)
		} else {
			rest = append(rest, c)
		}
	}
	clear(e.cmdq[len(rest):])
	e.cmdq = rest
	e.mu.Unlock()
	for _, c := range holds {
		e.anytime(c)
	}
}

// anytime applies the commands that are valid in every phase.
func (e *Engine) anytime(c Command) {
	switch c.Kind {
	case CmdNote:
		if c.Text != "" {
			e.emit(Event{Body: NoteBody{Text: c.Text, Who: c.Who}})
		}
	case CmdHold:
		if c.On != e.state.Hold {
			st := "off"
			if c.On {
				st = "on"
			}
			e.emit(Event{Body: HoldSetBody{On: st == "on", Who: c.Who}})
		}
	case CmdResize:
		if c.Cols > 0 && c.Rows > 0 {
			e.cols, e.rows = c.Cols, c.Rows
			if e.fg != nil {
				_ = e.fg.Resize(c.Cols, c.Rows)
			}
		}
	case CmdInput:
		if e.fg != nil && c.ID == e.fgID && len(c.Data) > 0 {
			_, _ = e.fg.Write(c.Data)
		}
	}
}

// post delivers a worker's report to the Run goroutine, or drops it when
// Run has already returned.
func (e *Engine) post(m any) {
	select {
	case e.inbox <- m:
	case <-e.quit:
	}
}
