package serve

import (
	"sort"
	"sync"
)

// registry holds the live sessions. Its lock guards only the map: nothing
// that can block is done while it is held.
type registry struct {
	max int

	mu     sync.Mutex
	nextID uint64
	live   map[uint64]*liveSession
}

func newRegistry(max int) *registry {
	return &registry{max: max, live: map[uint64]*liveSession{}}
}

// add admits a session unless the cap is reached, numbering it.
func (r *registry) add(l *liveSession) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.live) >= r.max {
		return false
	}
	r.nextID++
	l.info.ID = r.nextID
	r.live[l.info.ID] = l
	return true
}

func (r *registry) remove(id uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.live, id)
}

func (r *registry) list() []*liveSession {
	r.mu.Lock()
	out := make([]*liveSession, 0, len(r.live))
	for _, l := range r.live {
		out = append(out, l)
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].info.ID < out[j].info.ID })
	return out
}
