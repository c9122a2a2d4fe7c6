package runbook

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestStagedStep(t *testing.T) {
	r := mustParse(t, `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [5, 25.5, "all"]
run = "./set-weight.sh $GOLIVE_STAGE"
rollback = "./set-weight.sh 0"
analysis = { duration = "2m", probes = ["errors"], promote = "ask" }
on_breach = "ask"
[[cutover]]
id = "plain"
run = "true"
[monitor]
duration = "1m"
[[monitor.probe]]
id = "errors"
tcp = "127.0.0.1:1"
[[monitor.probe]]
id = "latency"
tcp = "127.0.0.1:1"
`, LoadOptions{})
	s := r.Cutover[0]
	if !slices.Equal(s.Stages, []string{"5", "25.5", "all"}) || !s.Staged() {
		t.Fatalf("stages = %q", s.Stages)
	}
	if a := s.Analysis; a == nil || a.Duration != 2*time.Minute || a.Promote != PromoteAsk || !slices.Equal(a.Probes, []string{"errors"}) {
		t.Fatalf("analysis = %+v", s.Analysis)
	}
	if s.OnBreach != OnAsk {
		t.Fatalf("on_breach = %q", s.OnBreach)
	}
	if p := r.Cutover[1]; p.Staged() || p.OnBreach != OnRollback {
		t.Fatalf("plain step: stages %q on_breach %q", p.Stages, p.OnBreach)
	}
	s.Analysis.Probes = nil
	if got := r.AnalysisProbes(s); !slices.Equal(got, []string{"errors", "latency"}) {
		t.Fatalf("default probes = %q, want every monitor probe", got)
	}
}

func TestBadStagedSteps(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"probe not in monitor", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [5, 100]
run = "true"
analysis = { duration = "1m", probes = ["erors"] }
[monitor]
duration = "1m"
[[monitor.probe]]
id = "errors"
tcp = "127.0.0.1:1"
`, `bad.toml:7:41: the analysis of step "shift" names probe "erors", which is not a monitor probe: did you mean "errors"?`},
		{"analysis without probes", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [5, 100]
run = "true"
analysis = { duration = "1m" }
`, `bad.toml:7:1: the analysis of step "shift" needs monitor probes to watch`},
		{"stage element of the wrong type", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [5, true]
run = "true"
`, `bad.toml:5:14: stages in step "shift" must hold numbers or strings; element 2 is a boolean`},
		{"duplicate stage", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [5, "5"]
run = "true"
`, `bad.toml:5:14: stage "5" of step "shift" is listed twice`},
		{"analysis without stages", `[launch]
name = "x"
[[cutover]]
id = "shift"
run = "true"
on_breach = "ask"
`, `bad.toml:6:1: on_breach in step "shift" applies to a breach between stages, but the step has no stages`},
		{"bad promote", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = [1, 2]
run = "true"
analysis = { duration = "1m", promote = "later" }
[monitor]
duration = "1m"
[[monitor.probe]]
id = "errors"
tcp = "127.0.0.1:1"
`, `bad.toml:7:41: promote in analysis of [[cutover]] is "later"; use one of auto, ask`},
		{"empty stages", `[launch]
name = "x"
[[cutover]]
id = "shift"
stages = []
run = "true"
`, `bad.toml:5:10: stages in step "shift" is empty`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.toml", []byte(tc.src), LoadOptions{Environ: []string{}})
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("got %v, want problems", err)
			}
			if len(ps) != 1 || !strings.HasPrefix(ps.Error(), tc.want) {
				t.Fatalf("got:\n%v\nwant one problem starting:\n%s", err, tc.want)
			}
		})
	}
}

func TestDiffSeesAChangedLadder(t *testing.T) {
	src := func(stages string) *Runbook {
		return mustParse(t, `[launch]
name = "d"
[[cutover]]
id = "shift"
stages = `+stages+`
run = "true"
`, LoadOptions{})
	}
	a, b := src("[10, 100]"), src("[10, 50, 100]")
	if d := Diff(a, a); len(d) != 0 {
		t.Fatalf("a ladder differs from itself: %q", d)
	}
	if d := Diff(a, b); !slices.Equal(d, []string{`cutover step "shift" changed`}) {
		t.Fatalf("Diff = %q", d)
	}
}
