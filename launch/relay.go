package launch

import (
	"sync"

	"golive/runbook"
)

// RecentEvents is how many of the latest events a Relay keeps for its
// subscribers. A subscriber that falls further behind skips the older ones
// and is told how many it missed; the folded State it pulls is always
// whole.
const RecentEvents = 256

// Relay carries a launch's events from the engine to any number of views
// without ever making the engine wait for one. Publish folds the event
// into the relay's own State under a short lock and pokes every
// subscriber's one-slot wake channel without blocking; each view pulls the
// latest State (a copy of its own) when it is ready. A fast view sees
// every change, a slow one skips to the present, and a stalled one (its
// terminal stopped, its SSH connection frozen) holds nothing up: a
// timeout, a grace kill, a probe tick or a journal write never waits on a
// screen.
//
// Wire it as the engine's Options.OnEvent = relay.Publish.
type Relay struct {
	mu     sync.Mutex
	st     *State
	recent []Event // a ring of the latest RecentEvents events
	total  uint64  // events published so far, history included
	subs   map[*Subscription]struct{}
}

// NewRelay returns a relay whose State starts from rb (which may be nil)
// with history folded in: the events of a resumed launch, which the
// engine does not emit again, or the journal a watcher has read so far.
func NewRelay(rb *runbook.Runbook, history []Event) *Relay {
	r := &Relay{st: NewState(rb), subs: map[*Subscription]struct{}{}}
	for _, e := range history {
		r.fold(e)
	}
	return r
}

// Publish folds e into the relay's State and wakes every subscriber. It
// never blocks on a subscriber: the wake is a one-slot signal that is
// already set when the subscriber has not yet pulled the last one.
func (r *Relay) Publish(e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fold(e)
	for s := range r.subs {
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// fold applies e and remembers it among the recent events; r.mu is held.
func (r *Relay) fold(e Event) {
	r.st.Apply(e)
	if len(r.recent) < RecentEvents {
		r.recent = append(r.recent, e)
	} else {
		r.recent[r.total%RecentEvents] = e
	}
	r.total++
}

// Subscribe returns a new subscriber that has seen nothing yet: its first
// Pull returns the whole State and the recent events. Its wake channel is
// already set, so a view that waits on it before pulling starts at once.
func (r *Relay) Subscribe() *Subscription {
	s := &Subscription{r: r, wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.wake <- struct{}{}
	r.mu.Lock()
	r.subs[s] = struct{}{}
	r.mu.Unlock()
	return s
}

// Subscription is one view's tap on a Relay. Its methods may be called
// from any goroutine, but a subscription is meant for one reader.
type Subscription struct {
	r    *Relay
	wake chan struct{}
	done chan struct{}
	once sync.Once
	seen uint64 // events this subscriber has been handed
}

// Snapshot is what a subscriber pulls: the State as of its last event and
// the events since the previous pull.
type Snapshot struct {
	// State is a deep copy that belongs to the subscriber; the relay
	// never touches it again.
	State *State
	// Events are the events published since the previous pull, oldest
	// first, at most RecentEvents of them.
	Events []Event
	// Skipped counts the events published since the previous pull that
	// Events leaves out because the subscriber fell too far behind. They
	// are folded into State all the same.
	Skipped int
}

// Wake is set (one slot) whenever an event arrives after the last Pull.
// It is never closed; select on Done as well to stop waiting.
func (s *Subscription) Wake() <-chan struct{} { return s.wake }

// Done is closed by Close.
func (s *Subscription) Done() <-chan struct{} { return s.done }

// Pull returns the State as of now and the events the subscriber has not
// been handed yet.
func (s *Subscription) Pull() Snapshot {
	r := s.r
	r.mu.Lock()
	defer r.mu.Unlock()
	var snap Snapshot
	snap.State = r.st.Clone()
	missed := r.total - s.seen
	if missed > uint64(len(r.recent)) {
		snap.Skipped = int(missed) - len(r.recent)
		missed = uint64(len(r.recent))
	}
	snap.Events = make([]Event, 0, missed)
	for i := r.total - missed; i < r.total; i++ {
		snap.Events = append(snap.Events, r.recent[i%RecentEvents])
	}
	s.seen = r.total
	return snap
}

// Close removes the subscriber from the relay and closes Done. It is safe
// to call more than once.
func (s *Subscription) Close() {
	s.once.Do(func() {
		s.r.mu.Lock()
		delete(s.r.subs, s)
		s.r.mu.Unlock()
		close(s.done)
	})
}
