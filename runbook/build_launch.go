package runbook

import (
	"regexp"
	"time"
)

// namePattern keeps launch.name usable as one directory name.
var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$`)

var launchKeys = []string{"name", "title", "owner", "window", "freeze", "approvers", "quorum",
	"separate_approver", "shell", "max_parallel", "secrets", "mask_env", "workdir", "scrollback"}

func (b *builder) launch(root *table) {
	l := &b.r.Launch
	l.Quorum, l.Shell, l.MaxParallel, l.MaskEnv, l.Workdir = 1, "/bin/sh", 8, true, b.r.Dir
	l.Scrollback = DefaultScrollback
	t := root.sub("launch", "[launch]")
	if t == nil {
		if !root.has("launch") {
			b.d.errorf(Pos{b.d.ix.file, 1, 1}, `missing [launch] table: add [launch] with name = "..." (it names the launch's state directory)`)
		}
		return
	}
	l.Pos = t.pos()

	if name, ok := t.str("name"); ok {
		l.Name = name
		if name == "" {
			b.d.errorf(t.valPos("name"), `launch name is empty: give the launch a name, e.g. "checkout-v2"`)
		} else if !namePattern.MatchString(name) || name == "." || name == ".." {
			b.d.errorf(t.valPos("name"), "launch name %q cannot be a directory name: use letters, digits, '.', '_' and '-' (up to 128), starting with a letter or digit", name)
		}
	} else if !t.has("name") {
		b.d.errorf(l.Pos, `[launch] needs a name, e.g. name = "checkout-v2" (it names the state directory .golive/<name>/)`)
	}
	l.Title, _ = t.xstr("title")
	if l.Title == "" {
		l.Title = l.Name
	}
	l.Owner, _ = t.str("owner")

	if w := t.sub("window", "launch.window"); w != nil {
		start, ok1 := w.datetime("start")
		end, ok2 := w.datetime("end")
		if !w.has("start") || !w.has("end") {
			b.d.errorf(t.keyPos("window"), "window needs both start and end, e.g. window = { start = 2026-12-01T22:00:00Z, end = 2026-12-01T23:30:00Z }")
		} else if ok1 && ok2 {
			if !start.Before(end) {
				b.d.errorf(t.keyPos("window"), "window ends before it starts (start %s, end %s): swap them or fix the dates", fmtTime(start), fmtTime(end))
			}
			l.Window = &Window{Start: start, End: end, Pos: t.keyPos("window")}
		}
		w.finish("start", "end")
	}
	for _, f := range t.list("freeze", "launch.freeze", `write freeze = [{ start = ..., end = ..., reason = "..." }]`) {
		start, ok1 := f.datetime("start")
		end, ok2 := f.datetime("end")
		reason, _ := f.xstr("reason")
		p := f.pos()
		if !f.has("start") || !f.has("end") {
			b.d.errorf(p, "a freeze needs both start and end")
		} else if ok1 && ok2 {
			if !start.Before(end) {
				b.d.errorf(p, "freeze ends before it starts (start %s, end %s): swap them or fix the dates", fmtTime(start), fmtTime(end))
			}
			l.Freeze = append(l.Freeze, Freeze{Start: start, End: end, Reason: reason, Pos: p})
		}
		f.finish("start", "end", "reason")
	}

	if names, paths, ok := t.strs("approvers"); ok {
		seen := map[string]bool{}
		for i, n := range names {
			switch {
			case n == "":
				b.d.errorf(b.d.ix.val(paths[i]), "an approver name is empty")
			case seen[n]:
				b.d.errorf(b.d.ix.val(paths[i]), "approver %q is listed twice", n)
			default:
				seen[n] = true
				l.Approvers = append(l.Approvers, n)
			}
		}
	}
	if q := t.integer("quorum", 1); q != nil {
		l.Quorum = *q
		if len(l.Approvers) > 0 && l.Quorum > len(l.Approvers) {
			b.d.errorf(t.valPos("quorum"), "quorum %d is more than the %d approvers: lower the quorum or add approvers", l.Quorum, len(l.Approvers))
		}
	}
	if v := t.boolean("separate_approver"); v != nil {
		l.SeparateApprover = *v
	}
	if s, ok := t.str("shell"); ok {
		if s == "" {
			b.d.errorf(t.valPos("shell"), `shell is empty: remove it (default /bin/sh) or name a shell, e.g. "/bin/bash"`)
		} else {
			l.Shell = s
			l.ShellPos = t.valPos("shell")
		}
	}
	if n := t.integer("scrollback", 100); n != nil {
		l.Scrollback = *n
	}
	if n := t.integer("max_parallel", 1); n != nil {
		l.MaxParallel = *n
	}
	if names, paths, ok := t.strs("secrets"); ok {
		for i, n := range names {
			if !varName.MatchString(n) {
				b.d.errorf(b.d.ix.val(paths[i]), "secret %q is not a variable name: list the names of variables whose values are secret", n)
				continue
			}
			l.Secrets = append(l.Secrets, n)
			b.secretPos = append(b.secretPos, b.d.ix.val(paths[i]))
		}
	}
	if v := t.boolean("mask_env"); v != nil {
		l.MaskEnv = *v
	}
	if t.has("workdir") {
		if w := b.workdir(t); w != "" {
			l.Workdir = w
			l.WorkdirPos = t.valPos("workdir")
			b.r.Dir = w
		}
	}
	t.finish(launchKeys...)
}

func fmtTime(t time.Time) string { return t.Format(time.RFC3339) }

func (b *builder) gate(root *table) {
	g := &b.r.Gate
	g.Prompt, g.OnTimeout = "Proceed with the cutover?", OnAbort
	t := root.sub("gate", "[gate]")
	if t == nil {
		return
	}
	g.Present, g.Pos = true, t.pos()
	if p, ok := t.xstr("prompt"); ok && p != "" {
		g.Prompt = p
	}
	if d := t.duration("timeout"); d != nil {
		g.Timeout = *d
	}
	if v, ok := t.str("on_timeout"); ok {
		g.OnTimeout = b.choice(t, "on_timeout", v, OnAbort, OnWait)
	}
	if d := t.duration("max_check_age"); d != nil {
		g.MaxCheckAge = *d
	}
	t.finish("prompt", "timeout", "on_timeout", "max_check_age")
}

// choice checks v against the allowed values of key.
func (b *builder) choice(t *table, key, v string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	b.d.errorf(t.valPos(key), "%s in %s is %q; use one of %s", key, t.name, v, joinNames(allowed))
	return allowed[0]
}

func (b *builder) monitor(root *table) {
	t := root.sub("monitor", "[monitor]")
	if t == nil {
		return
	}
	m := &Monitor{Interval: 10 * time.Second, RollbackAfter: 3, Pos: t.pos(),
		AutoRollbackDelay: DefaultAutoRollbackDelay, AfterRollback: DefaultAfterRollback}
	if !t.has("duration") {
		b.d.errorf(m.Pos, `[monitor] needs a duration: how long the soak lasts, e.g. duration = "15m"`)
	} else if d := t.duration("duration"); d != nil {
		if *d == 0 {
			b.d.errorf(t.valPos("duration"), "monitor duration must be more than 0")
		}
		m.Duration = *d
	}
	if d := t.duration("interval"); d != nil {
		if *d <= 0 {
			b.d.errorf(t.valPos("interval"), "monitor interval must be more than 0")
		} else {
			m.Interval = *d
		}
	}
	if n := t.integer("rollback_after", 1); n != nil {
		m.RollbackAfter = *n
	}
	for _, p := range t.list("probe", "[[monitor.probe]]", "write [[monitor.probe]] (double brackets) for each probe") {
		if c := b.check(p, true, ""); c != nil {
			m.Probes = append(m.Probes, c)
		}
	}
	if len(m.Probes) == 0 && !t.has("probe") {
		b.d.errorf(m.Pos, "[monitor] has no probes: add [[monitor.probe]] entries, or remove [monitor]")
	}
	b.monitorActions(t, m)
	t.finish("duration", "interval", "rollback_after", "probe", "auto_rollback", "auto_rollback_delay", "after_rollback")
	b.r.Monitor = m
}

// NotifyEvents are the names notify.on accepts.
var NotifyEvents = []string{"started", "check_failed", "gate", "vote", "waiver", "override", "step_failed", "rollback", "verdict", "finished", "interrupted", "stage"}

func (b *builder) notify(root *table) {
	for _, t := range root.list("notify", "[[notify]]", "write [[notify]] (double brackets) for each target") {
		n := &Notify{Pos: t.pos()}
		if on, paths, ok := t.strs("on"); ok {
			for i, ev := range on {
				if !contains(NotifyEvents, ev) {
					b.d.errorf(b.d.ix.val(paths[i]), "unknown notify event %q; use one of %s", ev, joinNames(NotifyEvents))
					continue
				}
				n.On = append(n.On, ev)
			}
		}
		webhook, hookOK := t.xstr("webhook")
		n.Webhook = webhook
		n.Run, _ = t.str("run")
		switch {
		case t.has("webhook") && t.has("run"):
			b.d.errorf(t.keyPos("run"), "[[notify]] has both webhook and run: keep one (add another [[notify]] for the other)")
		case !t.has("webhook") && !t.has("run"):
			b.d.errorf(n.Pos, `[[notify]] needs a webhook (a URL to POST JSON to) or a run command`)
		case t.has("webhook"):
			if err := checkURL(n.Webhook); err != nil && hookOK {
				b.d.errorf(t.valPos("webhook"), "webhook %v", err)
			}
		case n.Run == "":
			b.d.errorf(t.valPos("run"), "run in [[notify]] is empty: give a command")
		}
		t.finish("on", "webhook", "run")
		b.r.Notify = append(b.r.Notify, n)
	}
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
