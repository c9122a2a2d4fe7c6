package runbook

import "strings"

// Target returns what a check looks at, for plan and the cockpit: the
// command of a run check, "METHOD URL" of an http check, the address of a
// tcp or tls check, "TYPE name @server" of a dns check, the URL and query
// of a prometheus check.
func (c *Check) Target() string {
	if c == nil {
		return ""
	}
	switch c.Kind {
	case KindRun:
		return c.Run
	case KindHTTP:
		if c.HTTP != nil {
			return c.HTTP.Method + " " + c.HTTP.URL
		}
	case KindTCP:
		return c.TCP
	case KindDNS:
		if c.DNS != nil {
			s := c.DNS.Type + " " + c.DNS.Name
			if c.DNS.Server != "" {
				s += " @" + c.DNS.Server
			}
			return s
		}
	case KindTLS:
		if c.TLS != nil {
			s := c.TLS.Address
			if host := strings.TrimSuffix(c.TLS.Address, ":"+portOf(c.TLS.Address)); c.TLS.ServerName != "" && c.TLS.ServerName != host {
				s += " (" + c.TLS.ServerName + ")"
			}
			return s
		}
	case KindPrometheus:
		if c.Prometheus != nil {
			return c.Prometheus.URL + " " + c.Prometheus.Query
		}
	case KindAnsible:
		return c.Ansible.Target()
	}
	return ""
}

func portOf(addr string) string {
	if i := strings.LastIndexByte(addr, ':'); i >= 0 {
		return addr[i+1:]
	}
	return ""
}

// Target returns what a step does, for plan and the cockpit: its command,
// or its checklist items joined when it is a manual step.
func (s *Step) Target() string {
	if s == nil {
		return ""
	}
	if s.Run != "" {
		return s.Run
	}
	if s.Ansible != nil {
		return s.Ansible.Target()
	}
	return strings.Join(s.Manual, "; ")
}
