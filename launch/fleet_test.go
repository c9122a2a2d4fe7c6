package launch

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golive/checks"
)

// fleetEvents is a fleet step's stream: five hosts in batches of two,
// web4 failing its health task, and whether the recap arrived.
func fleetEvents(id string, recap bool) []Event {
	at := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	var evs []Event
	add := func(fe checks.FleetEvent) {
		fe.T = float64(at.Unix()) + float64(len(evs))
		evs = append(evs, Event{Phase: PhaseCutover, ID: id, Body: FleetUpdateBody{Attempt: 1, Fleet: &fe}})
	}
	all := []string{"web1", "web2", "web3", "web4", "web5"}
	batches := [][]string{{"web1", "web2"}, {"web3", "web4"}, {"web5"}}
	for i, b := range batches {
		if !recap && i == 2 {
			break // the driver died in the middle of the second batch
		}
		add(checks.FleetEvent{Kind: checks.FleetPlay, Play: "roll", Batch: i + 1, Batches: 3, Hosts: b, All: all})
		for _, task := range []string{"deploy", "health"} {
			if !recap && i == 1 && task == "health" {
				break
			}
			for _, h := range b {
				r := checks.FleetEvent{Kind: checks.FleetResult, Task: task, Host: h, Status: checks.HostOK, Changed: task == "deploy"}
				if h == "web4" && task == "health" {
					r.Status, r.Msg = checks.HostFailed, "health check failed on web4"
				}
				add(r)
			}
		}
	}
	return evs
}

func foldFleet(t *testing.T, evs []Event) *State {
	t.Helper()
	st := NewState(nil)
	st.ensure(PhaseCutover, "before")
	st.ensure(PhaseCutover, "deploy")
	st.ensure(PhaseCutover, "after")
	for i, ev := range evs {
		ev.Seq = int64(i + 1)
		st.Apply(ev)
	}
	return st
}

func TestFleetFoldEnvAndRetry(t *testing.T) {
	evs := fleetEvents("deploy", true)
	st := foldFleet(t, evs)
	f := st.Find(PhaseCutover, "deploy").Fleet
	if f == nil || f.Summary() != "batch 3/3 · 5 hosts: 4 changed, 1 failed" {
		t.Fatalf("fold: %+v", f)
	}
	for _, c := range []struct {
		phase Phase
		id    string
		want  []string
	}{
		{PhaseCutover, "before", nil},
		{PhaseCutover, "deploy", nil}, // a step does not get its own hosts
		{PhaseCutover, "after", []string{"GOLIVE_CHANGED_HOSTS=web1,web2,web3,web4,web5", "GOLIVE_FAILED_HOSTS=web4"}},
		{PhaseRollback, "deploy", []string{"GOLIVE_CHANGED_HOSTS=web1,web2,web3,web4,web5", "GOLIVE_FAILED_HOSTS=web4"}},
		{PhaseRollback, "before", nil},
	} {
		if got := fleetEnv(st, c.phase, c.id); !slices.Equal(got, c.want) {
			t.Errorf("%s %s env %q, want %q", c.phase, c.id, got, c.want)
		}
	}

	// A retry of the failed hosts covers web4 alone, puts it back to
	// pending and keeps that it changed (the rollback must still undo it).
	st.Apply(Event{Seq: 1000, Phase: PhaseCutover, ID: "deploy", Body: DecisionNeededBody{Kind: DecideFleetFailed}})
	st.Apply(Event{Seq: 1001, Phase: PhaseCutover, ID: "deploy", Body: DecisionBody{Action: ActRetryFailed}})
	it := st.Find(PhaseCutover, "deploy")
	if !slices.Equal(it.FleetRetry, []string{"web4"}) {
		t.Fatalf("retry covers %v, want [web4]", it.FleetRetry)
	}
	if h, _ := it.Fleet.Host("web4"); h.Status != checks.HostPending || !h.Changed || h.Msg != "" {
		t.Fatalf("web4 after the retry decision: %+v", h)
	}
	if got := fleetEnv(st, PhaseRollback, "deploy"); got[1] != "GOLIVE_FAILED_HOSTS=" || got[0] != "GOLIVE_CHANGED_HOSTS=web1,web2,web3,web4,web5" {
		t.Fatalf("env after the retry decision %q", got)
	}
	// A plain retry runs every host again.
	st.Apply(Event{Seq: 1002, Phase: PhaseCutover, ID: "deploy", Body: DecisionBody{Action: ActRetry}})
	if it := st.Find(PhaseCutover, "deploy"); it.FleetRetry != nil || it.Fleet.Count(checks.HostPending) != 5 {
		t.Fatalf("a whole retry: %v, %s", it.FleetRetry, it.Fleet.Summary())
	}

	// The clone shares nothing with the fold.
	c := st.Clone()
	c.Find(PhaseCutover, "deploy").Fleet.Reset("web9")
	if _, ok := st.Find(PhaseCutover, "deploy").Fleet.Host("web9"); ok {
		t.Fatal("a clone's fleet is the fold's")
	}
}

func TestFleetInterruptedMidPlaybook(t *testing.T) {
	st := foldFleet(t, fleetEvents("deploy", false))
	f := st.Find(PhaseCutover, "deploy").Fleet
	if got := f.Finished(); !slices.Equal(got, []string{"web1", "web2"}) {
		t.Fatalf("finished %v", got)
	}
	why := interruptedFleet("deploy", f)
	for _, want := range []string{"2 of 5 hosts finished (web1, web2)", "not finished: web3, web4, web5"} {
		if !strings.Contains(why, want) {
			t.Errorf("reason %q lacks %q", why, want)
		}
	}
	if got := fleetRemaining(st.Find(PhaseCutover, "deploy")); got != "\n      hosts finished: web1, web2\n      hosts left: web3, web4, web5" {
		t.Errorf("plan --remaining adds %q", got)
	}
	st.Apply(Event{Seq: 2000, Phase: PhaseCutover, ID: "deploy", Body: DecisionBody{Action: ActRetryRest}})
	if got := st.Find(PhaseCutover, "deploy").FleetRetry; !slices.Equal(got, []string{"web3", "web4", "web5"}) {
		t.Fatalf("retry the rest covers %v", got)
	}
	if got := interruptedFleet("deploy", nil); !strings.Contains(got, "before any host reported") {
		t.Errorf("no hosts: %q", got)
	}
}

func TestFleetDecisionsAndLines(t *testing.T) {
	for _, c := range []struct {
		k    DecisionKind
		want []Action
	}{
		{DecideFleetFailed, []Action{ActRetryFailed, ActRetry, ActSkip, ActRollback, ActAbort}},
		{DecideFleetInterrupted, []Action{ActRetryRest, ActRerun, ActMarkDone, ActRollback, ActAbort}},
	} {
		if got := Offered(c.k); !slices.Equal(got, c.want) {
			t.Errorf("Offered(%s) = %v, want %v", c.k, got, c.want)
		}
	}
	at := time.Date(2026, 12, 1, 22, 4, 11, 0, time.UTC)
	for _, c := range []struct {
		ev   Event
		want string
	}{
		{Event{Time: at, Phase: PhaseCutover, ID: "deploy", Body: HostChangedBody{Host: "web4", Status: checks.HostFailed, Reason: "health\ncheck \"failed\""}},
			`22:04:11 cutover deploy host web4 failed "health check \"failed\""`},
		{Event{Time: at, Phase: PhaseCutover, ID: "deploy", Body: HostChangedBody{Host: "web1", Status: checks.HostChanged}},
			`22:04:11 cutover deploy host web1 changed`},
		{Event{Time: at, Phase: PhaseCutover, ID: "deploy", Body: HostChangedBody{Host: "web5", Status: checks.HostUnreachable, Reason: "ssh: refused"}},
			`22:04:11 cutover deploy host web5 unreachable "ssh: refused"`},
		{Event{Time: at, Phase: PhaseCutover, ID: "deploy", Body: FleetUpdateBody{Fleet: &checks.FleetEvent{Kind: checks.FleetTask}}}, ""},
	} {
		if got := FormatLine(c.ev, time.UTC); got != c.want {
			t.Errorf("FormatLine = %q, want %q", got, c.want)
		}
	}
	if (Event{Body: FleetUpdateBody{}}).Urgent() {
		t.Error("the lines of a fleet step's stream are synced one by one instead of batched")
	}
	if !(Event{Body: HostChangedBody{}}).Urgent() {
		t.Error("a host's change of state is batched: a crash could lose that it finished")
	}
}

// The command a fleet step's run shows: check mode only for a rehearsal
// of a rehearse = "check" step, and a retry limited to the hosts the fold
// chose.
func TestFleetStepCommand(t *testing.T) {
	pb := filepath.Join(t.TempDir(), "deploy.yml")
	if err := os.WriteFile(pb, []byte("- hosts: web\n  tasks: []\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := fmt.Sprintf(`
[launch]
name = "fleet"
[[cutover]]
id = "deploy"
ansible = { playbook = %q, inventory = "web1,web2,", limit = "web" }
rehearse = "check"
`, pb)
	for _, rehearse := range []bool{true, false} {
		r := newRig(t, src, func(o *Options) { o.Rehearse = rehearse })
		s := r.rb.Cutover[0]
		got := r.e.stepCommand(s)
		if strings.Contains(got, "--check --diff") != rehearse || !strings.Contains(got, "--limit web") {
			t.Errorf("rehearse %v: %q", rehearse, got)
		}
		r.e.state.ensure(PhaseCutover, "deploy").FleetRetry = []string{"web2"}
		if got := r.e.stepCommand(s); !strings.Contains(got, "--limit web2") {
			t.Errorf("a retry of web2 runs %q", got)
		}
	}
}
