package launch

import (
	"testing"
	"time"
)

// The baselines journaled with LaunchStarted reach every reader of the
// journal: the items of the runbook, rollback items made later, and the
// report's expected_ms.
func TestExpectedDurationsRideOnLaunchStarted(t *testing.T) {
	rb := testRunbook()
	step := rb.Cutover[0].ID
	expected := map[string]int64{
		BaselineKey(PhaseCutover, step):  1500,
		BaselineKey(PhaseRollback, step): 700,
	}
	st := NewState(rb)
	at := time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC)
	st.Apply(Event{Seq: 1, Time: at, Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "x", Name: rb.Launch.Name, Expected: expected}}})
	if it := st.Find(PhaseCutover, step); it == nil || it.ExpectedMS != 1500 {
		t.Fatalf("cutover item expected %+v, want 1500", it)
	}
	st.Apply(Event{Seq: 2, Time: at, Phase: PhaseRollback, ID: step, Body: StepStartedBody{Attempt: 1}})
	if it := st.Find(PhaseRollback, step); it == nil || it.ExpectedMS != 700 {
		t.Fatalf("rollback item expected %+v, want 700", it)
	}
	c := st.Clone()
	c.Launch.Expected[BaselineKey(PhaseCutover, step)] = 1
	if st.Launch.Expected[BaselineKey(PhaseCutover, step)] != 1500 {
		t.Fatal("Clone shares the expected map")
	}
	rep := BuildReport(st)
	found := false
	for _, s := range rep.Steps {
		if s.ID == step && s.Phase == PhaseCutover {
			found = s.ExpectedMS != nil && *s.ExpectedMS == 1500
		}
	}
	if !found {
		t.Errorf("report step %s has no expected_ms 1500: %+v", step, rep.Steps)
	}
}
