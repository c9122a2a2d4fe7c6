//go:build unix

package checks

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkPTYFlood runs `seq 1 2000000` on a pseudo-terminal with its
// output written to a log file, as a step's output is: the read path the
// cockpit and headless mode share. Beside the wall time it reports the
// CPU time of this process and of seq (cpu-ms/op), and this process's
// voluntary context switches (switches/op), which a loaded machine moves
// much less than the wall time.
func BenchmarkPTYFlood(b *testing.B) {
	log := filepath.Join(b.TempDir(), "flood.log")
	var self0, kids0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self0)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids0)
	for b.Loop() {
		f, err := os.Create(log)
		if err != nil {
			b.Fatal(err)
		}
		p, err := Start(ProcSpec{Command: "seq 1 2000000", PTY: true, Cols: 200, Rows: 50, Stdout: f})
		if err != nil {
			b.Fatal(err)
		}
		if res := p.Wait(); res.Exit != 0 || res.Err != nil {
			b.Fatalf("seq: %+v", res)
		}
		f.Close()
		if st, err := os.Stat(log); err != nil || st.Size() < 14888896 {
			b.Fatalf("the log lacks output: %v %v", st, err)
		}
	}
	var self1, kids1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self1)
	_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids1)
	cpu := func(r syscall.Rusage) time.Duration {
		return time.Duration(r.Utime.Nano() + r.Stime.Nano())
	}
	used := cpu(self1) - cpu(self0) + cpu(kids1) - cpu(kids0)
	b.ReportMetric(float64(used.Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(self1.Nvcsw-self0.Nvcsw)/float64(b.N), "switches/op")
}
