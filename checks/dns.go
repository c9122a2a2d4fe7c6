package checks

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"

	"golive/runbook"
)

// dnsOnce looks a dns check's name up, through its server when it names
// one (Go's own resolver, dialling only that server), else through the
// system resolver with /etc/hosts. The lookup is bounded by the timeout.
func dnsOnce(ctx context.Context, c *runbook.Check) (*Observation, Status, string) {
	d := c.DNS
	if d == nil || strings.TrimSpace(d.Name) == "" {
		return invalidCheck(c.Kind, "the dns check has no name")
	}
	typ := strings.ToUpper(d.Type)
	if typ == "" {
		typ = "A"
	}
	switch typ {
	case "A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV":
	default:
		return invalidCheck(c.Kind, "unknown dns type %q: want A, AAAA, CNAME, TXT, MX, NS or SRV", d.Type)
	}
	res := net.DefaultResolver
	if d.Server != "" {
		if _, _, err := net.SplitHostPort(d.Server); err != nil {
			return invalidCheck(c.Kind, "bad dns server %q: want host:port", d.Server)
		}
		server := d.Server
		res = &net.Resolver{
			PreferGo: true,
			Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return (&net.Dialer{}).DialContext(ctx, network, server)
			},
		}
	}
	limit := timeout(c)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	obs := &Observation{Kind: runbook.KindDNS}
	start := time.Now()
	answers, err := lookup(ctx, res, typ, d.Name)
	obs.Duration = time.Since(start)
	if err != nil {
		return obs, Fail, dnsReason(err, typ, d.Name, limit)
	}
	obs.Latency, obs.HasLatency = obs.Duration, true
	obs.Answered, obs.Answers = true, answers
	return obs, "", ""
}

// lookup asks for one record type and writes each answer as dig would
// show its data: "10 mail.example.com." for MX, "0 5 443 svc.example."
// (priority weight port target) for SRV.
func lookup(ctx context.Context, r *net.Resolver, typ, name string) ([]string, error) {
	var out []string
	switch typ {
	case "A", "AAAA":
		network := "ip4"
		if typ == "AAAA" {
			network = "ip6"
		}
		ips, err := r.LookupIP(ctx, network, name)
		for _, ip := range ips {
			out = append(out, ip.String())
		}
		return out, err
	case "CNAME":
		cname, err := r.LookupCNAME(ctx, name)
		if err != nil {
			return nil, err
		}
		return []string{cname}, nil
	case "TXT":
		return r.LookupTXT(ctx, name)
	case "MX":
		mxs, err := r.LookupMX(ctx, name)
		for _, mx := range mxs {
			out = append(out, fmt.Sprintf("%d %s", mx.Pref, mx.Host))
		}
		return out, err
	case "NS":
		nss, err := r.LookupNS(ctx, name)
		for _, ns := range nss {
			out = append(out, ns.Host)
		}
		return out, err
	case "SRV":
		_, srvs, err := r.LookupSRV(ctx, "", "", name)
		for _, s := range srvs {
			out = append(out, fmt.Sprintf("%d %d %d %s", s.Priority, s.Weight, s.Port, s.Target))
		}
		return out, err
	}
	return nil, fmt.Errorf("unknown dns type %q", typ)
}

// dnsReason explains a failed lookup: NXDOMAIN, no record of that type,
// no answer from the server.
func dnsReason(err error, typ, name string, limit time.Duration) string {
	if e, ok := err.(*net.DNSError); ok {
		switch {
		case e.IsTimeout:
			return fmt.Sprintf("lookup %s %s: timed out after %s", typ, name, fmtDur(limit))
		case e.IsNotFound:
			return fmt.Sprintf("lookup %s %s: no such host (NXDOMAIN or no %s record)", typ, name, typ)
		}
		return fmt.Sprintf("lookup %s %s: %s", typ, name, e.Err)
	}
	return fmt.Sprintf("lookup %s %s: %s", typ, name, netReason(err, limit))
}
