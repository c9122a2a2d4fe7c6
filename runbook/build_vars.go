package runbook

import (
	"regexp"
	"sort"
	"strconv"
)

var idPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+$`)

// vars reads [env] and [rehearsal.env], applies --set, and sets up the
// lookup used to expand ${VAR} in non-shell fields.
//
// An [env] value sees --set parameters first (they are launch parameters,
// meant to feed [env]), then earlier [env] entries, then the process
// environment. The rehearsal overlay also sees every [env] entry. The
// final lookup is process env < [env] < overlay (when rehearsing) < --set.
func (b *builder) vars(root *table, environ []string, o LoadOptions) {
	proc := environMap(environ)
	set := map[string]string{}
	for _, p := range o.Set {
		if !varName.MatchString(p.Name) {
			b.d.errorf(Pos{File: b.d.ix.file}, "--set %s: not a variable name; use letters, digits and _", p.Name)
			continue
		}
		set[p.Name] = p.Value
		b.r.Params = append(b.r.Params, p)
	}

	cur := copyMap(proc)
	lookup := func(m map[string]string) func(string) (string, bool) {
		return func(name string) (string, bool) {
			if v, ok := set[name]; ok {
				return v, true
			}
			v, ok := m[name]
			return v, ok
		}
	}
	if env := root.sub("env", "[env]"); env != nil {
		b.d.vars = lookup(cur)
		b.r.Env = b.envTable(env, cur)
	}
	over := copyMap(cur)
	if reh := root.sub("rehearsal", "[rehearsal]"); reh != nil {
		if env := reh.sub("env", "[rehearsal.env]"); env != nil {
			b.d.vars = lookup(over)
			b.r.Rehearsal.Env = b.envTable(env, over)
		}
		reh.finish("env")
	}
	final := cur
	if o.Rehearse {
		final = over
	}
	for k, v := range set {
		final[k] = v
	}
	b.d.vars = func(name string) (string, bool) { v, ok := final[name]; return v, ok }
}

// envTable reads one table of variables in source order, expanding each
// value and adding it to m as it goes.
func (b *builder) envTable(t *table, m map[string]string) []EnvVar {
	names := make([]string, 0, len(t.m))
	for k := range t.m {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		return b.d.ix.keyOffset(child(t.path, names[i])) < b.d.ix.keyOffset(child(t.path, names[j]))
	})
	var out []EnvVar
	for _, name := range names {
		if !varName.MatchString(name) {
			b.d.errorf(t.keyPos(name), "%q in %s is not a variable name: use letters, digits and _, not starting with a digit", name, t.name)
			continue
		}
		var raw string
		switch v := t.m[name].(type) {
		case string:
			raw = v
		case int64:
			raw = strconv.FormatInt(v, 10)
		case float64:
			raw = strconv.FormatFloat(v, 'g', -1, 64)
		case bool:
			raw = strconv.FormatBool(v)
		default:
			t.typeErr(name, "a string", v)
			continue
		}
		val, _ := b.d.expand(raw, child(t.path, name))
		m[name] = val
		out = append(out, EnvVar{Name: name, Value: val})
	}
	return out
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
