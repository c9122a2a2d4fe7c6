package runbook

import (
	"fmt"
	"strings"
	"time"
)

var stepKeys = []string{"id", "name", "run", "rollback", "manual", "confirm", "timeout", "grace",
	"on_timeout", "on_failure", "verify", "expect", "pty", "interactive", "background", "rehearse", "workdir", "ansible", "max_fail",
	"stages", "analysis", "on_breach", "description"}

func (b *builder) steps(root *table) {
	for _, t := range root.list("cutover", "[[cutover]]", "write [[cutover]] (double brackets) for each step") {
		if s := b.step(t); s != nil {
			b.r.Cutover = append(b.r.Cutover, s)
		}
	}
}

func (b *builder) step(t *table) *Step {
	s := &Step{
		Grace: 10 * time.Second, OnTimeout: OnAsk, OnFailure: OnAsk,
		PTY: true, Rehearse: true, Pos: t.pos(),
	}
	s.ID = b.id(t, "a step in [[cutover]]")
	label := fmt.Sprintf("step %q", s.ID)
	if n, ok := t.xstr("name"); ok && n != "" {
		s.Name = n
	} else {
		s.Name = s.ID
	}

	if run, ok := t.str("run"); ok {
		if strings.TrimSpace(run) == "" {
			b.d.errorf(t.valPos("run"), "run in %s is empty: give a shell command, or remove it for a manual step", label)
		}
		s.Run = run
	}
	if rb, ok := t.str("rollback"); ok {
		if strings.TrimSpace(rb) == "" {
			b.d.errorf(t.valPos("rollback"), "rollback in %s is empty: give a shell command that undoes the step, or remove it", label)
		}
		s.Rollback = rb
	}
	if items, paths, ok := t.strs("manual"); ok {
		for i, item := range items {
			if strings.TrimSpace(item) == "" {
				b.d.errorf(b.d.ix.val(paths[i]), "a manual checklist item of %s is empty", label)
				continue
			}
			if x, ok := b.d.expand(item, paths[i]); ok {
				item = x
			}
			s.Manual = append(s.Manual, item)
		}
		if len(items) == 0 {
			b.d.errorf(t.valPos("manual"), "manual in %s is an empty checklist: list what the operator must do", label)
		}
	}
	if t.has("ansible") {
		b.stepAnsible(t, s, label)
	}
	if !t.has("run") && !t.has("manual") && !t.has("ansible") {
		b.d.errorf(s.Pos, "%s does nothing: give it a run command or a manual checklist (or an ansible playbook)", label)
	}

	if v := t.boolean("confirm"); v != nil {
		s.Confirm = *v
	}
	if d := t.duration("timeout"); d != nil {
		s.Timeout = *d
	}
	if d := t.duration("grace"); d != nil {
		s.Grace = *d
	}
	if v, ok := t.str("on_timeout"); ok {
		s.OnTimeout = b.choice(t, "on_timeout", v, OnAsk, OnFail)
	}
	if v, ok := t.str("on_failure"); ok {
		s.OnFailure = b.choice(t, "on_failure", v, OnAsk, OnRollback, OnAbort, OnContinue)
	}
	if v := t.boolean("pty"); v != nil {
		s.PTY = *v
	}
	if v := t.boolean("interactive"); v != nil {
		s.Interactive = *v
	}
	if v := t.boolean("background"); v != nil {
		s.Background = *v
	}
	b.rehearse(t, s, label)
	if t.has("workdir") {
		s.Workdir = b.workdir(t)
	}
	if s.Background && s.Run == "" {
		b.d.errorf(t.keyPos("background"), "background = true needs a run command that starts the service")
	}
	if s.Interactive && s.Run == "" {
		b.d.errorf(t.keyPos("interactive"), "interactive = true needs a run command")
	}
	if s.Interactive && s.Background {
		b.d.errorf(t.keyPos("background"), "%s cannot be both interactive and background: a background service gets no keyboard", label)
	}

	if t.has("expect") {
		if !t.has("run") {
			b.d.errorf(t.keyPos("expect"), "expect in %s tests a run command, but the step has none", label)
		}
		s.Expect = b.conditions(t, KindRun, s.PTY, label)
	}
	if v := t.sub("verify", "verify of "+t.name); v != nil {
		s.Verify = b.check(v, false, s.ID)
		if s.Verify != nil && s.Verify.Workdir == "" {
			s.Verify.Workdir = s.Workdir
		}
	}
	s.MaxFail = b.maxFail(t, label, s.Ansible != nil)
	b.stages(t, s, label)
	s.Description = b.description(t)
	t.finish(stepKeys...)
	return s
}
