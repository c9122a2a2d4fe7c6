package launch

import (
	"strings"
	"testing"
)

// The fold trusts seq, not the order events arrive in.
func TestFoldReportsDuplicatedAndMisplacedSeq(t *testing.T) {
	cases := []struct {
		name     string
		seqs     []int64
		disorder int
		last     int64
	}{
		{"in order", []int64{1, 2, 3}, 0, 3},
		{"a gap is not disorder", []int64{1, 2, 5}, 0, 5},
		{"duplicated", []int64{1, 2, 2, 3}, 1, 3},
		{"out of order", []int64{1, 3, 2, 4}, 1, 4},
		{"replayed from the start", []int64{1, 2, 1, 2}, 2, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := NewState(nil)
			var evs []Event
			for _, q := range c.seqs {
				ev := Event{Seq: q, Body: NoteBody{Text: "n"}}
				evs = append(evs, ev)
				st.Apply(ev)
			}
			if len(st.Disorder) != c.disorder || st.Seq != c.last {
				t.Fatalf("disorder %q, seq %d; want %d reports, seq %d", st.Disorder, st.Seq, c.disorder, c.last)
			}
			if len(st.Notes) != len(c.seqs)-c.disorder {
				t.Fatalf("%d notes folded, want %d: a misplaced event was folded", len(st.Notes), len(c.seqs)-c.disorder)
			}
			if err := inOrder(evs); (err != nil) != (c.disorder > 0) {
				t.Fatalf("inOrder: %v", err)
			}
		})
	}
}

// A launch is not resumed from a journal whose seq goes backwards.
func TestResumeRefusesAJournalOutOfOrder(t *testing.T) {
	first := newRig(t, policyRunbook("ask"), nil)
	if code := first.run(); code != 3 {
		t.Fatalf("first run exit %d", code)
	}
	evs := first.journal()
	evs[2], evs[3] = evs[3], evs[2]
	o := resumeOpts(first, evs, nil)
	o.Runbook = first.rb
	_, err := New(o)
	if err == nil || !strings.Contains(err.Error(), "out of order") || !strings.Contains(err.Error(), JournalFile) {
		t.Fatalf("New: %v, want a refusal naming the journal", err)
	}
}
