package runbook

import (
	"fmt"
	"strconv"
	"strings"
)

// MaxFail is the failure budget of a fleet step: how many hosts may fail or
// be unreachable before the step fails. The zero value allows none.
type MaxFail struct {
	N       int  // a count of hosts, or a percentage when Percent
	Percent bool // N is a percentage of the hosts the run targeted
	Src     string
}

// ParseMaxFail reads "0%", "10%", "3" or "0".
func ParseMaxFail(s string) (MaxFail, error) {
	src := strings.TrimSpace(s)
	m := MaxFail{Src: src}
	num := src
	if strings.HasSuffix(src, "%") {
		m.Percent = true
		num = strings.TrimSpace(strings.TrimSuffix(src, "%"))
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || (m.Percent && n > 100) {
		return MaxFail{}, fmt.Errorf("max_fail %q is not a host count or a percentage: write \"0%%\", \"10%%\" or \"2\"", s)
	}
	m.N = n
	return m, nil
}

// Exceeded reports whether bad failed-or-unreachable hosts out of total
// break the budget. A percentage allows floor(N% of total) hosts.
func (m MaxFail) Exceeded(bad, total int) bool {
	if m.Percent {
		return bad*100 > m.N*total
	}
	return bad > m.N
}

// String is the budget as written ("0" when it was not written).
func (m MaxFail) String() string {
	if m.Src == "" {
		return strconv.Itoa(m.N)
	}
	return m.Src
}

// maxFail reads the max_fail field of a check or step.
func (b *builder) maxFail(t *table, label string, fleet bool) MaxFail {
	v, ok := t.m["max_fail"]
	if !ok {
		return MaxFail{}
	}
	if !fleet {
		b.d.errorf(t.keyPos("max_fail"), "max_fail in %s applies only to an ansible check or step: remove it, or add ansible = { playbook = ... }", label)
		return MaxFail{}
	}
	var src string
	switch v := v.(type) {
	case string:
		src = v
	case int64:
		src = strconv.FormatInt(v, 10)
	default:
		t.typeErr("max_fail", `a host count or a percentage like "0%"`, v)
		return MaxFail{}
	}
	m, err := ParseMaxFail(src)
	if err != nil {
		b.d.errorf(t.valPos("max_fail"), "%v (in %s)", err, label)
	}
	return m
}
