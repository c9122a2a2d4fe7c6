package runbook

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// decoder walks the generic TOML tree and collects every problem. Decoding
// into map[string]any first (rather than straight into structs) lets the
// loader report every unknown key and every type mismatch at once, each at
// its own line, instead of stopping at the library's first complaint.
type decoder struct {
	ix    *index
	probs Problems
	vars  func(name string) (string, bool) // lookup for ${VAR} in non-shell fields
}

func (d *decoder) errorf(p Pos, format string, args ...any) {
	d.probs = append(d.probs, Problem{p, fmt.Sprintf(format, args...)})
}

// table is one TOML table (a [table], an [[array]] element or an inline
// table) being read field by field.
type table struct {
	d    *decoder
	path []string
	name string // how messages name it, e.g. "[[preflight]]" or "http of [[cutover]]"
	m    map[string]any
}

func (d *decoder) root(m map[string]any) *table {
	return &table{d: d, name: "the top level", m: m}
}

func (t *table) has(key string) bool { _, ok := t.m[key]; return ok }

func (t *table) keyPos(key string) Pos { return t.d.ix.key(child(t.path, key)) }
func (t *table) valPos(key string) Pos { return t.d.ix.val(child(t.path, key)) }

// pos is where the table itself is written.
func (t *table) pos() Pos { return t.d.ix.key(t.path) }

func (t *table) typeErr(key, want string, v any) {
	t.d.errorf(t.keyPos(key), "%s in %s must be %s, not %s", key, t.name, want, typeName(v))
}

func typeName(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("a string (%q)", v)
	case int64:
		return "an integer (" + strconv.FormatInt(v, 10) + ")"
	case float64:
		return "a number (" + strconv.FormatFloat(v, 'g', -1, 64) + ")"
	case bool:
		return "a boolean (" + strconv.FormatBool(v) + ")"
	case time.Time:
		return "a date-time"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("a %T", v)
}

// str returns a string field as written; ok is false when it is absent or
// of the wrong type (which is reported).
func (t *table) str(key string) (string, bool) {
	v, ok := t.m[key]
	if !ok {
		return "", false
	}
	s, ok := v.(string)
	if !ok {
		t.typeErr(key, "a string", v)
	}
	return s, ok
}

// xstr is str with ${VAR} expanded: for fields golive itself uses, never
// for shell commands.
func (t *table) xstr(key string) (string, bool) {
	s, ok := t.str(key)
	if !ok {
		return "", false
	}
	return t.d.expand(s, child(t.path, key))
}

func (t *table) boolean(key string) *bool {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	b, ok := v.(bool)
	if !ok {
		t.typeErr(key, "true or false", v)
		return nil
	}
	return &b
}

// integer returns an integer field of at least min.
func (t *table) integer(key string, min int) *int {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	n, ok := v.(int64)
	if !ok {
		t.typeErr(key, "an integer", v)
		return nil
	}
	if n < int64(min) || n > 1<<31 {
		t.d.errorf(t.valPos(key), "%s in %s must be at least %d, not %d", key, t.name, min, n)
		return nil
	}
	i := int(n)
	return &i
}

// duration returns a duration field written as a Go duration string.
func (t *table) duration(key string) *time.Duration {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		t.typeErr(key, `a duration string like "30s"`, v)
		return nil
	}
	d, err := parseDuration(s)
	if err != nil {
		t.d.errorf(t.valPos(key), "%s in %s: %v", key, t.name, err)
		return nil
	}
	return &d
}

func parseDuration(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("invalid duration %q: write it like \"300ms\", \"30s\", \"5m\" or \"1h30m\"", s)
	}
	if d < 0 {
		return 0, fmt.Errorf("invalid duration %q: it must not be negative", s)
	}
	return d, nil
}

// datetime returns a TOML date-time (or an RFC 3339 string). Local
// date-times are read in the machine's time zone.
func (t *table) datetime(key string) (time.Time, bool) {
	v, ok := t.m[key]
	if !ok {
		return time.Time{}, false
	}
	switch v := v.(type) {
	case time.Time:
		switch v.Location().String() {
		case "datetime-local", "date-local", "time-local":
			return time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.Local), true
		}
		return v, true
	case string:
		tm, err := time.Parse(time.RFC3339, v)
		if err != nil {
			t.d.errorf(t.valPos(key), "%s in %s: %q is not a date-time: write it like 2026-12-01T22:00:00Z", key, t.name, v)
			return time.Time{}, false
		}
		return tm, true
	}
	t.typeErr(key, "a date-time like 2026-12-01T22:00:00Z", v)
	return time.Time{}, false
}

// strs returns an array of strings with the path of each element.
func (t *table) strs(key string) ([]string, [][]string, bool) {
	v, ok := t.m[key]
	if !ok {
		return nil, nil, false
	}
	arr, ok := v.([]any)
	if !ok {
		t.typeErr(key, "an array of strings", v)
		return nil, nil, false
	}
	out := make([]string, 0, len(arr))
	paths := make([][]string, 0, len(arr))
	good := true
	for i, e := range arr {
		p := child(t.path, key, strconv.Itoa(i))
		s, ok := e.(string)
		if !ok {
			t.d.errorf(t.d.ix.val(p), "%s in %s must hold strings only; element %d is %s", key, t.name, i+1, typeName(e))
			good = false
			continue
		}
		out = append(out, s)
		paths = append(paths, p)
	}
	return out, paths, good
}

// sub returns a nested table (inline or not), or nil.
func (t *table) sub(key, name string) *table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.typeErr(key, "a table", v)
		return nil
	}
	return &table{d: t.d, path: child(t.path, key), name: name, m: m}
}

// list returns the elements of an array of tables ([[name]] or an array of
// inline tables).
func (t *table) list(key, name, hint string) []*table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	var ms []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		ms = v
	case []any:
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				t.d.errorf(t.d.ix.val(child(t.path, key, strconv.Itoa(i))), "%s must hold tables only; element %d is %s", key, i+1, typeName(e))
			}
			ms = append(ms, m)
		}
	case map[string]any:
		t.d.errorf(t.keyPos(key), "%s must be a list of tables: %s", key, hint)
		return nil
	default:
		t.typeErr(key, "a list of tables", v)
		return nil
	}
	out := make([]*table, 0, len(ms))
	for i, m := range ms {
		if m == nil {
			continue
		}
		out = append(out, &table{d: t.d, path: child(t.path, key, strconv.Itoa(i)), name: name, m: m})
	}
	return out
}

// finish reports every key of the table that is not one of known, in the
// order they are written.
func (t *table) finish(known ...string) {
	ok := map[string]bool{}
	for _, k := range known {
		ok[k] = true
	}
	var unknown []string
	for k := range t.m {
		if !ok[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Slice(unknown, func(i, j int) bool {
		return t.d.ix.keyOffset(child(t.path, unknown[i])) < t.d.ix.keyOffset(child(t.path, unknown[j]))
	})
	for _, k := range unknown {
		list := strings.Join(known, ", ")
		if s := suggest(k, known); s != "" {
			t.d.errorf(t.keyPos(k), "unknown key %q in %s: did you mean %q? (known keys: %s)", k, t.name, s, list)
			continue
		}
		t.d.errorf(t.keyPos(k), "unknown key %q in %s; known keys: %s", k, t.name, list)
	}
}

// suggest returns the known key closest to k when it is close enough to be
// a typo.
func suggest(k string, known []string) string {
	best, bestD := "", 3
	for _, c := range known {
		if d := editDistance(strings.ToLower(k), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
