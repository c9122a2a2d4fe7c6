package runbook

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Kinds lists the check kinds in the order messages show them.
var Kinds = []Kind{KindRun, KindHTTP, KindTCP, KindDNS, KindTLS, KindPrometheus, KindAnsible}

// DNSTypes are the record types a dns check may ask for.
var DNSTypes = []string{"A", "AAAA", "CNAME", "TXT", "MX", "NS", "SRV"}

var checkKeys = []string{"id", "name", "run", "http", "tcp", "dns", "tls", "prometheus",
	"expect", "retry", "timeout", "pty", "workdir", "ansible", "max_fail", "description"}

var probeKeys = append(append([]string(nil), checkKeys...), "warn", "crit", "every")

// checks reads an array of check tables ([[preflight]]).
func (b *builder) checks(root *table, key, name string) []*Check {
	var out []*Check
	for _, t := range root.list(key, name, "write "+name+" (double brackets) for each check") {
		if c := b.check(t, false, ""); c != nil {
			out = append(out, c)
		}
	}
	return out
}

// check reads one check, probe (probe set) or verify block (verifyOf is
// the id of its step). It returns nil only when nothing usable is left.
func (b *builder) check(t *table, probe bool, verifyOf string) *Check {
	c := &Check{Timeout: 10 * time.Second, Retry: Retry{Attempts: 1, Interval: time.Second}, Pos: t.pos()}
	what := "a check in " + t.name
	if probe {
		what = "a probe in " + t.name
	}
	if verifyOf != "" {
		c.ID = verifyOf + ".verify"
		if id, ok := t.str("id"); ok {
			if !idPattern.MatchString(id) {
				b.d.errorf(t.valPos("id"), "id %q: use only letters, digits, '.', '_' and '-'", id)
			}
			c.ID = id
		}
	} else {
		c.ID = b.id(t, what)
	}
	label := fmt.Sprintf("check %q", c.ID)
	if probe {
		label = fmt.Sprintf("probe %q", c.ID)
	}
	if verifyOf != "" {
		label = fmt.Sprintf("the verify of step %q", verifyOf)
	}

	if n, ok := t.xstr("name"); ok && n != "" {
		c.Name = n
	} else {
		c.Name = c.ID
	}
	b.kind(t, c, label)
	c.MaxFail = b.maxFail(t, label, c.Kind == KindAnsible)

	if d := t.duration("timeout"); d != nil {
		if *d == 0 {
			b.d.errorf(t.valPos("timeout"), "timeout must be more than 0 (the default is 10s)")
		} else {
			c.Timeout = *d
		}
	}
	if r := t.sub("retry", "retry of "+t.name); r != nil {
		if n := r.integer("attempts", 1); n != nil {
			c.Retry.Attempts = *n
		}
		if d := r.duration("interval"); d != nil {
			c.Retry.Interval = *d
		}
		b.retryCaps(r, c)
		r.finish("attempts", "interval")
	}
	if v := t.boolean("pty"); v != nil {
		c.PTY = *v
	}
	if t.has("workdir") {
		c.Workdir = b.workdir(t)
	}
	c.Expect = b.conditions(t, c.Kind, c.PTY, label)
	c.Description = b.description(t)
	if probe {
		c.Warn = b.condition(t, "warn", c.Kind, c.PTY, label)
		c.Crit = b.condition(t, "crit", c.Kind, c.PTY, label)
		if d := t.duration("every"); d != nil {
			if *d == 0 {
				b.d.errorf(t.valPos("every"), "every must be more than 0 (leave it out to use the monitor interval)")
			}
			c.Every = *d
		}
		t.finish(probeKeys...)
	} else {
		t.finish(checkKeys...)
	}
	return c
}

// kind finds the one kind of a check and reads its settings.
func (b *builder) kind(t *table, c *Check, label string) {
	var found []string
	for _, k := range Kinds {
		if t.has(string(k)) {
			found = append(found, string(k))
		}
	}
	switch len(found) {
	case 0:
		b.d.errorf(t.pos(), "%s has no kind: add one of run, http, tcp, dns, tls, prometheus, ansible", label)
		return
	case 1:
	default:
		// Point at the kind written last: it is the one most likely added
		// by mistake.
		last := found[0]
		for _, k := range found[1:] {
			if t.d.ix.keyOffset(child(t.path, k)) > t.d.ix.keyOffset(child(t.path, last)) {
				last = k
			}
		}
		names := strings.Join(found[:len(found)-1], ", ") + " and " + found[len(found)-1]
		if len(found) == 2 {
			b.d.errorf(t.keyPos(last), "%s has two kinds (%s): keep one", label, names)
		} else {
			b.d.errorf(t.keyPos(last), "%s has %d kinds (%s): keep one", label, len(found), names)
		}
		return
	}
	c.Kind = Kind(found[0])
	switch c.Kind {
	case KindRun:
		if s, ok := t.str("run"); ok {
			if strings.TrimSpace(s) == "" {
				b.d.errorf(t.valPos("run"), "run in %s is empty: give a shell command", t.name)
			}
			c.Run = s
		}
	case KindHTTP:
		c.HTTP = b.httpCheck(t)
	case KindTCP:
		if s, ok := t.xstr("tcp"); ok {
			c.TCP = s
			if err := checkHostPort(s, ""); err != nil {
				b.d.errorf(t.valPos("tcp"), "tcp %v", err)
			}
		}
	case KindDNS:
		c.DNS = b.dnsCheck(t)
	case KindTLS:
		c.TLS = b.tlsCheck(t)
	case KindPrometheus:
		c.Prometheus = b.promCheck(t)
	case KindAnsible:
		c.Ansible = b.ansible(t, label)
		if !t.has("timeout") {
			c.Timeout = DefaultAnsibleTimeout
		}
	}
}

func (b *builder) httpCheck(t *table) *HTTPCheck {
	h := t.sub("http", "http of "+t.name)
	if h == nil {
		return nil
	}
	c := &HTTPCheck{Method: "GET", FollowRedirects: true}
	if u, ok := h.xstr("url"); ok {
		c.URL = u
		if err := checkURL(u); err != nil {
			b.d.errorf(h.valPos("url"), "url %v", err)
		}
	} else if !h.has("url") {
		b.d.errorf(t.keyPos("http"), `http needs a url, e.g. http = { url = "https://example.com/healthz" }`)
	}
	if m, ok := h.str("method"); ok {
		m = strings.ToUpper(m)
		if m == "" || strings.IndexFunc(m, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
			b.d.errorf(h.valPos("method"), "method %q is not an HTTP method: use GET, HEAD, POST, PUT, ...", m)
		}
		c.Method = m
	}
	if hs := h.sub("headers", "headers of "+t.name); hs != nil {
		c.Headers = map[string]string{}
		for k := range hs.m {
			if !validHeaderName(k) {
				b.d.errorf(hs.keyPos(k), "%q is not a valid header name", k)
				continue
			}
			if v, ok := hs.xstr(k); ok {
				c.Headers[k] = v
			}
		}
	}
	c.Body, _ = h.xstr("body")
	if v := h.boolean("insecure"); v != nil {
		c.Insecure = *v
	}
	if v := h.boolean("follow_redirects"); v != nil {
		c.FollowRedirects = *v
	}
	h.finish("url", "method", "headers", "body", "insecure", "follow_redirects")
	return c
}

func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(isBare(c) || strings.IndexByte("!#$%&'*+.^`|~", c) >= 0) {
			return false
		}
	}
	return true
}

func (b *builder) dnsCheck(t *table) *DNSCheck {
	d := t.sub("dns", "dns of "+t.name)
	if d == nil {
		return nil
	}
	c := &DNSCheck{Type: "A"}
	if n, ok := d.xstr("name"); ok {
		c.Name = n
		if strings.TrimSpace(n) == "" {
			b.d.errorf(d.valPos("name"), "dns name is empty: give the name to resolve")
		}
	} else if !d.has("name") {
		b.d.errorf(t.keyPos("dns"), `dns needs a name, e.g. dns = { name = "example.com", type = "A" }`)
	}
	if ty, ok := d.str("type"); ok {
		c.Type = strings.ToUpper(ty)
		if !contains(DNSTypes, c.Type) {
			b.d.errorf(d.valPos("type"), "unknown dns type %q; use one of %s", ty, strings.Join(DNSTypes, ", "))
		}
	}
	if s, ok := d.xstr("server"); ok {
		if _, _, err := net.SplitHostPort(s); err != nil && !strings.Contains(s, "]") {
			s = net.JoinHostPort(strings.Trim(s, "[]"), "53")
		}
		c.Server = s
		if err := checkHostPort(s, ""); err != nil {
			b.d.errorf(d.valPos("server"), "dns server %v", err)
		}
	}
	d.finish("name", "type", "server")
	return c
}

func (b *builder) tlsCheck(t *table) *TLSCheck {
	s := t.sub("tls", "tls of "+t.name)
	if s == nil {
		return nil
	}
	c := &TLSCheck{}
	if a, ok := s.xstr("address"); ok {
		c.Address = a
		if err := checkHostPort(a, "example.com:443"); err != nil {
			b.d.errorf(s.valPos("address"), "tls address %v", err)
		} else if host, _, _ := net.SplitHostPort(a); host != "" {
			c.ServerName = host
		}
	} else if !s.has("address") {
		b.d.errorf(t.keyPos("tls"), `tls needs an address, e.g. tls = { address = "example.com:443" }`)
	}
	if n, ok := s.xstr("server_name"); ok && n != "" {
		c.ServerName = n
	}
	if v := s.boolean("insecure"); v != nil {
		c.Insecure = *v
	}
	s.finish("address", "server_name", "insecure")
	return c
}

func (b *builder) promCheck(t *table) *PrometheusCheck {
	p := t.sub("prometheus", "prometheus of "+t.name)
	if p == nil {
		return nil
	}
	c := &PrometheusCheck{}
	if u, ok := p.xstr("url"); ok {
		c.URL = u
		if err := checkURL(u); err != nil {
			b.d.errorf(p.valPos("url"), "url %v", err)
		}
	} else if !p.has("url") {
		b.d.errorf(t.keyPos("prometheus"), `prometheus needs a url, e.g. prometheus = { url = "http://127.0.0.1:9090", query = "up" }`)
	}
	if q, ok := p.xstr("query"); ok {
		c.Query = q
		if strings.TrimSpace(q) == "" {
			b.d.errorf(p.valPos("query"), "prometheus query is empty: give a PromQL expression")
		}
	} else if !p.has("query") {
		b.d.errorf(t.keyPos("prometheus"), `prometheus needs a query, e.g. query = "up{job=\"checkout\"}"`)
	}
	p.finish("url", "query")
	return c
}

// checkURL accepts absolute http and https URLs.
func checkURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http(s) URL: write it like \"https://host:port/path\"", s)
	}
	return nil
}

// checkHostPort accepts "host:port" with a numeric port.
func checkHostPort(s, example string) error {
	if example == "" {
		example = "127.0.0.1:5432"
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil || host == "" {
		return fmt.Errorf("%q is not host:port: write it like %q", s, example)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q has a bad port %q: use 1-65535", s, port)
	}
	return nil
}

// conditions reads the expect list of a check or step.
func (b *builder) conditions(t *table, kind Kind, pty bool, label string) []Condition {
	srcs, paths, _ := t.strs("expect")
	var out []Condition
	for i, src := range srcs {
		if c, ok := b.parseCond(src, b.d.ix.val(paths[i]), kind, pty, label); ok {
			out = append(out, c)
		}
	}
	return out
}

// condition reads a single-condition field (warn, crit).
func (b *builder) condition(t *table, key string, kind Kind, pty bool, label string) *Condition {
	src, ok := t.str(key)
	if !ok {
		return nil
	}
	c, ok := b.parseCond(src, t.valPos(key), kind, pty, label)
	if !ok {
		return nil
	}
	return &c
}

// parseCond parses a condition and checks it fits the check it is on.
func (b *builder) parseCond(src string, p Pos, kind Kind, pty bool, label string) (Condition, bool) {
	c, err := ParseCondition(src, p)
	if err != nil {
		if msg, ok := subjectHint(src, kind); ok {
			b.d.errorf(p, "bad condition %q: %s", src, msg)
			return c, false
		}
		b.d.errorf(p, "bad condition %q: %v", src, err)
		return c, false
	}
	if kind == "" {
		return c, true // the kind is already reported as missing or doubled
	}
	if !c.Subject.Applies(kind) {
		b.d.errorf(p, "condition %q does not apply to %s check: its subjects are %s", src, kindWithArticle(string(kind)), joinNames(KindSubjects[kind]))
		return c, false
	}
	if c.Subject == SubjStderr && pty {
		b.d.errorf(p, "condition %q: %s runs in a pseudo-terminal, where stderr is merged into stdout; set pty = false or test stdout", src, label)
		return c, false
	}
	return c, true
}
