package launch

import (
	"strings"
	"testing"
	"time"
)

func TestSlowProbeMissesTicksInsteadOfPilingUp(t *testing.T) {
	clock := newFakeClock()
	r := newRig(t, `
[launch]
name = "slow-probe"

[[cutover]]
id = "switch"
run = "true"

[monitor]
duration = "1h"
interval = "1s"

[[monitor.probe]]
id = "slow"
run = "while [ ! -f release ]; do sleep 0.02; done; echo 1"
timeout = "1m"

[[monitor.probe]]
id = "hung"
run = "sleep 60"
timeout = "200ms"
`, func(o *Options) { o.Clock = clock })
	r.start(t.Context())
	r.waitType(MonitorStarted, "")
	// A hanging probe ends at its own timeout, as a critical sample, while
	// the slow one is still running.
	hung := r.waitType(ProbeSample, "hung")
	if hung.Body.(ProbeSampleBody).Level != "crit" || hung.Body.(ProbeSampleBody).Status == "pass" || !strings.Contains(hung.Reason(), "timed out") {
		t.Fatalf("hung probe sample %+v", hung)
	}
	eventually(t, func() bool { return clock.tickers() == 2 }, "both probes to arm their schedule")
	for range 2 {
		clock.Advance(time.Second)
		eventually(t, func() bool { return clock.undelivered() == 0 }, "the ticks to be taken")
	}
	touch(t, r.dir, "release")
	s := r.waitType(ProbeSample, "slow")
	if s.Body.(ProbeSampleBody).Level != "ok" || !strings.Contains(s.Body.(ProbeSampleBody).Detail, "2 sample(s) skipped") {
		t.Fatalf("slow probe sample %+v", s)
	}
	r.e.Send(Command{Kind: CmdEndSoak, Reason: "test over"})
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d", code)
	}
}
