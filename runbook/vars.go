package runbook

import (
	"regexp"
	"strings"
)

var varName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Expand replaces ${NAME} in s with lookup(NAME) and $$ with a single $.
// Any other $ is kept as written. It returns the name of the first
// variable lookup does not know, or a description of a malformed
// reference, as err.
func Expand(s string, lookup func(string) (string, bool)) (string, error) {
	if !strings.Contains(s, "$") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '$' || i+1 >= len(s) {
			b.WriteByte(c)
			continue
		}
		switch s[i+1] {
		case '$':
			b.WriteByte('$')
			i++
		case '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", &varError{ref: s[i:], msg: "unterminated ${: close it with }"}
			}
			name := s[i+2 : i+2+end]
			if !varName.MatchString(name) {
				return "", &varError{ref: s[i : i+3+end], msg: "is not a variable name: use letters, digits and _ (write $$ for a literal $)"}
			}
			v, ok := lookup(name)
			if !ok {
				return "", &varError{ref: "${" + name, name: name, msg: "is not defined"}
			}
			b.WriteString(v)
			i += 2 + end
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// varError is a bad or undefined ${VAR} reference.
type varError struct {
	ref  string // the reference as written, for locating it
	name string // set when the variable is merely undefined
	msg  string
}

func (e *varError) Error() string {
	if e.name != "" {
		return "variable ${" + e.name + "} " + e.msg
	}
	return e.ref + " " + e.msg
}

// expand expands s, the value at path, reporting a bad reference at the
// place it is written.
func (d *decoder) expand(s string, path []string) (string, bool) {
	out, err := Expand(s, d.vars)
	if err != nil {
		ve := err.(*varError)
		msg := err.Error()
		if ve.name != "" {
			msg += ": define it in [env], pass --set " + ve.name + "=VALUE, or export it (write $$ for a literal $)"
		}
		d.errorf(d.ix.find(path, ve.ref), "%s", msg)
		return s, false
	}
	return out, true
}

// environMap reads KEY=VALUE pairs; later ones win.
func environMap(environ []string) map[string]string {
	m := make(map[string]string, len(environ))
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			m[k] = v
		}
	}
	return m
}

// Environ returns the environment of every step: base, then PAGER=cat and
// GIT_PAGER=cat (so no tool waits on a pager), then [env], the rehearsal
// overlay when it was applied, then --set parameters. Later entries win;
// each name appears once.
func (r *Runbook) Environ(base []string) []string {
	var out []string
	at := map[string]int{}
	set := func(k, v string) {
		if i, ok := at[k]; ok {
			out[i] = k + "=" + v
			return
		}
		at[k] = len(out)
		out = append(out, k+"="+v)
	}
	for _, kv := range base {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			set(k, v)
		}
	}
	set("PAGER", "cat")
	set("GIT_PAGER", "cat")
	if r == nil {
		return out
	}
	for _, e := range r.Env {
		set(e.Name, e.Value)
	}
	if r.Rehearse {
		for _, e := range r.Rehearsal.Env {
			set(e.Name, e.Value)
		}
	}
	for _, e := range r.Params {
		set(e.Name, e.Value)
	}
	return out
}
