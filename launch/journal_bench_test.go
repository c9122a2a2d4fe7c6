package launch

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkAppendUrgent is the cost of one state change: a line written
// and fsynced before the engine may act on it.
func BenchmarkAppendUrgent(b *testing.B) {
	j, err := CreateJournal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	e := Event{Phase: PhaseCutover, ID: "switch", Time: t0, Body: StepFinishedBody{Exit: intp(0), DurationMS: 2100}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.Seq = int64(i)
		if err := j.Append(e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendSample is the cost of a batched probe sample.
func BenchmarkAppendSample(b *testing.B) {
	j, err := CreateJournal(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := j.Append(sample(int64(i), float64(i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadAndFold10k reads a 10,000-event journal and folds it, as
// resume, report and watch do at start.
func BenchmarkReadAndFold10k(b *testing.B) {
	dir := b.TempDir()
	j, err := CreateJournal(dir, withFlushInterval(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	for _, e := range fullLaunch() {
		j.Append(e)
	}
	for i := 0; i < 10000-len(fullLaunch()); i++ {
		j.Append(sample(int64(100+i), float64(i%100)))
	}
	j.Close()
	path := filepath.Join(dir, JournalFile)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		events, err := ReadJournal(path)
		if err != nil || len(events) != 10000 {
			b.Fatal(len(events), err)
		}
		Fold(testRunbook(), events)
	}
}

func BenchmarkReportMarkdown(b *testing.B) {
	r := BuildReport(Fold(testRunbook(), fullLaunch()))
	var buf bytes.Buffer
	for i := 0; i < b.N; i++ {
		buf.Reset()
		WriteReportMarkdown(&buf, r)
	}
}
