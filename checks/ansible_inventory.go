package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path"
	"regexp"
	"strconv"
	"strings"

	"golive/runbook"
)

// Inventory is the host list of an Ansible inventory, as ansible-inventory
// --list reports it: every group with its hosts, children included, in
// inventory order.
type Inventory struct {
	All    []string            // every host, in inventory order
	Groups map[string][]string // group name -> its hosts and its children's
}

// LoadInventory runs `ansible-inventory -i INVENTORY --list` (no shell) in
// dir with env and reads the hosts of every group. plan uses it for the
// host count of a fleet step.
func LoadInventory(ctx context.Context, a *runbook.Ansible, dir string, env []string) (*Inventory, error) {
	argv := []string{"--list"}
	if a.Inventory != "" {
		argv = append([]string{"-i", a.Inventory}, argv...)
	}
	cmd := exec.CommandContext(ctx, "ansible-inventory", argv...)
	cmd.Dir, cmd.Env = dir, env
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok && len(ee.Stderr) > 0 {
			return nil, fmt.Errorf("ansible-inventory: %s", strings.TrimSpace(string(ee.Stderr)))
		}
		return nil, fmt.Errorf("ansible-inventory: %w", err)
	}
	return ParseInventory(out)
}

// ParseInventory reads the JSON of ansible-inventory --list.
func ParseInventory(js []byte) (*Inventory, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(js, &raw); err != nil {
		return nil, fmt.Errorf("ansible-inventory --list: %w", err)
	}
	type group struct {
		Hosts    []string `json:"hosts"`
		Children []string `json:"children"`
	}
	groups := map[string]group{}
	for name, msg := range raw {
		if name == "_meta" {
			continue
		}
		var g group
		if err := json.Unmarshal(msg, &g); err != nil {
			return nil, fmt.Errorf("ansible-inventory --list: group %s: %w", name, err)
		}
		groups[name] = g
	}
	inv := &Inventory{Groups: map[string][]string{}}
	var hostsOf func(name string, seen map[string]bool) []string
	hostsOf = func(name string, seen map[string]bool) []string {
		if h, ok := inv.Groups[name]; ok {
			return h
		}
		if seen[name] {
			return nil // a cycle, which Ansible refuses anyway
		}
		seen[name] = true
		g := groups[name]
		out := append([]string(nil), g.Hosts...)
		for _, c := range g.Children {
			out = append(out, hostsOf(c, seen)...)
		}
		out = dedupe(out)
		inv.Groups[name] = out
		return out
	}
	for name := range groups {
		hostsOf(name, map[string]bool{})
	}
	inv.All = hostsOf("all", map[string]bool{})
	return inv, nil
}

func dedupe(xs []string) []string {
	seen := make(map[string]bool, len(xs))
	out := xs[:0]
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

// Select returns the hosts a --limit pattern picks, in inventory order,
// following Ansible's pattern rules: terms separated by ',' or ':', '&'
// to intersect and '!' to exclude, group and host names, globs ('*'),
// '~' regular expressions and group subscripts like web[0:2]. An empty
// pattern selects every host.
func (inv *Inventory) Select(pattern string) ([]string, error) {
	if strings.TrimSpace(pattern) == "" {
		return inv.All, nil
	}
	var union, inter, excl []string
	var hasInter bool
	for _, term := range splitPattern(pattern) {
		op := byte(0)
		if term[0] == '&' || term[0] == '!' {
			op, term = term[0], term[1:]
		}
		hosts, err := inv.term(term)
		if err != nil {
			return nil, err
		}
		switch op {
		case '&':
			if !hasInter {
				inter, hasInter = hosts, true
			} else {
				inter = intersect(inter, hosts)
			}
		case '!':
			excl = append(excl, hosts...)
		default:
			union = append(union, hosts...)
		}
	}
	out := dedupe(union)
	if hasInter {
		out = intersect(out, inter)
	}
	drop := map[string]bool{}
	for _, h := range excl {
		drop[h] = true
	}
	var kept []string
	for _, h := range inv.All {
		if drop[h] || !contains(out, h) {
			continue
		}
		kept = append(kept, h)
	}
	return kept, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func intersect(a, b []string) []string {
	var out []string
	for _, x := range a {
		if contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// splitPattern splits on ',' and, outside brackets, on ':' (the older
// separator), dropping empty terms.
func splitPattern(p string) []string {
	var out []string
	depth, start := 0, 0
	flush := func(end int) {
		if t := strings.TrimSpace(p[start:end]); t != "" {
			out = append(out, t)
		}
		start = end + 1
	}
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '[':
			depth++
		case ']':
			depth--
		case ',':
			flush(i)
		case ':':
			if depth == 0 && !strings.HasPrefix(strings.TrimSpace(p[start:]), "~") {
				flush(i)
			}
		}
	}
	flush(len(p))
	return out
}

var subscript = regexp.MustCompile(`^(.+)\[(-?\d+)(?::(-?\d*))?\]$`)

// term resolves one pattern term without its operator.
func (inv *Inventory) term(t string) ([]string, error) {
	if t == "all" || t == "*" {
		return inv.All, nil
	}
	if strings.HasPrefix(t, "~") {
		re, err := regexp.Compile(t[1:])
		if err != nil {
			return nil, fmt.Errorf("limit %q: %w", t, err)
		}
		return inv.match(func(s string) bool { return re.MatchString(s) }), nil
	}
	if m := subscript.FindStringSubmatch(t); m != nil {
		if hosts, ok := inv.Groups[m[1]]; ok {
			return slice(hosts, m[2], m[3], strings.Contains(t, ":")), nil
		}
	}
	if strings.ContainsAny(t, "*?[") {
		return inv.match(func(s string) bool { ok, _ := path.Match(t, s); return ok }), nil
	}
	if hosts, ok := inv.Groups[t]; ok {
		return hosts, nil
	}
	if contains(inv.All, t) {
		return []string{t}, nil
	}
	return nil, nil
}

// match returns the hosts of every group whose name matches, and every
// host whose name matches.
func (inv *Inventory) match(ok func(string) bool) []string {
	var out []string
	for name, hosts := range inv.Groups {
		if ok(name) {
			out = append(out, hosts...)
		}
	}
	for _, h := range inv.All {
		if ok(h) {
			out = append(out, h)
		}
	}
	return dedupe(out)
}

// slice applies a group subscript: [i] one host, [a:b] hosts a to b
// inclusive, [a:] from a on; negative indexes count from the end.
func slice(hosts []string, a, b string, isRange bool) []string {
	n := len(hosts)
	idx := func(s string, dflt int) int {
		if s == "" {
			return dflt
		}
		i, _ := strconv.Atoi(s)
		if i < 0 {
			i += n
		}
		return i
	}
	from := idx(a, 0)
	to := from
	if isRange {
		to = idx(b, n-1)
	}
	from, to = max(from, 0), min(to, n-1)
	if from > to || from >= n {
		return nil
	}
	return hosts[from : to+1]
}
