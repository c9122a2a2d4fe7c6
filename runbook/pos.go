package runbook

import (
	"sort"
	"strconv"
	"strings"
)

// String formats a position as FILE:LINE:COL, FILE:LINE when the column is
// not known, or just FILE when not even the line is.
func (p Pos) String() string {
	s := p.File
	if p.Line <= 0 {
		return s
	}
	s += ":" + strconv.Itoa(p.Line)
	if p.Col > 0 {
		s += ":" + strconv.Itoa(p.Col)
	}
	return s
}

// before orders positions by line, then column.
func (p Pos) before(q Pos) bool {
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Problem is one thing wrong with a runbook, at a place in its source.
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) String() string {
	return p.Pos.String() + ": " + p.Msg
}

// Problems is every problem found in a runbook, in source order. It is the
// error Load returns for a bad runbook.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// sorted returns the problems in source order; problems at the same place
// keep the order they were found in.
func (ps Problems) sorted() Problems {
	out := append(Problems(nil), ps...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Pos.before(out[j].Pos) })
	return out
}
