package pane

import (
	"strconv"
)

// Search is smart-case: a query without capitals ignores ASCII case.

// findFirst jumps to the nearest match at or above the bottom of the view,
// the newest one the operator could be looking for.
func (m *Model) findFirst() {
	m.buf.with(func(s *Screen) {
		top, row := m.anchor(s)
		m.jump(s, m.bottomLine(s, top, row), -1, true)
	})
}

// findNext jumps to the next match after the current one: dir 1 is newer
// (down), -1 older (up). Both wrap around.
func (m *Model) findNext(dir int) {
	if m.query == "" {
		return
	}
	m.buf.with(func(s *Screen) {
		from, inclusive := m.match, false
		if from < s.First() || from >= s.Len() {
			top, row := m.anchor(s)
			from, inclusive = top, true
			if dir < 0 {
				from = m.bottomLine(s, top, row)
			}
		}
		m.jump(s, from, dir, inclusive)
	})
}

// jump searches from line from in direction dir and shows the match.
func (m *Model) jump(s *Screen, from int64, dir int, inclusive bool) {
	first, end := s.First(), s.Len()
	count := end - first
	q := m.query
	mt := newMatcher(q)
	n := from
	if !inclusive {
		n += int64(dir)
	}
	for range count {
		if n < first {
			n = end - 1
		} else if n >= end {
			n = first
		}
		ls, _ := s.Line(n)
		if len(mt.find(ls)) > 0 {
			m.match = n
			m.status = "match at line " + strconv.FormatInt(n+1, 10)
			m.top, m.topRow = m.moveUp(s, n, 0, m.contentRows()/3)
			m.follow = false
			return
		}
		n += int64(dir)
	}
	m.status = "no match for " + strconv.Quote(q)
}

// isLower reports whether q has no ASCII capital.
func isLower(q string) bool {
	for i := 0; i < len(q); i++ {
		if q[i] >= 'A' && q[i] <= 'Z' {
			return false
		}
	}
	return true
}
