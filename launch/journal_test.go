package launch

import (
	"bytes"
	"golive/checks"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)

func intp(v int) *int           { return &v }
func floatp(v float64) *float64 { return &v }

// sampleEvents is a small launch: every kind of field in use.
func sampleEvents() []Event {
	return []Event{
		{Seq: 1, Time: t0, Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "20261125T220000Z-abcd", Name: "demo", Title: "Demo", Rehearsal: true, Driver: "ann@bastion", PID: 42, Params: map[string]string{"V": "2"}}}},
		{Seq: 2, Time: t0.Add(time.Second), Phase: PhasePreflight, ID: "disk", Body: CheckStartedBody{Attempts: 3}},
		{Seq: 3, Time: t0.Add(2 * time.Second), Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass, Attempts: 1, DurationMS: 800, Exit: intp(0), Value: floatp(12.5)}},
		{Seq: 4, Time: t0.Add(3 * time.Second), Phase: PhaseCutover, ID: "switch", Body: StepFailedBody{Attempt: 1, Exit: intp(3), DurationMS: 2100, Reason: "exit 3, want 0\nwith \"quotes\""}},
	}
}

func writeEvents(t *testing.T, dir string, events []Event) {
	t.Helper()
	j, err := CreateJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range events {
		if err := j.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestJournalRoundTrip(t *testing.T) {
	dir := t.TempDir()
	want := sampleEvents()
	writeEvents(t, dir, want)
	got, err := ReadJournal(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("read %d events, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Time.Equal(want[i].Time) {
			t.Errorf("event %d time %v, want %v", i, got[i].Time, want[i].Time)
		}
		got[i].Time, want[i].Time = time.Time{}, time.Time{}
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, JournalFile))
	if n := bytes.Count(data, []byte("\n")); n != len(want) {
		t.Errorf("%d lines for %d events: one event a line", n, len(want))
	}
}

func TestCreateJournalRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	writeEvents(t, dir, sampleEvents()[:1])
	if _, err := CreateJournal(dir); err == nil {
		t.Fatal("a second CreateJournal in the same launch directory succeeded")
	}
}

// TestReadJournalTornLastLine cuts the journal at every byte of its last
// line, as a crash mid-write would: it always loads, with every earlier
// event intact, and OpenJournal cuts the torn bytes before appending.
func TestReadJournalTornLastLine(t *testing.T) {
	dir := t.TempDir()
	events := sampleEvents()
	writeEvents(t, dir, events)
	full, err := os.ReadFile(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	lastStart := bytes.LastIndexByte(full[:len(full)-1], '\n') + 1
	for cut := lastStart; cut < len(full); cut++ {
		sub := t.TempDir()
		path := filepath.Join(sub, JournalFile)
		if err := os.WriteFile(path, full[:cut], 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadJournal(path)
		if err != nil {
			t.Fatalf("cut at %d: %v", cut, err)
		}
		if len(got) != len(events)-1 {
			t.Fatalf("cut at %d: %d events, want %d", cut, len(got), len(events)-1)
		}
		if got[len(got)-1].Seq != events[len(events)-2].Seq {
			t.Fatalf("cut at %d: last event seq %d", cut, got[len(got)-1].Seq)
		}
		// Resume: the torn bytes go, the new event gets its own line.
		j, err := OpenJournal(sub)
		if err != nil {
			t.Fatalf("cut at %d: open: %v", cut, err)
		}
		if err := j.Append(Event{Seq: 99, Time: t0, Body: LaunchResumedBody{Who: "bob@host"}}); err != nil {
			t.Fatal(err)
		}
		if err := j.Close(); err != nil {
			t.Fatal(err)
		}
		got, err = ReadJournal(path)
		if err != nil {
			t.Fatalf("cut at %d: after resume: %v", cut, err)
		}
		if len(got) != len(events) || got[len(got)-1].Type() != LaunchResumed {
			t.Fatalf("cut at %d: after resume %d events, last %q", cut, len(got), got[len(got)-1].Type())
		}
	}
}

func TestReadJournalGarbageLastLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), JournalFile)
	var buf bytes.Buffer
	buf.WriteString(`{"seq":1,"time":"2026-11-25T22:00:00Z","type":"launch_started"}` + "\n")
	buf.Write(make([]byte, 40)) // a crash can leave zeros where the line was
	buf.WriteString("\n")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJournal(path)
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d events, %v; want 1 and no error", len(got), err)
	}
}

func TestReadJournalBadMiddleLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), JournalFile)
	lines := []string{
		`{"seq":1,"time":"2026-11-25T22:00:00Z","type":"launch_started"}`,
		`{"seq":2,"time":"2026-11-25T22:00:01Z","type":"phase_started","phase":"preflight"}`,
		`{"seq":3, this is not json`,
		`{"seq":4,"time":"2026-11-25T22:00:03Z","type":"note","detail":"hi"}`,
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadJournal(path)
	if err == nil {
		t.Fatal("a bad line in the middle was accepted")
	}
	if !strings.Contains(err.Error(), "line 3") {
		t.Errorf("error %q does not name line 3", err)
	}
	if _, err := OpenJournal(filepath.Dir(path)); err == nil {
		t.Error("OpenJournal appended to a journal with a bad middle line")
	}
}

func TestReadJournalEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, JournalFile)
	if _, err := ReadJournal(path); err == nil {
		t.Error("a missing journal read without error")
	}
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJournal(path)
	if err != nil || len(got) != 0 {
		t.Errorf("empty journal: %d events, %v", len(got), err)
	}
}

func sample(seq int64, v float64) Event {
	return Event{Seq: seq, Time: t0.Add(time.Duration(seq) * time.Second), ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelOK, Value: &v}}
}

// TestJournalBatchesSamples: a probe sample waits in memory (the interval
// here is an hour, so the flusher never runs), and an urgent event writes
// it first, keeping the order.
func TestJournalBatchesSamples(t *testing.T) {
	dir := t.TempDir()
	j, err := CreateJournal(dir, withFlushInterval(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, JournalFile)
	if err := j.Append(Event{Seq: 1, Time: t0, Body: MonitorStartedBody{SoakMS: 1000}}); err != nil {
		t.Fatal(err)
	}
	for i := int64(2); i <= 4; i++ {
		if err := j.Append(sample(i, float64(i))); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := ReadJournal(path); len(got) != 1 {
		t.Fatalf("%d events on disk, want only the urgent one before a flush", len(got))
	}
	if err := j.Append(Event{Seq: 5, Time: t0, Body: VerdictBody{Verdict: VerdictStable}}); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJournal(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 5 {
		t.Fatalf("%d events after an urgent one, want 5", len(got))
	}
	for i, e := range got {
		if e.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d: order lost", i, e.Seq)
		}
	}
	if err := j.Append(sample(6, 6)); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if got, _ := ReadJournal(path); len(got) != 6 {
		t.Fatalf("%d events after Close, want 6: Close must flush", len(got))
	}
	if err := j.Append(sample(7, 7)); err == nil {
		t.Error("Append after Close succeeded")
	}
}

// TestJournalFlusher: with no urgent event to carry them, samples still
// reach the disk by themselves. The wait is generous; only arrival counts.
func TestJournalFlusher(t *testing.T) {
	dir := t.TempDir()
	j, err := CreateJournal(dir, withFlushInterval(10*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if err := j.Append(sample(1, 1)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, JournalFile)
	deadline := time.Now().Add(30 * time.Second)
	for {
		if got, _ := ReadJournal(path); len(got) == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the sample never reached the journal without an urgent event")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestJournalConcurrentAppends(t *testing.T) {
	dir := t.TempDir()
	j, err := CreateJournal(dir, withFlushInterval(time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	for g := 0; g < 4; g++ {
		go func(g int) {
			defer func() { done <- struct{}{} }()
			for i := 0; i < 50; i++ {
				e := sample(int64(g*100+i), float64(i))
				if i%5 == 0 {
					e.Body = NoteBody{}
				}
				if err := j.Append(e); err != nil {
					t.Error(err)
					return
				}
			}
		}(g)
	}
	for g := 0; g < 4; g++ {
		<-done
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJournal(filepath.Join(dir, JournalFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 200 {
		t.Fatalf("%d events, want 200", len(got))
	}
}

func FuzzReadJournal(f *testing.F) {
	f.Add([]byte(`{"seq":1,"time":"2026-11-25T22:00:00Z","type":"launch_started","launch":{"id":"x"}}` + "\n"))
	f.Add([]byte(`{"seq":1,"type":"probe_sample","value":1e400}` + "\n{\"seq\":2"))
	f.Add([]byte("\n\n{}\n"))
	f.Add([]byte(`{"type":"step_finished","exit":-1,"attempt":-5}` + "\n" + `{"type":"item_ticked","attempt":99999}` + "\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		events, _, err := parseJournal(data)
		if err != nil {
			return
		}
		// Whatever loads must fold, report and print without panicking.
		s := NewState(nil)
		for _, e := range events {
			s.Apply(e)
			_ = FormatLine(e, time.UTC)
		}
		var buf bytes.Buffer
		r := BuildReport(s.Clone())
		if err := WriteReportJSON(&buf, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteReportMarkdown(&buf, r); err != nil {
			t.Fatal(err)
		}
	})
}
