package runbook

import (
	"fmt"
	"strings"
)

// diffPeople says which people were added, removed or changed (roles, OS
// user or keys) and whether separate_approver changed: who may approve is
// part of what an operator accepts when resuming over a changed runbook.
func diffPeople(a, b *Runbook) []string {
	var out []string
	if a.Launch.SeparateApprover != b.Launch.SeparateApprover {
		out = append(out, fmt.Sprintf("separate_approver: %v → %v", a.Launch.SeparateApprover, b.Launch.SeparateApprover))
	}
	texts := func(ps []*Person) ([]string, map[string]string) {
		names := make([]string, 0, len(ps))
		m := map[string]string{}
		for _, p := range ps {
			names = append(names, p.Name)
			m[p.Name] = personText(p)
		}
		return names, m
	}
	an, at := texts(a.People)
	bn, bt := texts(b.People)
	return append(out, diffItems("person", an, at, bn, bt)...)
}

func personText(p *Person) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%v|%s", p.Roles, p.OSUser)
	for _, k := range p.SSHKeys {
		b.WriteString("|" + k.Fingerprint)
	}
	return b.String()
}
