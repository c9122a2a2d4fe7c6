package launch

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A step's duration is measured on the engine's clock, like every other
// time the engine journals: with a fake clock moved by 90 s while the step
// runs, the step took 90 s, however long it took on the wall.
func TestStepDurationComesFromTheEngineClock(t *testing.T) {
	clock := newFakeClock()
	r := newRig(t, `
[launch]
name = "clock"
[[cutover]]
id = "wait"
run = "while [ ! -f released ]; do sleep 0.01; done"
`, func(o *Options) { o.Clock = clock })
	r.start(t.Context())
	r.waitType(StepStarted, "wait")
	clock.Advance(90 * time.Second)
	if err := os.WriteFile(filepath.Join(r.dir, "released"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code := r.wait(); code != 0 {
		t.Fatalf("exit %d; events:\n%s", code, r.dump())
	}
	if ms := r.last(StepFinished).Body.(StepFinishedBody).DurationMS; ms != 90_000 {
		t.Fatalf("the step took %d ms by the engine's clock, want 90000", ms)
	}
}
