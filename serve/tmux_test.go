package serve

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// tmuxServer is a tmux server of the test's own, on its own socket, so
// panes are real terminals of a known size.
type tmuxServer struct {
	t      testing.TB
	socket string
}

func newTmux(t testing.TB) *tmuxServer {
	t.Helper()
	name := regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(t.Name(), "-")
	x := &tmuxServer{t: t, socket: fmt.Sprintf("golive-serve-%d-%s", os.Getpid(), name)}
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", x.socket, "kill-server").Run() })
	return x
}

func (x *tmuxServer) run(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", x.socket, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %v: %v: %s", args, err, out)
	}
	return string(out)
}

// start runs argv in a new detached session of width w and height h.
func (x *tmuxServer) start(name string, w, h int, argv []string) {
	x.t.Helper()
	x.run("new-session", "-d", "-s", name, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), "exec "+shellQuote(argv))
}

// startUnderShell is start with the command run by a shell that waits
// for it: tmux sends SIGCONT to a pane's own process as soon as it stops,
// so a client meant to stay stopped must not be that process.
func (x *tmuxServer) startUnderShell(name string, w, h int, argv []string) {
	x.t.Helper()
	x.run("new-session", "-d", "-s", name, "-x", strconv.Itoa(w), "-y", strconv.Itoa(h), shellQuote(argv)+"; exit $?")
}

// childPID is the pid of the one child of the pane's shell.
func (x *tmuxServer) childPID(name string) int {
	x.t.Helper()
	shell := x.pid(name)
	var pid int
	waitFor(x.t, "the pane's command", func() (bool, string) {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", shell, shell))
		fields := strings.Fields(string(data))
		if err != nil || len(fields) != 1 {
			return false, fmt.Sprintf("children of %d: %q %v", shell, data, err)
		}
		pid, err = strconv.Atoi(fields[0])
		return err == nil, fmt.Sprint(err)
	})
	return pid
}

func (x *tmuxServer) capture(name string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", "-L", x.socket, "capture-pane", "-p", "-t", name).CombinedOutput()
	if err != nil {
		return "capture failed: " + string(out)
	}
	return string(out)
}

// pid is the pane's own process: the command itself when start ran it.
func (x *tmuxServer) pid(name string) int {
	x.t.Helper()
	pid, err := strconv.Atoi(strings.TrimSpace(x.run("display-message", "-p", "-t", name, "#{pane_pid}")))
	if err != nil {
		x.t.Fatal(err)
	}
	return pid
}

var cardLine = regexp.MustCompile(`card (\S+) (\d+)x(\d+) (\S+) tick=(\d+)`)

// card is the first line the card model draws, as read off the screen.
type card struct {
	name, size, profile string
	tick                uint64
	ok                  bool
}

func readCard(screen string) card {
	m := cardLine.FindStringSubmatch(screen)
	if m == nil {
		return card{}
	}
	tick, _ := strconv.ParseUint(m[5], 10, 64)
	return card{name: m[1], size: m[2] + "x" + m[3], profile: m[4], tick: tick, ok: true}
}
