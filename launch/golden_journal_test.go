package launch

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/golden_state*.json from the current fold")

// goldenJournal is a journal with at least one line of every event type:
// the lines of real rehearsals, and hand-written lines for what a
// rehearsal does not reach (operators, sessions, fleets, old formats and
// a type from a newer golive).
func goldenJournal(t *testing.T) []Event {
	t.Helper()
	events, err := ReadJournal(filepath.Join("testdata", "golden_journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// TestGoldenJournalFold folds the golden journal, with and without its
// runbook, and compares the State with the one golive folded from the
// same lines before events carried typed payloads.
func TestGoldenJournalFold(t *testing.T) {
	rb, err := runbook.Load(filepath.Join("testdata", "golden_runbook.toml"), runbook.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file string
		rb   *runbook.Runbook
	}{{"golden_state.json", rb}, {"golden_state_bare.json", nil}} {
		s := Fold(c.rb, goldenJournal(t))
		got, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("testdata", c.file)
		if *updateGolden {
			if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if string(want) != string(got)+"\n" {
			_ = os.WriteFile(path+".got", append(got, '\n'), 0o644)
			t.Errorf("the fold of the golden journal differs from %s (see %s.got)", path, path)
		}
	}
}

// TestGoldenJournalLines compares the headless line and the notify names
// of every golden event with what golive printed before events carried
// typed payloads.
func TestGoldenJournalLines(t *testing.T) {
	var b strings.Builder
	for _, e := range goldenJournal(t) {
		fmt.Fprintf(&b, "%s | %s\n", FormatLine(e, time.UTC), strings.Join(notifyKinds(e), ","))
	}
	path := filepath.Join("testdata", "golden_lines.txt")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != b.String() {
		_ = os.WriteFile(path+".got", []byte(b.String()), 0o644)
		t.Errorf("the lines of the golden journal differ from %s (see %s.got)", path, path)
	}
}

// TestGoldenJournalRoundTrip reads every golden line into its typed body
// and writes it again: the JSON object is the same, key for key, so
// journals, `watch` of other versions and users' scripts see no change.
// Every event type this golive knows is in the golden journal.
func TestGoldenJournalRoundTrip(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "golden_journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[Type]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var e Event
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		seen[e.Type()] = true
		if _, unknown := e.Body.(UnknownBody); unknown == known(e.Type()) {
			t.Errorf("line %d: type %s read as %T", i+1, e.Type(), e.Body)
		}
		out, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		var want, got map[string]any
		if err := json.Unmarshal([]byte(line), &want); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("line %d: %s is not JSON: %v", i+1, out, err)
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("line %d changed:\n read %s\nwrote %s", i+1, line, out)
		}
	}
	for _, b := range bodies {
		if !seen[b.Type()] {
			t.Errorf("the golden journal has no %s line", b.Type())
		}
	}
}

// TestEventWritesItsBodyType: an event's type is its body's, and a
// line golive writes names it.
func TestEventWritesItsBodyType(t *testing.T) {
	for _, b := range bodies {
		out, err := json.Marshal(Event{Seq: 1, Body: b})
		if err != nil {
			t.Fatal(err)
		}
		var back Event
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if back.Type() != b.Type() || reflect.TypeOf(back.Body) != reflect.TypeOf(b) {
			t.Errorf("%T wrote %s, read back as %T", b, out, back.Body)
		}
	}
	if (Event{}).Type() != "" {
		t.Error("an event without a body has a type")
	}
}
