package launch

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// next waits for the next event; the bound only stops a broken test from
// hanging, it is not a speed requirement.
func next(t *testing.T, ch <-chan Event) Event {
	t.Helper()
	select {
	case e, ok := <-ch:
		if !ok {
			t.Fatal("Follow closed its channel early")
		}
		return e
	case <-time.After(30 * time.Second):
		t.Fatal("no event from Follow")
	}
	return Event{}
}

func TestFollowPicksUpAppendedLines(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := Follow(ctx, dir, 5*time.Millisecond) // the journal does not exist yet

	j, err := CreateJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for i := int64(1); i <= 3; i++ {
		if err := j.Append(Event{Seq: i, Time: at(int(i)), Body: NoteBody{Text: "n"}}); err != nil {
			t.Fatal(err)
		}
	}
	for i := int64(1); i <= 3; i++ {
		if e := next(t, ch); e.Seq != i {
			t.Fatalf("got seq %d, want %d", e.Seq, i)
		}
	}

	// A line that is not an event is skipped: a watcher keeps going.
	f, err := os.OpenFile(filepath.Join(dir, JournalFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString(`{"seq":4,"time":"2026-11-25T22:00:04Z","type":"note","detail":"whole"}` + "\n")
	f.WriteString("not json\n")
	if err := j.Append(Event{Seq: 5, Time: at(5), Body: VerdictBody{Verdict: VerdictStable}}); err != nil {
		t.Fatal(err)
	}
	if e := next(t, ch); e.Seq != 4 || e.Body != (NoteBody{Text: "whole"}) {
		t.Fatalf("got %+v, want the whole seq 4", e)
	}
	if e := next(t, ch); e.Seq != 5 {
		t.Fatalf("got seq %d, want 5", e.Seq)
	}

	cancel()
	select {
	case _, ok := <-ch:
		for ok {
			_, ok = <-ch
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Follow did not close its channel when the context ended")
	}
}

// TestTailTakesAHalfLineOnceWhole polls between the two halves of a line
// being written: the first poll must leave it, the next return it whole
// and once.
func TestTailTakesAHalfLineOnceWhole(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, JournalFile)
	tl := &tail{path: path}
	if got := tl.poll(); len(got) != 0 {
		t.Fatalf("a missing journal gave %d events", len(got))
	}
	if err := os.WriteFile(path, []byte(`{"seq":1,"type":"note"}`+"\n"+`{"seq":2,"type":"no`), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := tl.poll(); len(got) != 1 || got[0].Seq != 1 {
		t.Fatalf("first poll: %+v, want seq 1 alone", got)
	}
	if got := tl.poll(); len(got) != 0 {
		t.Fatalf("a poll with only the half line gave %+v", got)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.WriteString(`te","detail":"whole"}` + "\n")
	if got := tl.poll(); len(got) != 1 || got[0].Seq != 2 || got[0].Body != (NoteBody{Text: "whole"}) {
		t.Fatalf("after the second half: %+v, want seq 2 whole", got)
	}
	if got := tl.poll(); len(got) != 0 {
		t.Fatalf("the whole line came again: %+v", got)
	}
}

// TestFollowStopsWithUnreadEvents: a watcher that stops reading must not
// leave the goroutine blocked on a send.
func TestFollowStopsWithUnreadEvents(t *testing.T) {
	dir := t.TempDir()
	j, err := CreateJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i := int64(1); i <= 200; i++ {
		j.Append(Event{Seq: i, Body: NoteBody{}})
	}
	j.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ch := Follow(ctx, dir, time.Millisecond)
	next(t, ch)
	cancel()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("channel never closed")
		}
	}
}

func TestFollowAfterTornLineIsCut(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, JournalFile)
	os.WriteFile(path, []byte(`{"seq":1,"type":"note"}`+"\n"+`{"seq":2,"ty`), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := Follow(ctx, dir, 2*time.Millisecond)
	if e := next(t, ch); e.Seq != 1 {
		t.Fatalf("seq %d", e.Seq)
	}
	// A resuming driver cuts the torn line and appends a new event.
	j, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	j.Append(Event{Seq: 2, Body: LaunchResumedBody{Who: "bob@h"}})
	j.Close()
	if e := next(t, ch); e.Seq != 2 || e.Type() != LaunchResumed {
		t.Fatalf("after the cut: %+v", e)
	}
}
