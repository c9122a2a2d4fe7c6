package pane

// The scroll position is an anchor: the first line shown and how many of
// its rows are scrolled past. Every movement walks only the lines it
// passes, so nothing depends on how many lines are buffered.

// followTop returns the anchor that puts the last line at the bottom.
func (m *Model) followTop(s *Screen) (int64, int) {
	need := m.contentRows()
	first, top := s.First(), s.Len()
	for top > first && need > 0 {
		top--
		ls, w := s.Line(top)
		r := rowCount(ls, w, m.width)
		if r >= need {
			return top, r - need
		}
		need -= r
	}
	return max(top, first), 0
}

// anchor returns where the view starts now: the bottom when following,
// else the operator's position, kept within the held lines and never so
// low that the view would end in empty rows.
func (m *Model) anchor(s *Screen) (int64, int) {
	ft, fr := m.followTop(s)
	if m.follow {
		return ft, fr
	}
	top, row := m.top, m.topRow
	if top < s.First() {
		top, row = s.First(), 0
	}
	if top > ft || top == ft && row > fr {
		return ft, fr
	}
	return top, row
}

// moveUp returns the anchor k rows above (top, row).
func (m *Model) moveUp(s *Screen, top int64, row, k int) (int64, int) {
	first := s.First()
	for k > 0 {
		if row > 0 {
			d := min(k, row)
			row -= d
			k -= d
			continue
		}
		if top <= first {
			break
		}
		top--
		ls, w := s.Line(top)
		row = rowCount(ls, w, m.width)
	}
	return top, row
}

// scrollUp moves the view k rows up and stops following.
func (m *Model) scrollUp(k int) {
	m.buf.with(func(s *Screen) {
		top, row := m.anchor(s)
		nt, nr := m.moveUp(s, top, row, k)
		if nt != top || nr != row {
			m.top, m.topRow = nt, nr
			m.follow = false
		}
	})
}

// scrollDown moves the view k rows down; reaching the end follows again.
func (m *Model) scrollDown(k int) {
	if m.follow {
		return
	}
	m.buf.with(func(s *Screen) {
		top, row := m.anchor(s)
		end := s.Len()
		for k > 0 && top < end {
			ls, w := s.Line(top)
			rc := rowCount(ls, w, m.width)
			if row+k < rc {
				row += k
				break
			}
			k -= rc - row
			top, row = top+1, 0
		}
		m.top, m.topRow = top, row
		ft, fr := m.followTop(s)
		if top > ft || top == ft && row >= fr {
			m.follow = true
		}
	})
}

// bottomLine returns the last line the view starting at (top, row) shows.
func (m *Model) bottomLine(s *Screen, top int64, row int) int64 {
	need := m.contentRows() + row
	end := s.Len()
	for n := top; n < end; n++ {
		ls, w := s.Line(n)
		rc := rowCount(ls, w, m.width)
		if rc >= need {
			return n
		}
		need -= rc
	}
	return end - 1
}
