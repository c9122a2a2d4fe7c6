package launch

import (
	"sync"
	"time"
)

// fakeClock is a Clock that moves only when a test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at    time.Time
	every time.Duration // 0: fires once
	ch    chan time.Time
	dead  bool
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	return c.add(d, 0).ch
}

func (c *fakeClock) NewTicker(d time.Duration) Ticker {
	return &fakeTicker{c: c, t: c.add(d, d)}
}

func (c *fakeClock) add(d, every time.Duration) *fakeTimer {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{at: c.now.Add(d), every: every, ch: make(chan time.Time, 1)}
	if d <= 0 && every == 0 {
		t.ch <- c.now
		t.dead = true
		return t
	}
	c.timers = append(c.timers, t)
	return t
}

// tickers counts the live periodic timers, so a test can wait until every
// probe has armed its schedule.
func (c *fakeClock) tickers() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.dead && t.every > 0 {
			n++
		}
	}
	return n
}

// Advance moves the clock on by d and fires what fell due. Like a real
// ticker, a periodic timer delivers at most one pending tick.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	live := c.timers[:0]
	for _, t := range c.timers {
		if t.dead {
			continue
		}
		if !t.at.After(c.now) {
			select {
			case t.ch <- c.now:
			default:
			}
			if t.every == 0 {
				t.dead = true
				continue
			}
			for !t.at.After(c.now) {
				t.at = t.at.Add(t.every)
			}
		}
		live = append(live, t)
	}
	c.timers = live
}

type fakeTicker struct {
	c *fakeClock
	t *fakeTimer
}

func (f *fakeTicker) C() <-chan time.Time { return f.t.ch }

func (f *fakeTicker) Stop() {
	f.c.mu.Lock()
	f.t.dead = true
	f.c.mu.Unlock()
}

// undelivered counts ticks that fired but nobody has received yet.
func (c *fakeClock) undelivered() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, t := range c.timers {
		if !t.dead && t.every > 0 {
			n += len(t.ch)
		}
	}
	return n
}
