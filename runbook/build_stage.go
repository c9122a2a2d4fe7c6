package runbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Promote values of analysis.promote, and on_breach values.
const (
	PromoteAuto = "auto" // go to the next stage when the analysis ends steady
	PromoteAsk  = "ask"  // wait for the driver to promote or roll back
)

// Analysis is what a staged step watches after each stage but the last:
// the listed monitor probes (all of them when the list is empty) sample
// for Duration, and rollback_after consecutive critical samples of one of
// them are a breach.
type Analysis struct {
	Duration time.Duration
	Probes   []string // monitor probe ids; empty: every probe
	Promote  string   // auto (default) | ask
	Pos      Pos
	probePos []Pos // where each of Probes is written, checked once [monitor] is read
}

// analysisKeys are the keys of the analysis table.
var analysisKeys = []string{"duration", "probes", "promote"}

// stages reads stages, analysis and on_breach of step s.
func (b *builder) stages(t *table, s *Step, label string) {
	s.OnBreach = OnRollback
	if v, ok := t.m["stages"]; ok {
		arr, isArr := v.([]any)
		if !isArr {
			t.typeErr("stages", "an array of numbers or strings, like [5, 25, 50, 100]", v)
		}
		seen := map[string]bool{}
		for i, e := range arr {
			p := b.d.ix.val(child(t.path, "stages", strconv.Itoa(i)))
			var val string
			switch e := e.(type) {
			case int64:
				val = strconv.FormatInt(e, 10)
			case float64:
				val = strconv.FormatFloat(e, 'g', -1, 64)
			case string:
				val = strings.TrimSpace(e)
			default:
				b.d.errorf(p, "stages in %s must hold numbers or strings; element %d is %s", label, i+1, typeName(e))
				continue
			}
			switch {
			case val == "":
				b.d.errorf(p, "stage %d of %s is empty: name the stage, e.g. \"25\" or \"eu-west\"", i+1, label)
			case seen[val]:
				b.d.errorf(p, "stage %q of %s is listed twice: each stage must be different", val, label)
			default:
				seen[val] = true
				s.Stages = append(s.Stages, val)
			}
		}
		if isArr && len(arr) == 0 {
			b.d.errorf(t.valPos("stages"), "stages in %s is empty: list the stages, e.g. stages = [5, 25, 100], or remove it", label)
		}
		if s.Run == "" && !t.has("ansible") {
			b.d.errorf(t.keyPos("stages"), "stages in %s needs a run command or an ansible playbook: it runs once per stage", label)
		}
		if s.Background {
			b.d.errorf(t.keyPos("stages"), "%s cannot be both staged and background", label)
		}
	}
	staged := t.has("stages")
	if a := t.sub("analysis", "analysis of "+t.name); a != nil {
		if !staged {
			b.d.errorf(t.keyPos("analysis"), "analysis in %s watches between stages, but the step has no stages = [...]", label)
		}
		s.Analysis = b.analysis(a, label)
	}
	if v, ok := t.str("on_breach"); ok {
		if !staged {
			b.d.errorf(t.keyPos("on_breach"), "on_breach in %s applies to a breach between stages, but the step has no stages = [...]", label)
		}
		s.OnBreach = b.choice(t, "on_breach", v, OnRollback, OnAsk)
	}
}

func (b *builder) analysis(t *table, label string) *Analysis {
	a := &Analysis{Promote: PromoteAuto, Pos: t.pos()}
	if d := t.duration("duration"); d != nil {
		a.Duration = *d
		if a.Duration <= 0 {
			b.d.errorf(t.valPos("duration"), "duration of the analysis of %s must be above zero, e.g. \"2m\"", label)
		}
	} else if !t.has("duration") {
		b.d.errorf(a.Pos, "the analysis of %s needs a duration, e.g. analysis = { duration = \"2m\" }", label)
	}
	if ids, paths, ok := t.strs("probes"); ok {
		for i, id := range ids {
			a.Probes = append(a.Probes, id)
			a.probePos = append(a.probePos, b.d.ix.val(paths[i]))
		}
		if len(ids) == 0 {
			b.d.errorf(t.valPos("probes"), "probes of the analysis of %s is empty: name monitor probes, or remove it to watch them all", label)
		}
	}
	if v, ok := t.str("promote"); ok {
		a.Promote = b.choice(t, "promote", v, PromoteAuto, PromoteAsk)
	}
	t.finish(analysisKeys...)
	return a
}

// stageProbes checks, once [monitor] is read, that every analysis has
// probes to watch and names only monitor probes.
func (b *builder) stageProbes() {
	known := map[string]bool{}
	var ids []string
	if b.r.Monitor != nil {
		for _, p := range b.r.Monitor.Probes {
			known[p.ID] = true
			ids = append(ids, p.ID)
		}
	}
	for _, s := range b.r.Cutover {
		a := s.Analysis
		if a == nil {
			continue
		}
		if len(ids) == 0 {
			b.d.errorf(a.Pos, "the analysis of step %q needs monitor probes to watch: add [[monitor.probe]] entries", s.ID)
			continue
		}
		for i, id := range a.Probes {
			if !known[id] {
				hint := "the monitor's probes are " + joinNames(ids)
				if sug := suggest(id, ids); sug != "" {
					hint = "did you mean " + strconv.Quote(sug) + "? (" + hint + ")"
				}
				b.d.errorf(a.probePos[i], "the analysis of step %q names probe %q, which is not a monitor probe: %s", s.ID, id, hint)
			}
		}
	}
}

// Staged reports whether the step runs once per stage.
func (s *Step) Staged() bool { return len(s.Stages) > 0 }

// AnalysisProbes lists the ids of the probes the analysis after each
// stage watches: those it names, else every monitor probe.
func (r *Runbook) AnalysisProbes(s *Step) []string {
	if s.Analysis == nil {
		return nil
	}
	if len(s.Analysis.Probes) > 0 {
		return s.Analysis.Probes
	}
	var ids []string
	if r.Monitor != nil {
		for _, p := range r.Monitor.Probes {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// ladderText is what a resume compares of a staged step: a changed ladder,
// analysis or breach policy is a changed step.
func ladderText(s *Step) string {
	if !s.Staged() {
		return ""
	}
	a := ""
	if s.Analysis != nil {
		a = fmt.Sprintf("%s/%s/%s", s.Analysis.Duration, strings.Join(s.Analysis.Probes, ","), s.Analysis.Promote)
	}
	return fmt.Sprintf("|stages=%s|analysis=%s|on_breach=%s", strings.Join(s.Stages, ","), a, s.OnBreach)
}
