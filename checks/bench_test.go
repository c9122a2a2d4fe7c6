package checks

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golive/runbook"
)

// BenchmarkPreflight200 runs 200 http checks against a loopback server
// that answers after 100ms, through RunAll at several caps, and reports
// the wall time against the slowest single check (goal: within 1.5x at
// max_parallel 200).
func BenchmarkPreflight200(b *testing.B) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		fmt.Fprint(w, "ok")
	}))
	srv.Config.ErrorLog = quietLog()
	srv.Start()
	defer srv.Close()
	checks := make([]*runbook.Check, 200)
	for i := range checks {
		checks[i] = &runbook.Check{ID: fmt.Sprint("c", i), Kind: runbook.KindHTTP,
			HTTP: &runbook.HTTPCheck{URL: srv.URL + "/healthz", FollowRedirects: true}, Retry: runbook.Retry{Attempts: 1}}
	}
	for _, par := range []int{200, 50, 10} {
		b.Run(fmt.Sprint("max_parallel=", par), func(b *testing.B) {
			var ratio, slowestMS float64
			for b.Loop() {
				start := time.Now()
				results := RunAll(context.Background(), checks, par, Options{}, nil)
				wall := time.Since(start)
				var slowest time.Duration
				for _, r := range results {
					if r.Status != Pass {
						b.Fatalf("%s: %s", r.Status, r.Reason)
					}
					slowest = max(slowest, r.Duration)
				}
				ratio += float64(wall) / float64(slowest)
				slowestMS += float64(slowest) / float64(time.Millisecond)
			}
			b.ReportMetric(ratio/float64(b.N), "wall/slowest")
			b.ReportMetric(slowestMS/float64(b.N), "slowest-ms")
		})
	}
}
