package checks

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func httpCheck(t *testing.T, url string, expect ...string) *runbook.Check {
	t.Helper()
	return &runbook.Check{ID: "h", Kind: runbook.KindHTTP, HTTP: &runbook.HTTPCheck{URL: url, FollowRedirects: true},
		Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}, Timeout: 5 * time.Second}
}

func testServer(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Version", "v2.3.1")
		fmt.Fprint(w, "ok")
	})
	mux.HandleFunc("/down", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		fmt.Fprint(w, "draining")
	})
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"up","items":[{"name":"db","ok":true},{"name":"cache","ok":false}],"ratio":0.25}`)
	})
	mux.HandleFunc("/number", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, " 0.42\n") })
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s", r.Method, r.Header.Get("Authorization"), b)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/healthz", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestHTTPCheck(t *testing.T) {
	srv := testServer(t)
	cases := []struct {
		name, path string
		expect     []string
		status     Status
		reason     string
	}{
		{"default passes", "/healthz", nil, Pass, ""},
		{"default fails on 503", "/down", nil, Fail, "status 503, want < 400"},
		{"status want", "/down", []string{"status == 200"}, Fail, "status 503, want 200"},
		{"body", "/healthz", []string{`body contains "ok"`, `body == "ok"`}, Pass, ""},
		{"body false", "/down", []string{`body contains "ok"`}, Fail, `body does not contain "ok"`},
		{"header", "/healthz", []string{`header "X-Version" matches "^v2\\."`}, Pass, ""},
		{"header false", "/healthz", []string{`header "X-Version" == "v3"`}, Fail, `header "X-Version" "v2.3.1", want "v3"`},
		{"latency", "/healthz", []string{"latency < 1m", "latency > 0"}, Pass, ""},
		{"json", "/json", []string{`json "status" == "up"`, `json "items[1].name" == "cache"`, `json "items[0].ok" == true`, `json "ratio" < 0.5`}, Pass, ""},
		{"json false", "/json", []string{`json "items[1].ok" == true`}, Fail, `json "items[1].ok" false, want true`},
		{"json missing", "/json", []string{`json "items[5].name" == "x"`}, Fail, `json "items[5].name" is missing: no element [5]`},
		{"json on a body that is not JSON", "/healthz", []string{`json "a" == "b"`}, Error, ""},
		{"value whole body", "/number", []string{"value == 0.42"}, Pass, ""},
		{"value none", "/healthz", []string{"value > 1"}, Error, "no number in the body"},
		{"redirect followed", "/moved", []string{"status == 200", `body == "ok"`}, Pass, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Run(context.Background(), httpCheck(t, srv.URL+tc.path, tc.expect...), Options{})
			if r.Status != tc.status || (tc.reason != "" && r.Reason != tc.reason) {
				t.Fatalf("got %s %q, want %s %q", r.Status, r.Reason, tc.status, tc.reason)
			}
		})
	}
}

func TestHTTPRequestShape(t *testing.T) {
	srv := testServer(t)
	c := httpCheck(t, srv.URL+"/echo", `body == "POST Bearer x {\"a\":1}"`)
	c.HTTP.Method = "post"
	c.HTTP.Body = `{"a":1}`
	c.HTTP.Headers = map[string]string{"Authorization": "Bearer x"}
	if r := Run(context.Background(), c, Options{}); r.Status != Pass {
		t.Fatalf("%s: %s", r.Status, r.Reason)
	}
	c = httpCheck(t, srv.URL+"/moved", "status == 302")
	c.HTTP.FollowRedirects = false
	if r := Run(context.Background(), c, Options{}); r.Status != Pass {
		t.Fatalf("redirect not followed: %s: %s", r.Status, r.Reason)
	}
}

func TestHTTPResultAndSummary(t *testing.T) {
	srv := testServer(t)
	r := Run(context.Background(), httpCheck(t, srv.URL+"/healthz"), Options{})
	if r.Latency <= 0 || !strings.HasPrefix(r.Summary, "200 in ") || r.Exit != -1 {
		t.Fatalf("result %+v", r)
	}
	ok, reason := Eval(cond(t, "latency > 1h"), r)
	if ok || !strings.HasPrefix(reason, "latency ") || !strings.HasSuffix(reason, ", want > 1h0m0s") {
		t.Fatalf("probe-style Eval: %v %q", ok, reason)
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestHTTPNoAnswer(t *testing.T) {
	addr := closedPort(t)
	r := Run(context.Background(), httpCheck(t, "http://"+addr+"/"), Options{})
	if r.Status != Fail || r.Reason != "connect "+addr+": connection refused" || r.Summary != "no answer" {
		t.Fatalf("got %s %q %q", r.Status, r.Reason, r.Summary)
	}
	ok, reason := Eval(cond(t, "latency > 500ms"), r)
	if ok || reason != r.Reason {
		t.Fatalf("Eval on no answer: %v %q", ok, reason)
	}

	srv := testServer(t)
	c := httpCheck(t, srv.URL+"/slow")
	c.Timeout = 300 * time.Millisecond
	r = Run(context.Background(), c, Options{})
	if r.Status != Fail || r.Reason != "timed out after 300ms" {
		t.Fatalf("slow: %s %q", r.Status, r.Reason)
	}
}

func TestHTTPAttemptLines(t *testing.T) {
	srv := testServer(t)
	c := httpCheck(t, srv.URL+"/down", "status == 200")
	c.Retry = runbook.Retry{Attempts: 3, Interval: time.Millisecond}
	out := newLines()
	r := Run(context.Background(), c, Options{Stdout: out})
	if r.Status != Fail || r.Attempt != 3 {
		t.Fatalf("%s at %d", r.Status, r.Attempt)
	}
	for i := 1; i <= 3; i++ {
		want := fmt.Sprintf("attempt %d/3: status 503, want 200", i)
		if got := out.next(t); got != want {
			t.Fatalf("line %q, want %q", got, want)
		}
	}
}

func TestHTTPS(t *testing.T) {
	serve := func(cert tls.Certificate) *httptest.Server {
		srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "ok") }))
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		srv.Config.ErrorLog = quietLog()
		srv.StartTLS()
		t.Cleanup(srv.Close)
		return srv
	}
	trusted := serve(makeCert(t, certOpts{names: []string{"localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1)}, validFor: 90 * 24 * time.Hour}))
	selfSigned := serve(makeCert(t, certOpts{names: []string{"localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1)}, validFor: 24 * time.Hour, selfSign: true}))
	wrongName := serve(makeCert(t, certOpts{names: []string{"other.example"}, validFor: 24 * time.Hour}))

	if r := Run(context.Background(), httpCheck(t, trusted.URL), Options{}); r.Status != Pass {
		t.Fatalf("trusted: %s %q", r.Status, r.Reason)
	}
	r := Run(context.Background(), httpCheck(t, selfSigned.URL), Options{})
	if r.Status != Fail || r.Reason != "certificate signed by unknown authority" {
		t.Fatalf("self-signed: %s %q", r.Status, r.Reason)
	}
	c := httpCheck(t, selfSigned.URL, `body == "ok"`)
	c.HTTP.Insecure = true
	if r := Run(context.Background(), c, Options{}); r.Status != Pass {
		t.Fatalf("insecure: %s %q", r.Status, r.Reason)
	}
	r = Run(context.Background(), httpCheck(t, strings.Replace(wrongName.URL, "127.0.0.1", "localhost", 1)), Options{})
	if r.Status != Fail || r.Reason != "certificate is valid for other.example, not localhost" {
		t.Fatalf("wrong name: %s %q", r.Status, r.Reason)
	}
}

func TestHTTPBadURL(t *testing.T) {
	c := httpCheck(t, "ftp://x")
	c.Retry.Attempts = 5
	r := Run(context.Background(), c, Options{})
	if r.Status != Error || r.Attempt != 1 || !strings.Contains(r.Reason, "bad url") {
		t.Fatalf("got %s at %d: %q", r.Status, r.Attempt, r.Reason)
	}
}

// TestHTTPValueOnlyWhenItIsOne: a result carries a value when a condition
// compares it or the body is a number; the first number of a page ("8" of
// "utf-8") is not shown as a reading.
func TestHTTPValueOnlyWhenItIsOne(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><meta charset="utf-8"><p>index ok</p></html>`)
	})
	mux.HandleFunc("/number", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, " 0.42\n") })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		path   string
		expect []string
		want   string // "" for no value
	}{
		{"/page", []string{"status == 200"}, ""},
		{"/page", []string{"value == 8"}, "8"},
		{"/number", []string{"status == 200"}, "0.42"},
	} {
		r := Run(context.Background(), httpCheck(t, srv.URL+tc.path, tc.expect...), Options{})
		got := ""
		if r.Value != nil {
			got = fmt.Sprint(*r.Value)
		}
		if r.Status != Pass || got != tc.want {
			t.Errorf("%s %v: status %s, value %q, want %q", tc.path, tc.expect, r.Status, got, tc.want)
		}
	}
}
