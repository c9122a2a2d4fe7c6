package launch

import (
	"testing"
	"time"

	"golive/checks"
	"golive/runbook"
)

// A probe is shown by what its thresholds compare: a latency probe by its
// latency, not by a number that happens to be in the body.
func TestSampleValueFollowsTheThresholdSubject(t *testing.T) {
	two, seven := 2.0, 7.0
	lat := &runbook.Condition{Subject: runbook.SubjLatency, Op: runbook.OpGt}
	val := &runbook.Condition{Subject: runbook.SubjValue, Op: runbook.OpGt}
	days := &runbook.Condition{Subject: runbook.SubjDaysLeft, Op: runbook.OpLt}
	r := checks.Result{Status: checks.Pass, Value: &two, Latency: 1500 * time.Microsecond,
		Obs: &checks.Observation{HasCert: true, DaysLeft: 30}}
	tests := []struct {
		name  string
		probe *runbook.Check
		want  *float64
	}{
		{"latency crit", &runbook.Check{Crit: lat}, ptr(1.5)},
		{"value warn", &runbook.Check{Warn: val}, &two},
		{"days left", &runbook.Check{Crit: days}, ptr(30)},
		{"crit wins over warn", &runbook.Check{Warn: val, Crit: lat}, ptr(1.5)},
		{"no thresholds", &runbook.Check{}, &two},
	}
	for _, tt := range tests {
		got := sampleValue(tt.probe, r)
		if got == nil || *got != *tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, *tt.want)
		}
	}
	none := checks.Result{Status: checks.Fail, Value: &seven}
	if got := sampleValue(&runbook.Check{Crit: days}, none); got == nil || *got != 7 {
		t.Errorf("a reading the sample lacks falls back to its value: got %v", got)
	}
}

func ptr(v float64) *float64 { return &v }
