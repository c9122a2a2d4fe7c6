package launch

import (
	"strings"

	"golive/runbook"
)

// CheckTarget says in one line what a check looks at: its command, or its
// kind and target ("GET https://…/healthz", "tcp db:5432"). Lists, the
// plan and reports show it beside the check's name.
func CheckTarget(c *runbook.Check) string {
	if c == nil {
		return ""
	}
	switch {
	case c.Run != "" || c.Kind == runbook.KindRun:
		return c.Run
	case c.HTTP != nil:
		m := c.HTTP.Method
		if m == "" {
			m = "GET"
		}
		return m + " " + c.HTTP.URL
	case c.TCP != "":
		return "tcp " + c.TCP
	case c.DNS != nil:
		parts := []string{"dns", c.DNS.Name}
		if c.DNS.Type != "" {
			parts = append(parts, c.DNS.Type)
		}
		if c.DNS.Server != "" {
			parts = append(parts, "@"+c.DNS.Server)
		}
		return strings.Join(parts, " ")
	case c.TLS != nil:
		s := "tls " + c.TLS.Address
		if c.TLS.ServerName != "" {
			s += " (" + c.TLS.ServerName + ")"
		}
		return s
	case c.Prometheus != nil:
		return "prometheus " + c.Prometheus.URL + " " + c.Prometheus.Query
	case c.Ansible != nil:
		return c.Ansible.Target()
	}
	return string(c.Kind)
}
