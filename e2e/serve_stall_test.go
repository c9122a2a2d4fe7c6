package e2e

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

const floodRunbook = `
[launch]
name = "flood"

[[cutover]]
id = "flood"
run = "seq 1 2000000; echo flood-done"

[[cutover]]
id = "timer"
run = "sleep 30"
timeout = "2s"
grace = "1s"
on_timeout = "fail"
on_failure = "continue"

[[cutover]]
id = "last"
run = "touch last.ran; echo last step ran"
`

// watcherStop is how long the watcher's ssh stays stopped: a frozen
// laptop, as the acceptance scenario says.
const watcherStop = 20 * time.Second

// A watcher whose ssh client is stopped during a flood costs nobody
// anything: the engine's timeout fires on time, the driver's cockpit
// follows the launch to its end, and the watcher catches up once its
// client runs again.
func TestServeStalledWatcher(t *testing.T) {
	needTmux(t)
	dir := t.TempDir()
	people, toml := newPeople(t, dir, map[string]string{"alice": `["driver", "approver"]`, "carol": `["watcher"]`})
	path := writeFile(t, dir, "flood.toml", floodRunbook+toml)
	srv := startServe(t, dir, "--rehearse", "--yes", path)

	carol := srv.connect(people["carol"], 100, 30)
	carol.waitFor(30*time.Second, "you: carol (watcher) · nobody drives")
	ssh := carol.sshPID()
	if err := syscall.Kill(ssh, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	stoppedAt := time.Now()
	resumed := false
	resume := func() {
		if !resumed {
			resumed = true
			syscall.Kill(ssh, syscall.SIGCONT)
		}
	}
	defer resume()

	alice := srv.connect(people["alice"], 100, 30)
	alice.waitFor(30*time.Second, "alice drives")
	srv.waitOut(60*time.Second, "cutover flood finished")
	srv.waitOut(30*time.Second, "cutover timer failed")
	if started, failed := stepTimes(t, dir, "timer"); failed.Sub(started) > 3*time.Second+stallSlack {
		t.Errorf("with a watcher stopped, the 2s timeout (1s grace) fired %v after the step started", failed.Sub(started))
	}
	alice.waitFor(30*time.Second, "Launch finished")
	if _, err := os.Stat(filepath.Join(dir, "last.ran")); err != nil {
		t.Errorf("the launch did not reach its last step: %v", err)
	}
	// Keep the watcher stopped for the scenario's whole 20 s.
	time.Sleep(time.Until(stoppedAt.Add(watcherStop)))
	resume()
	carol.waitFor(30*time.Second, "Launch finished")
	alice.keys("q")
	carol.keys("q")
	if code := srv.exit(30 * time.Second); code != 0 {
		t.Errorf("serve exited %d, want 0; stderr:\n%s", code, srv.err.String())
	}
}
