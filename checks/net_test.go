package checks

import (
	"context"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func TestTCPCheck(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	c := &runbook.Check{ID: "t", Kind: runbook.KindTCP, TCP: l.Addr().String(), Retry: runbook.Retry{Attempts: 1}}
	r := Run(context.Background(), c, Options{})
	if r.Status != Pass || r.Latency <= 0 || !strings.HasPrefix(r.Summary, "connected in ") {
		t.Fatalf("open port: %+v", r)
	}
	c.Expect = conds(t, "latency < 1m", "connects == true")
	if r := Run(context.Background(), c, Options{}); r.Status != Pass {
		t.Fatalf("with expect: %s %q", r.Status, r.Reason)
	}
	closed := closedPort(t)
	c = &runbook.Check{ID: "t", Kind: runbook.KindTCP, TCP: closed, Retry: runbook.Retry{Attempts: 1}}
	r = Run(context.Background(), c, Options{})
	if r.Status != Fail || r.Reason != "connect "+closed+": connection refused" {
		t.Fatalf("closed port: %s %q", r.Status, r.Reason)
	}
	c.TCP = "no-port"
	if r := Run(context.Background(), c, Options{}); r.Status != Error {
		t.Fatalf("bad address: %s %q", r.Status, r.Reason)
	}
}

// tlsServer serves TLS with cert on loopback and returns its address.
func tlsServer(t *testing.T, cert tls.Certificate, maxVersion uint16) string {
	t.Helper()
	l, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MaxVersion: maxVersion})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				_ = c.(*tls.Conn).Handshake()
				c.Close()
			}()
		}
	}()
	return l.Addr().String()
}

func tlsCheck(t *testing.T, addr, name string, expect ...string) *runbook.Check {
	return &runbook.Check{ID: "tls", Kind: runbook.KindTLS, TLS: &runbook.TLSCheck{Address: addr, ServerName: name},
		Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}, Timeout: 5 * time.Second}
}

func TestTLSCheck(t *testing.T) {
	day := 24 * time.Hour
	good := tlsServer(t, makeCert(t, certOpts{names: []string{"localhost", "api.localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1)}, validFor: 90*day - time.Hour}), 0)
	soon := tlsServer(t, makeCert(t, certOpts{names: []string{"localhost"}, validFor: 6*day + time.Hour}), 0)
	expired := tlsServer(t, makeCert(t, certOpts{names: []string{"localhost"}, expired: true}), 0)
	selfSigned := tlsServer(t, makeCert(t, certOpts{names: []string{"localhost"}, validFor: day, selfSign: true}), 0)
	old := tlsServer(t, makeCert(t, certOpts{names: []string{"localhost"}, validFor: day}), tls.VersionTLS12)

	cases := []struct {
		name, addr, server string
		expect             []string
		status             Status
		reason             string
	}{
		{"default passes", good, "localhost", nil, Pass, ""},
		{"ip address verifies", good, "", nil, Pass, ""},
		{"subjects", good, "localhost", []string{`days_left >= 88`, `days_left < 90`, `issuer == "golive test CA"`, `subject == "localhost"`, `sans contains "api.localhost"`, `sans contains "127.0.0.1"`, `version == "TLS 1.3"`}, Pass, ""},
		{"sans false", good, "localhost", []string{`sans contains "www.localhost"`}, Fail, `sans do not include "www.localhost" (got localhost, api.localhost, 127.0.0.1)`},
		{"expires soon", soon, "localhost", []string{"days_left > 14"}, Fail, "certificate expires in 6 days, want > 14"},
		{"expired", expired, "localhost", nil, Fail, "certificate has expired or is not yet valid"},
		{"unknown authority", selfSigned, "localhost", nil, Fail, "certificate signed by unknown authority"},
		{"wrong name", good, "db.example", nil, Fail, "certificate is valid for localhost, api.localhost, not db.example"},
		{"version", old, "localhost", []string{`version == "TLS 1.2"`}, Pass, ""},
		{"version false", old, "localhost", []string{`version == "TLS 1.3"`}, Fail, `version "TLS 1.2", want "TLS 1.3"`},
		{"closed port", closedPort(t), "", nil, Fail, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Run(context.Background(), tlsCheck(t, tc.addr, tc.server, tc.expect...), Options{})
			if r.Status != tc.status || (tc.reason != "" && r.Reason != tc.reason) || (r.Status != Pass && r.Reason == "") {
				t.Fatalf("got %s %q, want %s %q", r.Status, r.Reason, tc.status, tc.reason)
			}
		})
	}

	c := tlsCheck(t, selfSigned, "localhost", "days_left >= 0")
	c.TLS.Insecure = true
	r := Run(context.Background(), c, Options{})
	if r.Status != Pass || r.Summary != "expires today" && r.Summary != "expires in 1 day" {
		t.Fatalf("insecure: %s %q %q", r.Status, r.Reason, r.Summary)
	}
	r = Run(context.Background(), tlsCheck(t, soon, "localhost"), Options{})
	if r.Summary != "expires in 6 days" {
		t.Fatalf("summary %q", r.Summary)
	}
}

// TestTLSTimeout: a server that accepts but never speaks TLS must not
// hold the check past its timeout.
func TestTLSTimeout(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	var held []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	c := tlsCheck(t, l.Addr().String(), "localhost")
	c.Timeout = 300 * time.Millisecond
	r := Run(context.Background(), c, Options{})
	if r.Status != Fail || r.Reason != "timed out after 300ms" {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
}
