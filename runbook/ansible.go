package runbook

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// KindAnsible is a check or step that runs an Ansible playbook over a fleet
// of hosts and follows every host.
const KindAnsible Kind = "ansible"

// Ansible is the ansible table of a check or step:
//
//	ansible = { playbook = "deploy.yml", inventory = "hosts.ini", limit = "web",
//	            extra_vars = { version = "v2" }, forks = 20, check = false }
type Ansible struct {
	Playbook  string // absolute path of the playbook
	Inventory string // absolute path, or a comma list of hosts as written; empty: Ansible's default
	// PlaybookSrc and InventorySrc are the paths as written, for plan.
	PlaybookSrc, InventorySrc string
	// Limit is the --limit pattern with ${VAR} expanded except the stage
	// variables (${GOLIVE_STAGE}, ${GOLIVE_STAGE_INDEX}), which are known only
	// when a stage runs; any other literal $ is kept escaped as $$. Use
	// LimitFor to get the pattern of one stage.
	Limit string
	// ExtraVars are passed to ansible-playbook as JSON (never on the command
	// line); string values have ${VAR} expanded. Values are TOML values:
	// strings, numbers, booleans, arrays and tables.
	ExtraVars map[string]any
	Forks     int  // 0: Ansible's default
	Check     bool // always run in --check --diff mode
	Pos       Pos  // where the ansible key is written
}

// DefaultAnsibleTimeout bounds an ansible check that sets no timeout: a
// playbook over a fleet takes minutes, not the 10 seconds of a probe.
const DefaultAnsibleTimeout = 30 * time.Minute

// stageVars are the variables ansible.limit may use that are set only when
// a stage of a staged step runs.
var stageVars = map[string]bool{"GOLIVE_STAGE": true, "GOLIVE_STAGE_INDEX": true}

// stageMark stands in for a stage variable while the rest of limit is
// expanded at load; it cannot occur in TOML text.
const stageMark = "\x00"

// LimitFor returns the limit pattern for a run of the given stage (both
// empty outside a staged step).
func (a *Ansible) LimitFor(stage, index string) string {
	out, err := Expand(a.Limit, func(name string) (string, bool) {
		switch name {
		case "GOLIVE_STAGE":
			return stage, true
		case "GOLIVE_STAGE_INDEX":
			return index, true
		}
		return "", false
	})
	if err != nil {
		return a.Limit // only the stage variables are left; load checked them
	}
	return out
}

// SecretValues returns the values of extra_vars whose names say they hold
// a secret (TOKEN, SECRET, PASSWORD or KEY, at any depth), which golive
// masks like any secret. Values that come from a secret variable
// (${DEPLOY_TOKEN}) are masked already, as that variable's value. Every
// value stays off the command line either way (ansible-playbook reads them
// from a private file).
func (a *Ansible) SecretValues() []string {
	var out []string
	var walk func(name string, v any)
	walk = func(name string, v any) {
		switch v := v.(type) {
		case string:
			if v != "" && secretName(name) {
				out = append(out, v)
			}
		case []any:
			for _, e := range v {
				walk(name, e)
			}
		case map[string]any:
			for k, e := range v {
				walk(k, e)
				if secretName(name) {
					walk(name, e)
				}
			}
		}
	}
	for k, v := range a.ExtraVars {
		walk(k, v)
	}
	return out
}

// Target is the run as plan and the cockpit show it: the playbook, the
// inventory, the limit, forks and check mode as written, and the names of
// the extra variables with their values masked.
func (a *Ansible) Target() string {
	if a == nil {
		return ""
	}
	parts := []string{"ansible-playbook", a.PlaybookSrc}
	if a.InventorySrc != "" {
		parts = append(parts, "-i", a.InventorySrc)
	}
	if a.Limit != "" {
		parts = append(parts, "--limit", a.Limit)
	}
	names := make([]string, 0, len(a.ExtraVars))
	for k := range a.ExtraVars {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		parts = append(parts, "-e", k+"=•••")
	}
	if a.Forks > 0 {
		parts = append(parts, "--forks", strconv.Itoa(a.Forks))
	}
	if a.Check {
		parts = append(parts, "--check", "--diff")
	}
	return strings.Join(parts, " ")
}

// UsesStage reports whether limit names a stage variable.
func (a *Ansible) UsesStage() bool {
	return strings.Contains(a.Limit, "${GOLIVE_STAGE")
}

var ansibleKeys = []string{"playbook", "inventory", "limit", "extra_vars", "forks", "check"}

// ansible reads the ansible table of t (a check or a step). dir is where
// relative paths start: the workdir of the check or step, else the
// runbook's directory.
func (b *builder) ansible(t *table, label string) *Ansible {
	s := t.sub("ansible", "ansible of "+t.name)
	if s == nil {
		return nil
	}
	a := &Ansible{Pos: t.keyPos("ansible")}
	dir := b.baseDir(t)
	if p, ok := s.xstr("playbook"); ok {
		switch {
		case strings.TrimSpace(p) == "":
			b.d.errorf(s.valPos("playbook"), "playbook in %s is empty: name the playbook file, e.g. playbook = \"deploy.yml\"", label)
		default:
			a.Playbook, a.PlaybookSrc = resolve(dir, p), p
			if fi, err := os.Stat(a.Playbook); err != nil || fi.IsDir() {
				b.d.errorf(s.valPos("playbook"), "playbook %q of %s is not a file (looked for %s): fix the path; it is relative to the step's workdir or the runbook's directory", p, label, a.Playbook)
			}
		}
	} else if !s.has("playbook") {
		b.d.errorf(a.Pos, `ansible in %s needs a playbook, e.g. ansible = { playbook = "deploy.yml", inventory = "hosts.ini" }`, label)
	}
	if inv, ok := s.xstr("inventory"); ok {
		switch {
		case strings.TrimSpace(inv) == "":
			b.d.errorf(s.valPos("inventory"), "inventory in %s is empty: name an inventory file or directory, or remove it to use Ansible's default", label)
		case strings.Contains(inv, ","):
			a.Inventory, a.InventorySrc = inv, inv // a host list such as "web1,web2,"
		default:
			a.Inventory, a.InventorySrc = resolve(dir, inv), inv
			if _, err := os.Stat(a.Inventory); err != nil {
				b.d.errorf(s.valPos("inventory"), "inventory %q of %s does not exist (looked for %s): fix the path, or write hosts as a comma list like \"web1,web2,\"", inv, label, a.Inventory)
			}
		}
	}
	if l, ok := s.str("limit"); ok {
		a.Limit = b.limit(l, child(s.path, "limit"))
		if strings.TrimSpace(l) == "" {
			b.d.errorf(s.valPos("limit"), "limit in %s is empty: give a host pattern such as \"web\", or remove it", label)
		}
	}
	if ev := s.sub("extra_vars", "extra_vars of "+t.name); ev != nil {
		a.ExtraVars = map[string]any{}
		for k := range ev.m {
			a.ExtraVars[k] = b.extraVar(ev.m[k], child(ev.path, k))
		}
	}
	if n := s.integer("forks", 1); n != nil {
		a.Forks = *n
	}
	if v := s.boolean("check"); v != nil {
		a.Check = *v
	}
	s.finish(ansibleKeys...)
	return a
}

// baseDir is where relative paths of t start. Problems with the workdir
// field itself are reported where it is read, not here.
func (b *builder) baseDir(t *table) string {
	if w, ok := t.m["workdir"].(string); ok && strings.TrimSpace(w) != "" {
		if x, err := Expand(w, b.d.vars); err == nil {
			return resolve(b.r.Dir, x)
		}
	}
	return b.r.Dir
}

func resolve(dir, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(dir, p)
}

// limit expands ${VAR} in a limit pattern, keeping the stage variables for
// run time (see Ansible.LimitFor).
func (b *builder) limit(src string, path []string) string {
	saved := b.d.vars
	b.d.vars = func(name string) (string, bool) {
		if stageVars[name] {
			return stageMark + name + stageMark, true
		}
		if saved == nil {
			return "", false
		}
		return saved(name)
	}
	out, ok := b.d.expand(src, path)
	b.d.vars = saved
	if !ok {
		return src
	}
	out = strings.ReplaceAll(out, "$", "$$")
	for name := range stageVars {
		out = strings.ReplaceAll(out, stageMark+name+stageMark, "${"+name+"}")
	}
	return out
}

// extraVar converts one TOML value of extra_vars to the value passed to
// Ansible, expanding ${VAR} in strings.
func (b *builder) extraVar(v any, path []string) any {
	switch v := v.(type) {
	case string:
		x, _ := b.d.expand(v, path)
		return x
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = b.extraVar(e, child(path, fmt.Sprint(i)))
		}
		return out
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = b.extraVar(e, child(path, fmt.Sprint(i)))
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = b.extraVar(e, child(path, k))
		}
		return out
	case interface{ Format(string) string }: // a TOML date-time
		return fmt.Sprint(v)
	}
	return v
}

// stepAnsible reads the ansible table of a fleet step. A fleet step runs the
// playbook instead of a command, so run and ansible exclude each other.
func (b *builder) stepAnsible(t *table, s *Step, label string) {
	if t.has("run") {
		first, second := "run", "ansible"
		if t.d.ix.keyOffset(child(t.path, "run")) > t.d.ix.keyOffset(child(t.path, "ansible")) {
			first, second = second, first
		}
		b.d.errorf(t.keyPos(second), "%s has both %s and %s: keep one (a fleet step runs its playbook, not a command)", label, first, second)
		return
	}
	s.Ansible = b.ansible(t, label)
}

// RehearseCheck is the rehearse value that runs an ansible step in check
// mode under --rehearse.
const RehearseCheck = "check"

// rehearse reads the rehearse field of a step: true, false, or "check"
// (ansible steps only).
func (b *builder) rehearse(t *table, s *Step, label string) {
	v, ok := t.m["rehearse"]
	if !ok {
		return
	}
	switch v := v.(type) {
	case bool:
		s.Rehearse = v
	case string:
		if v != RehearseCheck {
			b.d.errorf(t.valPos("rehearse"), "rehearse in %s is %q: use true, false or \"check\" (check mode, ansible steps only)", label, v)
			return
		}
		if !t.has("ansible") {
			b.d.errorf(t.valPos("rehearse"), "rehearse = \"check\" in %s needs an ansible playbook: only a fleet step has a check mode", label)
			return
		}
		s.Rehearse, s.RehearseCheck = true, true
	default:
		t.typeErr("rehearse", `true, false or "check"`, v)
	}
}

// CheckMode reports whether a fleet step runs in --check --diff mode: when
// its ansible table says check = true, or under --rehearse with
// rehearse = "check".
func (s *Step) CheckMode(rehearse bool) bool {
	return s.Ansible != nil && (s.Ansible.Check || (rehearse && s.RehearseCheck))
}
