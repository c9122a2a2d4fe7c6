package runbook

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Diff says, one line a change, how runbook b differs from a in what a
// launch does: checks, steps and probes added, removed, reordered or
// changed, and the launch settings the gate and window depend on. Resume
// shows it so an operator knows what they accept when a runbook changed
// under a running launch. Values of variables are not shown (they may be
// secrets): only their names.
func Diff(a, b *Runbook) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	if a.Title() != b.Title() {
		add("title: %q → %q", a.Title(), b.Title())
	}
	if !slices.Equal(a.Launch.Approvers, b.Launch.Approvers) || a.Launch.Quorum != b.Launch.Quorum {
		add("approvers: %v quorum %d → %v quorum %d", a.Launch.Approvers, a.Launch.Quorum, b.Launch.Approvers, b.Launch.Quorum)
	}
	if windowText(a.Launch.Window) != windowText(b.Launch.Window) {
		add("window: %s → %s", windowText(a.Launch.Window), windowText(b.Launch.Window))
	}
	if len(a.Launch.Freeze) != len(b.Launch.Freeze) {
		add("freezes: %d → %d", len(a.Launch.Freeze), len(b.Launch.Freeze))
	}
	out = append(out, diffPeople(a, b)...)
	out = append(out, diffEnv("env", a.Env, b.Env)...)

	checkTexts := func(cs []*Check) ([]string, map[string]string) {
		ids := make([]string, 0, len(cs))
		texts := map[string]string{}
		for _, c := range cs {
			ids = append(ids, c.ID)
			texts[c.ID] = checkText(c)
		}
		return ids, texts
	}
	ai, at := checkTexts(a.Preflight)
	bi, bt := checkTexts(b.Preflight)
	out = append(out, diffItems("pre-flight check", ai, at, bi, bt)...)

	stepTexts := func(ss []*Step) ([]string, map[string]string) {
		ids := make([]string, 0, len(ss))
		texts := map[string]string{}
		for _, s := range ss {
			ids = append(ids, s.ID)
			texts[s.ID] = stepText(s)
		}
		return ids, texts
	}
	ai, at = stepTexts(a.Cutover)
	bi, bt = stepTexts(b.Cutover)
	out = append(out, diffItems("cutover step", ai, at, bi, bt)...)

	var ap, bp []*Check
	var ad, bd time.Duration
	if a.Monitor != nil {
		ap, ad = a.Monitor.Probes, a.Monitor.Duration
	}
	if b.Monitor != nil {
		bp, bd = b.Monitor.Probes, b.Monitor.Duration
	}
	if ad != bd {
		add("monitor duration: %s → %s", ad, bd)
	}
	ai, at = checkTexts(ap)
	bi, bt = checkTexts(bp)
	out = append(out, diffItems("probe", ai, at, bi, bt)...)
	return out
}

// diffItems compares two ordered lists of ids with a text per id.
func diffItems(what string, aIDs []string, aText map[string]string, bIDs []string, bText map[string]string) []string {
	var out []string
	for _, id := range aIDs {
		if _, ok := bText[id]; !ok {
			out = append(out, fmt.Sprintf("%s %q removed", what, id))
		}
	}
	for _, id := range bIDs {
		old, ok := aText[id]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %q added", what, id))
		case old != bText[id]:
			out = append(out, fmt.Sprintf("%s %q changed", what, id))
		}
	}
	common := func(ids []string, other map[string]string) []string {
		var keep []string
		for _, id := range ids {
			if _, ok := other[id]; ok {
				keep = append(keep, id)
			}
		}
		return keep
	}
	if ca, cb := common(aIDs, bText), common(bIDs, aText); !slices.Equal(ca, cb) {
		out = append(out, fmt.Sprintf("%ss reordered: %s → %s", what, strings.Join(ca, ", "), strings.Join(cb, ", ")))
	}
	return out
}

func diffEnv(what string, a, b []EnvVar) []string {
	av, bv := map[string]string{}, map[string]string{}
	for _, v := range a {
		av[v.Name] = v.Value
	}
	for _, v := range b {
		bv[v.Name] = v.Value
	}
	var out []string
	for _, v := range a {
		if _, ok := bv[v.Name]; !ok {
			out = append(out, fmt.Sprintf("%s %s removed", what, v.Name))
		}
	}
	for _, v := range b {
		old, ok := av[v.Name]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("%s %s added", what, v.Name))
		case old != v.Value:
			out = append(out, fmt.Sprintf("%s %s changed", what, v.Name))
		}
	}
	return out
}

func windowText(w *Window) string {
	if w == nil {
		return "none"
	}
	return w.Start.UTC().Format(time.RFC3339) + " to " + w.End.UTC().Format(time.RFC3339)
}

// checkText is everything about a check that changes what it does.
func checkText(c *Check) string {
	var conds []string
	for _, x := range c.Expect {
		conds = append(conds, x.Source)
	}
	for _, x := range []*Condition{c.Warn, c.Crit} {
		if x != nil {
			conds = append(conds, x.Source)
		}
	}
	return fmt.Sprintf("%s|%s|%s|%d|%s|%s|%v", c.Kind, c.Target(), strings.Join(conds, ";"), c.Retry.Attempts, c.Retry.Interval, c.Timeout, c.PTY)
}

// stepText is everything about a step that changes what it does.
func stepText(s *Step) string {
	v := ""
	if s.Verify != nil {
		v = checkText(s.Verify)
	}
	return fmt.Sprintf("%s|%s|%s|%s|%v|%v|%v|%s|%s|%s|%s|%s", s.Run, s.Target(), s.Rollback, strings.Join(s.Manual, ";"), s.Confirm,
		s.Background, s.Interactive, s.Timeout, s.OnFailure, s.OnTimeout, v, s.Workdir)
}
