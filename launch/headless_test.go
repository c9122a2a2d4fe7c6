package launch

import (
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
		{Event{Type: StepFinished, Phase: PhaseCutover, ID: "switch", Exit: intp(0), DurationMS: 2100},
			"22:04:11 cutover switch finished exit=0 2.1s"},
		{Event{Type: LaunchStarted, Launch: &LaunchInfo{ID: "20261125T220411Z-ab12", Title: "Checkout v2", Rehearsal: true, Driver: "ann@bastion"}},
			`22:04:11 launch - started "Checkout v2" rehearsal launch=20261125T220411Z-ab12 driver=ann@bastion`},
		{Event{Type: LaunchResumed, Who: "bob@bastion", Detail: "pid 4242"},
			"22:04:11 launch - resumed by bob@bastion pid 4242"},
		{Event{Type: PhaseStarted, Phase: PhaseMonitor}, "22:04:11 monitor - started"},
		{Event{Type: CheckStarted, Phase: PhasePreflight, ID: "health", Attempts: 10}, "22:04:11 preflight health started attempts=10"},
		{Event{Type: CheckAttempt, Phase: PhasePreflight, ID: "health", Attempt: 2, Attempts: 10, Status: "fail", Reason: "status 503, want 200"},
			"22:04:11 preflight health attempt 2/10 fail: status 503, want 200"},
		{Event{Type: CheckFinished, Phase: PhasePreflight, ID: "disk", Status: "pass", Exit: intp(0), Value: floatp(12345678), DurationMS: 40},
			"22:04:11 preflight disk passed exit=0 value=12345678 40ms"},
		{Event{Type: CheckFinished, Phase: PhasePreflight, ID: "health", Status: "fail", Attempts: 10, DurationMS: 20000, Reason: "connection refused"},
			"22:04:11 preflight health failed attempts=10 20.0s: connection refused"},
		{Event{Type: CheckWaived, ID: "health", Who: "ann", Reason: "known flake"}, "22:04:11 launch health waived by ann: known flake"},
		{Event{Type: GateOpened, Phase: PhaseGate, Detail: "Switch traffic to v2?", DurationMS: 1800000},
			`22:04:11 gate - opened "Switch traffic to v2?" timeout=30m00s`},
		{Event{Type: Vote, Phase: PhaseGate, Who: "ann", OSUser: "root", Auto: true}, "22:04:11 gate - vote GO ann (os user root) auto"},
		{Event{Type: Override, Phase: PhaseGate, Detail: "window", Reason: "hotfix", Who: "ann"}, "22:04:11 gate - override window by ann: hotfix"},
		{Event{Type: GateRefused, Phase: PhaseGate, Reason: "outside the deployment window (it opened 2026-12-01 22:00Z and closed 23:30Z)"},
			"22:04:11 gate - refused outside the deployment window (it opened 2026-12-01 22:00Z and closed 23:30Z)"},
		{Event{Type: GateRefused, Phase: PhaseGate, Reason: "inside freeze Black Friday"}, "22:04:11 gate - refused inside freeze Black Friday"},
		{Event{Type: GateDecided, Phase: PhaseGate, Status: "go", Who: "ann"}, "22:04:11 gate - gate go by ann"},
		{Event{Type: StepWaiting, Phase: PhaseCutover, ID: "switch", Detail: "confirm"}, "22:04:11 cutover switch waiting confirm"},
		{Event{Type: StepConfirmed, Phase: PhaseCutover, ID: "switch", Auto: true}, "22:04:11 cutover switch confirmed by auto"},
		{Event{Type: ItemTicked, Phase: PhaseCutover, ID: "announce", Attempt: 1, Detail: "Post the note", Who: "ann"},
			`22:04:11 cutover announce ticked 1 "Post the note" by ann`},
		{Event{Type: StepStarted, Phase: PhaseCutover, ID: "switch", Attempt: 2, Detail: "./switch.sh v2"},
			"22:04:11 cutover switch started attempt=2 $ ./switch.sh v2"},
		{Event{Type: StepStarted, Phase: PhaseRollback, ID: "switch", Attempt: 1, Detail: "./switch.sh v1"},
			"22:04:11 rollback switch started rollback $ ./switch.sh v1"},
		{Event{Type: StepStarted, Phase: PhaseCutover, ID: "migrate", Detail: "set -e\n./migrate.sh up\necho ok\n"},
			"22:04:11 cutover migrate started $ set -e … (3 lines)"},
		{Event{Type: CheckFinished, Phase: PhasePreflight, ID: "ratio", Status: "pass", Value: floatp(0.1 + 0.2)},
			"22:04:11 preflight ratio passed value=0.3 0ms"},
		{Event{Type: StepSimulated, Phase: PhaseCutover, ID: "dns"}, "22:04:11 cutover dns simulated rehearse = false, not run"},
		{Event{Type: StepTimedOut, Phase: PhaseCutover, ID: "migrate", DurationMS: 300000}, "22:04:11 cutover migrate timeout after 5m00s"},
		{Event{Type: StepFailed, Phase: PhaseCutover, ID: "migrate", Exit: intp(3), DurationMS: 900, Reason: "exit 3, want 0"},
			"22:04:11 cutover migrate failed exit=3 900ms: exit 3, want 0"},
		{Event{Type: StepFinished, Phase: PhaseRollback, ID: "switch", Exit: intp(0), DurationMS: 700},
			"22:04:11 rollback switch finished rollback exit=0 700ms"},
		{Event{Type: StepInterrupted, Phase: PhaseCutover, ID: "migrate"},
			"22:04:11 cutover migrate interrupted outcome unknown: it was running when the driver stopped"},
		{Event{Type: StepSkipped, Phase: PhaseCutover, ID: "migrate", Who: "ann", Reason: "done by hand"}, "22:04:11 cutover migrate skipped by ann: done by hand"},
		{Event{Type: BackgroundStopped, Phase: PhaseCutover, ID: "serve", Detail: "ended with the launch"}, "22:04:11 cutover serve stopped ended with the launch"},
		{Event{Type: DecisionNeeded, Phase: PhaseCutover, ID: "migrate", Reason: "exit 3; run golive again to decide"},
			"22:04:11 cutover migrate decision needed: exit 3; run golive again to decide"},
		{Event{Type: Decision, Phase: PhaseCutover, ID: "migrate", Status: "retry", Who: "ann"}, "22:04:11 cutover migrate decision retry by ann"},
		{Event{Type: HoldSet, Status: "on", Who: "ann"}, "22:04:11 launch - hold on by ann"},
		{Event{Type: Note, Who: "bob", Detail: "db lag 2s"}, "22:04:11 launch - note by bob: db lag 2s"},
		{Event{Type: RollbackStarted, Phase: PhaseRollback, Reason: "migrate failed", Auto: true}, "22:04:11 rollback - rollback started by auto: migrate failed"},
		{Event{Type: RollbackFinished, Phase: PhaseRollback, Status: "done"}, "22:04:11 rollback - rollback finished done"},
		{Event{Type: MonitorStarted, Phase: PhaseMonitor, DurationMS: 900000}, "22:04:11 monitor - started soak=15m00s"},
		{Event{Type: ProbeSample, Phase: PhaseMonitor, ID: "latency", Status: "pass", Level: "warn", Value: floatp(250.5), DurationMS: 251},
			"22:04:11 monitor latency sample warn value=250.5 251ms"},
		{Event{Type: RollbackRecommended, Phase: PhaseMonitor, ID: "errors", Reason: "3 critical samples in a row"},
			"22:04:11 monitor errors rollback recommended: 3 critical samples in a row"},
		{Event{Type: MonitorExtended, Phase: PhaseMonitor, DurationMS: 300000, Who: "ann"}, "22:04:11 monitor - extended +5m00s by ann"},
		{Event{Type: Verdict, Phase: PhaseMonitor, Status: "stable", Reason: "no breach"}, "22:04:11 monitor - verdict stable: no breach"},
		{Event{Type: NotifyFailed, Detail: "https://hooks.example.com/x", Reason: "status 500"}, "22:04:11 launch - notify-failed https://hooks.example.com/x: status 500"},
		{Event{Type: LaunchFinished, Status: "completed", Exit: intp(0)}, "22:04:11 launch - finished completed exit=0"},
		{Event{Type: LaunchFinished, Status: "interrupted", Exit: intp(3), Reason: "hang-up"}, "22:04:11 launch - interrupted interrupted exit=3: hang-up"},
	}
	covered := map[Type]bool{}
	for _, c := range cases {
		c.e.Time = ts
		covered[c.e.Type] = true
		if got := FormatLine(c.e, time.UTC); got != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.e.Type, got, c.want)
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
		{Type: Note, Detail: "line one\nline two\r\n\tend"},
		{Type: StepFailed, Phase: PhaseCutover, ID: "with space", Reason: "\x1b[2J\x1b]0;pwned\x07 cleared"},
		{Type: CheckFinished, Phase: PhasePreflight, ID: "\x1b[31mred", Status: "fail", Reason: "body: \x9b31m\u009d8;;x\x07"},
		{Type: Type("future_type"), Status: "x", Reason: "y"},
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
	e := Event{Type: Note, Time: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Detail: "x"}
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
