package checks

import (
	"context"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"golive/runbook"
)

// zone is what the test DNS server answers, by name and type.
var zone = map[string][]string{
	"a.golive.test. A":             {"a.golive.test. 60 IN A 10.0.0.1", "a.golive.test. 60 IN A 10.0.0.2"},
	"a.golive.test. AAAA":          {"a.golive.test. 60 IN AAAA 2001:db8::1"},
	"www.golive.test. CNAME":       {"www.golive.test. 60 IN CNAME a.golive.test."},
	"golive.test. TXT":             {`golive.test. 60 IN TXT "v=spf1 -all"`},
	"golive.test. MX":              {"golive.test. 60 IN MX 10 mail.golive.test."},
	"golive.test. NS":              {"golive.test. 60 IN NS ns1.golive.test.", "golive.test. 60 IN NS ns2.golive.test."},
	"_https._tcp.golive.test. SRV": {"_https._tcp.golive.test. 60 IN SRV 0 5 443 a.golive.test."},
}

// dnsServer starts a small authoritative server for zone on loopback UDP
// and returns its address.
func dnsServer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	handler := dns.HandlerFunc(func(w dns.ResponseWriter, req *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(req)
		m.Authoritative = true
		q := req.Question[0]
		key := strings.ToLower(q.Name) + " " + dns.TypeToString[q.Qtype]
		known := false
		for k := range zone {
			if strings.HasPrefix(k, strings.ToLower(q.Name)+" ") {
				known = true
			}
		}
		if q.Qtype == dns.TypeA || q.Qtype == dns.TypeAAAA {
			// Follow a CNAME the way a resolver expects to see it.
			if cn, ok := zone[strings.ToLower(q.Name)+" CNAME"]; ok {
				rr, _ := dns.NewRR(cn[0])
				m.Answer = append(m.Answer, rr)
				key = rr.(*dns.CNAME).Target + " " + dns.TypeToString[q.Qtype]
			}
		}
		for _, s := range zone[key] {
			rr, err := dns.NewRR(s)
			if err == nil {
				m.Answer = append(m.Answer, rr)
			}
		}
		if !known {
			m.Rcode = dns.RcodeNameError
		}
		_ = w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: handler}
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return pc.LocalAddr().String()
}

func dnsCheck(t *testing.T, name, typ, server string, expect ...string) *runbook.Check {
	return &runbook.Check{ID: "d", Kind: runbook.KindDNS, DNS: &runbook.DNSCheck{Name: name, Type: typ, Server: server},
		Expect: conds(t, expect...), Retry: runbook.Retry{Attempts: 1}, Timeout: 5 * time.Second}
}

func TestDNSCheck(t *testing.T) {
	server := dnsServer(t)
	cases := []struct {
		name, qname, typ string
		want             []string
	}{
		{"A", "a.golive.test", "A", []string{"10.0.0.1", "10.0.0.2"}},
		{"AAAA", "a.golive.test", "AAAA", []string{"2001:db8::1"}},
		{"CNAME", "www.golive.test", "CNAME", []string{"a.golive.test."}},
		{"TXT", "golive.test", "TXT", []string{"v=spf1 -all"}},
		{"MX", "golive.test", "MX", []string{"10 mail.golive.test."}},
		{"NS", "golive.test", "NS", []string{"ns1.golive.test.", "ns2.golive.test."}},
		{"SRV", "_https._tcp.golive.test", "SRV", []string{"0 5 443 a.golive.test."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Run(context.Background(), dnsCheck(t, tc.qname, tc.typ, server), Options{})
			if r.Status != Pass {
				t.Fatalf("%s %q", r.Status, r.Reason)
			}
			got := slices.Clone(r.Obs.Answers)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Fatalf("answers %q, want %q", got, tc.want)
			}
			if r.Summary != plural(len(tc.want), "answer") {
				t.Fatalf("summary %q", r.Summary)
			}
		})
	}

	c := dnsCheck(t, "a.golive.test", "A", server, `answers contains "10.0.0.2"`, "count == 2", "latency < 1m")
	if r := Run(context.Background(), c, Options{}); r.Status != Pass {
		t.Fatalf("conditions: %s %q", r.Status, r.Reason)
	}
	c = dnsCheck(t, "a.golive.test", "A", server, `answers contains "10.0.0.9"`)
	if r := Run(context.Background(), c, Options{}); r.Status != Fail || r.Reason != `answers do not include "10.0.0.9" (got 10.0.0.1, 10.0.0.2)` {
		t.Fatalf("false contains: %s %q", r.Status, r.Reason)
	}
	r := Run(context.Background(), dnsCheck(t, "nope.golive.test", "A", server), Options{})
	if r.Status != Fail || !strings.Contains(r.Reason, "no such host") || !strings.Contains(r.Reason, "nope.golive.test") {
		t.Fatalf("NXDOMAIN: %s %q", r.Status, r.Reason)
	}
	if r := Run(context.Background(), dnsCheck(t, "golive.test", "PTR", server), Options{}); r.Status != Error {
		t.Fatalf("unknown type: %s %q", r.Status, r.Reason)
	}
}

func TestDNSSystemResolverLocalhost(t *testing.T) {
	r := Run(context.Background(), dnsCheck(t, "localhost", "A", "", `answers contains "127.0.0.1"`), Options{})
	if r.Status != Pass {
		t.Fatalf("%s %q", r.Status, r.Reason)
	}
}

// TestDNSTimeout: a server that never answers must not hold the check
// past its timeout.
func TestDNSTimeout(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	c := dnsCheck(t, "a.golive.test", "A", pc.LocalAddr().String())
	c.Timeout = 300 * time.Millisecond
	r := Run(context.Background(), c, Options{})
	if r.Status != Fail || !strings.Contains(r.Reason, "timed out after 300ms") {
		t.Fatalf("got %s %q", r.Status, r.Reason)
	}
}
