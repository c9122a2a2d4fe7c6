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
	t      *testing.T
	socket string
}

func newTmux(t *testing.T) *tmuxServer {
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

func (x *tmuxServer) capture(name string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", "-L", x.socket, "capture-pane", "-p", "-t", name).CombinedOutput()
	if err != nil {
		return "capture failed: " + string(out)
	}
	return string(out)
}

// pid is the pane's process: the ssh client itself, as the pane's shell
// execs it.
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
