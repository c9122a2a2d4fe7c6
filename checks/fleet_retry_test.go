package checks

import (
	"slices"
	"testing"
)

func TestFleetResetAndInterrupted(t *testing.T) {
	f := NewFleet()
	all := []string{"web1", "web2", "web3"}
	f.Apply(FleetEvent{Kind: FleetPlay, Batch: 1, Batches: 2, Hosts: []string{"web1", "web2"}, All: all})
	f.Apply(FleetEvent{Kind: FleetResult, Task: "deploy", Host: "web1", Status: HostOK, Changed: true})
	f.Apply(FleetEvent{Kind: FleetResult, Task: "deploy", Host: "web2", Status: HostFailed, Msg: "boom"})
	f.Apply(FleetEvent{Kind: FleetPlay, Batch: 2, Batches: 2, Hosts: []string{"web3"}})
	f.Apply(FleetEvent{Kind: FleetResult, Task: "deploy", Host: "web3", Status: HostOK})

	// No recap: web3's batch was still running, web2 failed.
	if got := f.Interrupted(); !slices.Equal(got, []string{"web2", "web3"}) {
		t.Errorf("interrupted %v", got)
	}
	if got := f.Finished(); !slices.Equal(got, []string{"web1"}) {
		t.Errorf("finished %v", got)
	}
	f.Apply(FleetEvent{Kind: FleetStats, Stats: map[string]HostStats{"web1": {Changed: 1}, "web2": {Failures: 1}, "web3": {OK: 1}}})
	if got := f.Interrupted(); !slices.Equal(got, []string{"web2"}) {
		t.Errorf("after the recap, interrupted %v", got)
	}

	f.Reset("web2")
	h, _ := f.Host("web2")
	if h.Status != HostPending || h.Msg != "" || h.FailedTask != "" || f.Done {
		t.Errorf("web2 after Reset: %+v (done %v)", h, f.Done)
	}
	if f.Count(HostPending) != 1 || f.Count(HostFailed) != 0 || f.Count(HostChanged) != 1 {
		t.Errorf("counts after Reset: %s", f.Summary())
	}
	f.Reset()
	if f.Count(HostPending) != 3 || !slices.Equal(f.ChangedHosts(), []string{"web1"}) {
		t.Errorf("after a whole Reset: %s, changed %v", f.Summary(), f.ChangedHosts())
	}
}
