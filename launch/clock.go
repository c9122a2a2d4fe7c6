package launch

import "time"

// Clock is the engine's source of time. The engine never reads the wall
// clock directly, so tests can drive gates, timeouts and soaks with a fake
// clock instead of sleeping.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
	// NewTicker returns a ticker that fires every d until stopped.
	NewTicker(d time.Duration) Ticker
}

// Ticker is a periodic timer of a Clock. Like time.Ticker it drops ticks
// that nobody receives, so a slow reader never builds a backlog.
type Ticker interface {
	C() <-chan time.Time
	Stop()
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// After is time.After.
func (RealClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// NewTicker wraps time.NewTicker.
func (RealClock) NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

type realTicker struct{ t *time.Ticker }

func (r realTicker) C() <-chan time.Time { return r.t.C }
func (r realTicker) Stop()               { r.t.Stop() }
