package pane

// line is a finished line: rendered, standalone, with its display width.
type line struct {
	s string
	w int32
}

// ring keeps the last limit finished lines. Lines are numbered from the
// start of the stream; those that fell out are counted, not kept.
type ring struct {
	buf   []line
	start int   // index in buf of the oldest kept line, once buf is full
	limit int   // how many lines are kept
	total int64 // lines ever pushed
}

func (r *ring) push(l line) {
	r.total++
	if len(r.buf) < r.limit {
		r.buf = append(r.buf, l)
		return
	}
	if r.limit == 0 {
		return
	}
	r.buf[r.start] = l
	r.start++
	if r.start == len(r.buf) {
		r.start = 0
	}
}

// first is the number of the oldest kept line (= lines dropped so far).
func (r *ring) first() int64 { return r.total - int64(len(r.buf)) }

// get returns line number n, which must be in [first, total).
func (r *ring) get(n int64) line {
	i := int(n-r.first()) + r.start
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	return r.buf[i]
}

// set replaces line number n, which must be in [first, total).
func (r *ring) set(n int64, l line) {
	i := int(n-r.first()) + r.start
	if i >= len(r.buf) {
		i -= len(r.buf)
	}
	r.buf[i] = l
}

// setLimit changes how many lines are kept, keeping the newest.
func (r *ring) setLimit(limit int) {
	limit = max(limit, 0)
	keep := min(len(r.buf), limit)
	nb := make([]line, 0, keep)
	for n := r.total - int64(keep); n < r.total; n++ {
		nb = append(nb, r.get(n))
	}
	r.buf, r.start, r.limit = nb, 0, limit
}
