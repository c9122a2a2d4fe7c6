package launch

import (
	"strings"
	"testing"
)

// What golive run does about an unfinished launch, by its flags.
func TestChooseResume(t *testing.T) {
	same := &Resumable{State: &State{Launch: LaunchInfo{ID: "L1", Name: "shop"}, Phase: PhaseCutover}}
	changed := &Resumable{State: same.State, Changes: []string{"step b: run changed"}}
	cases := []struct {
		name  string
		r     *Resumable
		f     ResumeFlags
		want  ResumeChoice
		error string
	}{
		{"cockpit asks", same, ResumeFlags{}, AskOperator, ""},
		{"--resume", same, ResumeFlags{Resume: true}, ResumeIt, ""},
		{"--fresh", changed, ResumeFlags{Fresh: true, Headless: true}, StartFresh, ""},
		{"headless must say", same, ResumeFlags{Headless: true}, StartFresh, "Add --resume to continue it or --fresh"},
		{"changed, --resume", changed, ResumeFlags{Resume: true}, StartFresh, "Add --accept-changes"},
		{"changed, accepted", changed, ResumeFlags{Resume: true, AcceptChanges: true}, ResumeIt, ""},
		{"changed, the cockpit shows it", changed, ResumeFlags{}, AskOperator, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ChooseResume(c.r, "golive.toml", c.f)
			if got != c.want {
				t.Errorf("choice %d, want %d", got, c.want)
			}
			if (err == nil) != (c.error == "") || (err != nil && !strings.Contains(err.Error(), c.error)) {
				t.Errorf("error %v, want %q", err, c.error)
			}
		})
	}
	if s := changed.Summary(); !strings.Contains(s, "step b: run changed") || !strings.Contains(s, "L1") {
		t.Errorf("summary %q", s)
	}
}
