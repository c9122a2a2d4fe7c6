package checks

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golive/runbook"
)

// startPrometheus runs the real prometheus binary on a free loopback port,
// scraping itself every second, and waits until a query of `up` answers.
// It skips when the binary is missing, except in CI, where it must run.
func startPrometheus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("prometheus")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("prometheus is not on PATH; CI must run this test: apt-get install prometheus")
		}
		t.Skip("prometheus is not on PATH; to run this test: apt-get install prometheus")
	}
	addr := closedPort(t)
	dir := t.TempDir()
	cfg := fmt.Sprintf("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: [%q]\n", addr)
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin,
		"--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr)
	log, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = syscall.Kill(pid, syscall.SIGKILL)
			<-exited
		}
		log.Close()
	})
	url := "http://" + addr
	// Wait-until, with the package's own check: `up` has one series once
	// the first scrape is in.
	ready := &runbook.Check{ID: "ready", Kind: runbook.KindPrometheus,
		Prometheus: &runbook.PrometheusCheck{URL: url, Query: "up"},
		Retry:      runbook.Retry{Attempts: 600, Interval: 100 * time.Millisecond}, Timeout: 5 * time.Second}
	done := make(chan Result, 1)
	go func() { done <- Run(context.Background(), ready, Options{}) }()
	select {
	case r := <-done:
		if r.Status != Pass {
			b, _ := os.ReadFile(filepath.Join(dir, "prometheus.log"))
			t.Fatalf("prometheus never answered `up`: %s\n%s", r.Reason, b)
		}
	case <-exited:
		b, _ := os.ReadFile(filepath.Join(dir, "prometheus.log"))
		t.Fatalf("prometheus exited:\n%s", b)
	}
	return url
}

func promCheck(t *testing.T, url, query string, expect ...string) *runbook.Check {
	return &runbook.Check{ID: "p", Kind: runbook.KindPrometheus, Prometheus: &runbook.PrometheusCheck{URL: url, Query: query},
		Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}, Timeout: 10 * time.Second}
}

func TestPrometheusCheck(t *testing.T) {
	url := startPrometheus(t)
	cases := []struct {
		name, query string
		expect      []string
		status      Status
		reason      string
	}{
		{"up", "up", []string{"value == 1", "count == 1"}, Pass, ""},
		{"default is one value", `up{job="self"}`, nil, Pass, ""},
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
