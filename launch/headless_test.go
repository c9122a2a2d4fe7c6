package launch

import (
	"encoding/json"
	"golive/checks"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFormatLine(t *testing.T) {
	ts := time.Date(2026, 11, 25, 22, 4, 11, 0, time.UTC)
	cases := []struct {
		e    Event
		want string
	}{
		{Event{Phase: PhaseCutover, ID: "switch", Body: StepFinishedBody{Exit: intp(0), DurationMS: 2100}},
			"22:04:11 cutover switch finished exit=0 2.1s"},
		{Event{Body: LaunchStartedBody{Launch: &LaunchInfo{ID: "20261125T220411Z-ab12", Title: "Checkout v2", Rehearsal: true, Driver: "ann@bastion"}}},
			`22:04:11 launch - started "Checkout v2" rehearsal launch=20261125T220411Z-ab12 driver=ann@bastion`},
		{Event{Body: LaunchResumedBody{Who: "bob@bastion", Process: "pid 4242"}},
			"22:04:11 launch - resumed by bob@bastion pid 4242"},
		{Event{Phase: PhaseMonitor, Body: PhaseStartedBody{}}, "22:04:11 monitor - started"},
		{Event{Phase: PhasePreflight, ID: "health", Body: CheckStartedBody{Attempts: 10}}, "22:04:11 preflight health started attempts=10"},
		{Event{Phase: PhasePreflight, ID: "health", Body: CheckAttemptBody{Attempt: 2, Attempts: 10, Status: checks.Fail, Reason: "status 503, want 200"}},
			"22:04:11 preflight health attempt 2/10 fail: status 503, want 200"},
		{Event{Phase: PhasePreflight, ID: "disk", Body: CheckFinishedBody{Status: checks.Pass, Exit: intp(0), Value: floatp(12345678), DurationMS: 40}},
			"22:04:11 preflight disk passed exit=0 value=12345678 40ms"},
		{Event{Phase: PhasePreflight, ID: "health", Body: CheckFinishedBody{Status: checks.Fail, Attempts: 10, DurationMS: 20000, Reason: "connection refused"}},
			"22:04:11 preflight health failed attempts=10 20.0s: connection refused"},
		{Event{ID: "health", Body: CheckWaivedBody{Who: "ann", Reason: "known flake"}}, "22:04:11 launch health waived by ann: known flake"},
		{Event{Phase: PhaseGate, Body: GateOpenedBody{Prompt: "Switch traffic to v2?", TimeoutMS: 1800000}},
			`22:04:11 gate - opened "Switch traffic to v2?" timeout=30m00s`},
		{Event{Phase: PhaseGate, Body: VoteBody{Who: "ann", OSUser: "root", Auto: true}}, "22:04:11 gate - vote GO ann (os user root) auto"},
		{Event{Phase: PhaseGate, Body: OverrideBody{What: "window", Reason: "hotfix", Who: "ann"}}, "22:04:11 gate - override window by ann: hotfix"},
		{Event{Phase: PhaseGate, Body: GateRefusedBody{Reason: "outside the deployment window (it opened 2026-12-01 22:00Z and closed 23:30Z)"}},
			"22:04:11 gate - refused outside the deployment window (it opened 2026-12-01 22:00Z and closed 23:30Z)"},
		{Event{Phase: PhaseGate, Body: GateRefusedBody{Reason: "inside freeze Black Friday"}}, "22:04:11 gate - refused inside freeze Black Friday"},
		{Event{Phase: PhaseGate, Body: GateDecidedBody{Decision: GateGo, Who: "ann"}}, "22:04:11 gate - gate go by ann"},
		{Event{Phase: PhaseCutover, ID: "switch", Body: StepWaitingBody{Wait: WaitConfirm}}, "22:04:11 cutover switch waiting confirm"},
		{Event{Phase: PhaseCutover, ID: "switch", Body: StepConfirmedBody{Auto: true}}, "22:04:11 cutover switch confirmed by auto"},
		{Event{Phase: PhaseCutover, ID: "announce", Body: ItemTickedBody{OldItem: 1, Text: "Post the note", Who: "ann"}},
			`22:04:11 cutover announce ticked 1 "Post the note" by ann`},
		{Event{Phase: PhaseCutover, ID: "switch", Body: StepStartedBody{Attempt: 2, Command: "./switch.sh v2"}},
			"22:04:11 cutover switch started attempt=2 $ ./switch.sh v2"},
		{Event{Phase: PhaseRollback, ID: "switch", Body: StepStartedBody{Attempt: 1, Command: "./switch.sh v1"}},
			"22:04:11 rollback switch started rollback $ ./switch.sh v1"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: StepStartedBody{Command: "set -e\n./migrate.sh up\necho ok\n"}},
			"22:04:11 cutover migrate started $ set -e … (3 lines)"},
		{Event{Phase: PhasePreflight, ID: "ratio", Body: CheckFinishedBody{Status: checks.Pass, Value: floatp(0.1 + 0.2)}},
			"22:04:11 preflight ratio passed value=0.3 0ms"},
		{Event{Phase: PhaseCutover, ID: "dns", Body: StepSimulatedBody{}}, "22:04:11 cutover dns simulated rehearse = false, not run"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: StepTimedOutBody{ElapsedMS: 300000}}, "22:04:11 cutover migrate timeout after 5m00s"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: StepFailedBody{Exit: intp(3), DurationMS: 900, Reason: "exit 3, want 0"}},
			"22:04:11 cutover migrate failed exit=3 900ms: exit 3, want 0"},
		{Event{Phase: PhaseRollback, ID: "switch", Body: StepFinishedBody{Exit: intp(0), DurationMS: 700}},
			"22:04:11 rollback switch finished rollback exit=0 700ms"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: StepInterruptedBody{}},
			"22:04:11 cutover migrate interrupted outcome unknown: it was running when the driver stopped"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: StepSkippedBody{Who: "ann", Reason: "done by hand"}}, "22:04:11 cutover migrate skipped by ann: done by hand"},
		{Event{Phase: PhaseCutover, ID: "serve", Body: BackgroundStoppedBody{How: "ended with the launch"}}, "22:04:11 cutover serve stopped ended with the launch"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: DecisionNeededBody{Reason: "exit 3; run golive again to decide"}},
			"22:04:11 cutover migrate decision needed: exit 3; run golive again to decide"},
		{Event{Phase: PhaseCutover, ID: "migrate", Body: DecisionBody{Action: ActRetry, Who: "ann"}}, "22:04:11 cutover migrate decision retry by ann"},
		{Event{Body: HoldSetBody{On: true, Who: "ann"}}, "22:04:11 launch - hold on by ann"},
		{Event{Body: NoteBody{Who: "bob", Text: "db lag 2s"}}, "22:04:11 launch - note by bob: db lag 2s"},
		{Event{Phase: PhaseRollback, Body: RollbackStartedBody{Reason: "migrate failed", Auto: true}}, "22:04:11 rollback - rollback started by auto: migrate failed"},
		{Event{Phase: PhaseRollback, Body: RollbackFinishedBody{Result: RollbackDone}}, "22:04:11 rollback - rollback finished done"},
		{Event{Phase: PhaseMonitor, Body: MonitorStartedBody{SoakMS: 900000}}, "22:04:11 monitor - started soak=15m00s"},
		{Event{Phase: PhaseMonitor, ID: "latency", Body: ProbeSampleBody{Status: checks.Pass, Level: LevelWarn, Value: floatp(250.5), LatencyMS: 251}},
			"22:04:11 monitor latency sample warn value=250.5 251ms"},
		{Event{Phase: PhaseMonitor, ID: "errors", Body: RollbackRecommendedBody{Reason: "3 critical samples in a row"}},
			"22:04:11 monitor errors rollback recommended: 3 critical samples in a row"},
		{Event{Phase: PhaseMonitor, Body: MonitorExtendedBody{AddedMS: 300000, Who: "ann"}}, "22:04:11 monitor - extended +5m00s by ann"},
		{Event{Phase: PhaseMonitor, Body: VerdictBody{Verdict: VerdictStable, Reason: "no breach"}}, "22:04:11 monitor - verdict stable: no breach"},
		{Event{Body: NotifyFailedBody{Target: "https://hooks.example.com/x", Reason: "status 500"}}, "22:04:11 launch - notify-failed https://hooks.example.com/x: status 500"},
		{Event{Body: LaunchFinishedBody{Outcome: OutcomeCompleted, Exit: intp(0)}}, "22:04:11 launch - finished completed exit=0"},
		{Event{Body: LaunchFinishedBody{Outcome: OutcomeInterrupted, Exit: intp(3), Reason: "hang-up"}}, "22:04:11 launch - interrupted interrupted exit=3: hang-up"},
	}
	covered := map[Type]bool{}
	for _, c := range cases {
		c.e.Time = ts
		covered[c.e.Type()] = true
		if got := FormatLine(c.e, time.UTC); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.e.Type(), got, c.want)
		}
	}
	for _, ty := range allTypes {
		if !covered[ty] {
			t.Errorf("no FormatLine golden for %q", ty)
		}
	}
}

// TestFormatLineShape: every line splits into the DESIGN.md columns, with
// one-word PHASE and ID whatever the event holds.
func TestFormatLineShape(t *testing.T) {
	shape := regexp.MustCompile(`^[0-9]{2}:[0-9]{2}:[0-9]{2} [a-z-]+ [^ ]+ [a-z-]+( |$)`)
	nasty := []Event{
		{Body: NoteBody{Text: "line one\nline two\r\n\tend"}},
		{Phase: PhaseCutover, ID: "with space", Body: StepFailedBody{Reason: "\x1b[2J\x1b]0;pwned\x07 cleared"}},
		{Phase: PhasePreflight, ID: "\x1b[31mred", Body: CheckFinishedBody{Status: checks.Fail, Reason: "body: \x9b31m\u009d8;;x\x07"}},
		{Body: UnknownBody{Name: Type("future_type"), Fields: json.RawMessage(`{"status":"x","reason":"y"}`)}},
		{},
	}
	for _, e := range nasty {
		e.Time = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		got := FormatLine(e, nil)
		if strings.ContainsAny(got, "\n\r\t\x1b\x07") || strings.ContainsRune(got, 0x9b) || strings.ContainsRune(got, 0x9d) {
			t.Errorf("control characters in %q", got)
		}
		if !shape.MatchString(got) {
			t.Errorf("line %q does not have the headless shape", got)
		}
		if strings.Contains(got, "pwned") {
			t.Errorf("an OSC payload reached the line: %q", got)
		}
	}
}

func TestFormatLineLocation(t *testing.T) {
	e := Event{Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Body: NoteBody{Text: "x"}}
	if got := FormatLine(e, time.FixedZone("X", 2*3600)); !strings.HasPrefix(got, "05:04:05 ") {
		t.Errorf("line in +02:00: %q", got)
	}
}

func TestPlainBoundsLength(t *testing.T) {
	got := plain(strings.Repeat("a", 10000))
	if n := len([]rune(got)); n > maxPlain+1 {
		t.Errorf("plain kept %d runes", n)
	}
}
