package checks

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golive/internal/testprom"
	"golive/runbook"
)

func promCheck(t *testing.T, url, query string, expect ...string) *runbook.Check {
	return &runbook.Check{ID: "p", Kind: runbook.KindPrometheus, Prometheus: &runbook.PrometheusCheck{URL: url, Query: query},
		Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}, Timeout: 10 * time.Second}
}

func TestPrometheusCheck(t *testing.T) {
	url := testprom.Start(t, time.Second)
	cases := []struct {
		name, query string
		expect      []string
		status      Status
		reason      string
	}{
		{"up", "up", []string{"value == 1", "count == 1"}, Pass, ""},
		{"default is one value", `up{job="test"}`, nil, Pass, ""},
		{"scalar", "scalar(up) + 1", []string{"value == 2"}, Pass, ""},
		{"false", "up", []string{"value > 1"}, Fail, "value 1, want > 1"},
		{"empty", `up{job="nope"}`, nil, Fail, "query returned no series"},
		{"several series", "up or vector(2)", nil, Fail, "query returned 2 series, want 1"},
		{"range vector", "up[1m]", nil, Error, "query returned a range vector, want one value (drop the [range])"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Run(context.Background(), promCheck(t, url, tc.query, tc.expect...), Options{})
			if r.Status != tc.status || r.Reason != tc.reason {
				t.Fatalf("got %s %q, want %s %q", r.Status, r.Reason, tc.status, tc.reason)
			}
		})
	}
	r := Run(context.Background(), promCheck(t, url, "up"), Options{})
	if r.Value == nil || *r.Value != 1 || r.Summary != "value 1" {
		t.Fatalf("result %+v", r)
	}

	// A query the server rejects is an error with the server's words.
	r = Run(context.Background(), promCheck(t, url, "sum(up"), Options{})
	if r.Status != Error || !strings.HasPrefix(r.Reason, "query rejected: ") || !strings.Contains(r.Reason, "parse error") {
		t.Fatalf("bad query: %s %q", r.Status, r.Reason)
	}
}

func TestPrometheusUnreachable(t *testing.T) {
	addr := closedPort(t)
	r := Run(context.Background(), promCheck(t, "http://"+addr, "up"), Options{})
	if r.Status != Fail || r.Reason != "connect "+addr+": connection refused" {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
	r = Run(context.Background(), promCheck(t, "not a url", "up"), Options{})
	if r.Status != Error {
		t.Fatalf("bad url: %s %q", r.Status, r.Reason)
	}
}

// TestPrometheusServerErrorIsAFail: a server answering 503 answered
// wrongly; that is a fail, not an error.
func TestPrometheusServerErrorIsAFail(t *testing.T) {
	srv := testServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	})
	r := Run(context.Background(), promCheck(t, srv, "up"), Options{})
	if r.Status != Fail || !strings.Contains(r.Reason, "503") {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
}
