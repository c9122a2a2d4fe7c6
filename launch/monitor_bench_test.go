package launch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"golive/runbook"
)

// BenchmarkSoak50Probes runs a soak of 50 http probes sampling every
// 100 ms against a loopback server, and reports memory, goroutines and CPU
// at a checkpoint and near the end of the soak: flat is the goal; the
// goroutines left after Run returns show that nothing leaked. The soak lasts 20s by
// default; GOLIVE_BENCH_SOAK=10m runs the full ten minutes (checkpoint at
// one minute):
//
//	GOLIVE_BENCH_SOAK=10m go test ./launch/ -run '^$' -bench Soak50 -benchtime 1x -timeout 20m
func BenchmarkSoak50Probes(b *testing.B) {
	soak := 20 * time.Second
	if v := os.Getenv("GOLIVE_BENCH_SOAK"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatalf("GOLIVE_BENCH_SOAK: %v", err)
		}
		soak = d
	}
	checkpoint := min(time.Minute, soak/4)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "ok")
	}))
	defer srv.Close()
	var probes strings.Builder
	for i := range 50 {
		fmt.Fprintf(&probes, "\n[[monitor.probe]]\nid = \"p%02d\"\nhttp = { url = \"%s/p%02d\" }\nwarn = \"latency > 200ms\"\ncrit = \"latency > 500ms\"\ntimeout = \"1s\"\n", i, srv.URL, i)
	}
	src := fmt.Sprintf(`
[launch]
name = "bench"

[[cutover]]
id = "switch"
run = "true"

[monitor]
duration = "%s"
interval = "100ms"
rollback_after = 1000000
%s`, soak, probes.String())

	for range b.N {
		var samples atomic.Int64
		rb := writeRunbookB(b, src)
		e, err := New(Options{Runbook: rb, Root: b.TempDir(), Rehearse: true, Yes: true, Headless: true,
			OnEvent: func(ev Event) {
				if ev.Type() == ProbeSample {
					samples.Add(1)
				}
			}})
		if err != nil {
			b.Fatal(err)
		}
		type mark struct {
			rss        int64
			goroutines int
			cpu        time.Duration
			samples    int64
		}
		measure := func() mark {
			runtime.GC()
			return mark{rss: rssKB(), goroutines: runtime.NumGoroutine(), cpu: cpuTime(), samples: samples.Load()}
		}
		start := measure()
		began := time.Now()
		mid, late := make(chan mark, 1), make(chan mark, 1)
		go func() {
			time.Sleep(checkpoint)
			mid <- measure()
			time.Sleep(soak - soak/20 - checkpoint)
			late <- measure()
		}()
		code := e.Run(context.Background())
		end := measure()
		elapsed := time.Since(began)
		if code != 0 {
			b.Fatalf("soak ended with exit %d", code)
		}
		m, l := <-mid, <-late
		b.ReportMetric(float64(m.rss), "rss_KB_at_checkpoint")
		b.ReportMetric(float64(l.rss), "rss_KB_near_end")
		b.ReportMetric(float64(m.goroutines), "goroutines_at_checkpoint")
		b.ReportMetric(float64(l.goroutines), "goroutines_near_end")
		b.ReportMetric(float64(end.goroutines), "goroutines_after")
		b.ReportMetric(100*(end.cpu-start.cpu).Seconds()/elapsed.Seconds(), "cpu_%")
		b.ReportMetric(float64(end.samples)/elapsed.Seconds(), "samples/s")
		b.Logf("soak %s, checkpoint %s: rss %d KB → %d KB near the end, goroutines %d → %d (%d after), cpu %.1f%% of one core, %d samples",
			soak, checkpoint, m.rss, l.rss, m.goroutines, l.goroutines, end.goroutines, 100*(end.cpu-start.cpu).Seconds()/elapsed.Seconds(), end.samples)
	}
}

// writeRunbookB is writeRunbook for benchmarks.
func writeRunbookB(b *testing.B, src string) *runbook.Runbook {
	b.Helper()
	dir := b.TempDir()
	path := dir + "/golive.toml"
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	rb, err := runbook.Load(path, runbook.LoadOptions{Rehearse: true})
	if err != nil {
		b.Fatal(err)
	}
	return rb
}

// rssKB is this process's resident set size.
func rssKB() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), &kb)
			return kb
		}
	}
	return -1
}

// cpuTime is the user and system CPU this process used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
