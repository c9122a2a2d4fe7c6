package checks

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestProcPipesKeepStdoutAndStderrApart(t *testing.T) {
	var out, errOut lines
	out.ch, errOut.ch = make(chan string, 10), make(chan string, 10)
	p, err := Start(ProcSpec{Command: "echo to-out; echo to-err >&2; exit 3", Stdout: &out, Stderr: &errOut})
	if err != nil {
		t.Fatal(err)
	}
	res := p.Wait()
	if res.Exit != 3 || res.Err != nil {
		t.Fatalf("exit %d err %v, want 3 and no error", res.Exit, res.Err)
	}
	if out.String() != "to-out\n" || errOut.String() != "to-err\n" {
		t.Fatalf("stdout %q stderr %q", out.String(), errOut.String())
	}
}

func TestProcSharedPipeKeepsOrder(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{Command: "echo 1; echo 2 >&2; echo 3", Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	if out.String() != "1\n2\n3\n" {
		t.Fatalf("got %q, want 1 2 3 in order", out.String())
	}
}

func TestProcEnvironment(t *testing.T) {
	out := newLines()
	env := append(os.Environ(), "PAGER=less", "GIT_PAGER=less", "TERM=xterm", "GOLIVE_X=42")
	p, err := Start(ProcSpec{Command: `echo "$PAGER $GIT_PAGER $TERM $GOLIVE_X"; pwd`, Env: env, Dir: t.TempDir(), Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	p.Wait()
	got := strings.Split(out.String(), "\n")
	if got[0] != "cat cat dumb 42" {
		t.Fatalf("env line %q, want pagers forced to cat and TERM=dumb on pipes", got[0])
	}
}

func TestProcPTYIsATerminalOfTheGivenSize(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{
		Command: `test -t 1 && echo tty; test -t 0 || echo stdin-not-tty; echo "$TERM"; stty size </dev/tty`,
		PTY:     true, Cols: 100, Rows: 30, Stdout: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	res := p.Wait()
	want := []string{"tty", "stdin-not-tty", "xterm-256color", "30 100"}
	for _, w := range want {
		if got := out.next(t); got != w {
			t.Fatalf("got %q, want %q (all: %q)", got, w, out.String())
		}
	}
	if res.Exit != 0 {
		t.Fatalf("exit %d", res.Exit)
	}
}

// The step's terminal passes its bytes on as written: the kernel adds no
// '\r' to a line's end, and the log keeps the step's own line ends.
func TestProcPTYPassesLineEndsAsWritten(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{
		Command: `printf 'one\ntwo\r\nthree\n'; stty -a </dev/tty | tr ' ' '\n' | grep -x -e -opost -e opost`,
		PTY:     true, Cols: 80, Rows: 24, Stdout: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	if res := p.Wait(); res.Exit != 0 {
		t.Fatalf("exit %d: %q", res.Exit, out.String())
	}
	if got, want := out.String(), "one\ntwo\r\nthree\n-opost\n"; got != want {
		t.Fatalf("the step's terminal wrote %q, want %q", got, want)
	}
}

func TestProcPTYInteractiveAndResize(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{
		Command: `stty -echo; echo ready; read answer; echo "got $answer"; stty size`,
		PTY:     true, Stdin: true, Cols: 80, Rows: 24, Stdout: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	killLater(t, p.Pid())
	if got := out.next(t); got != "ready" {
		t.Fatalf("got %q", got)
	}
	if err := p.Resize(120, 40); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("yes\n")); err != nil {
		t.Fatal(err)
	}
	if got := out.next(t); got != "got yes" {
		t.Fatalf("got %q", got)
	}
	if got := out.next(t); got != "40 120" {
		t.Fatalf("size after resize %q, want 40 120", got)
	}
	p.Wait()
}

func TestProcPipeStdin(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{Command: `read a; echo "got $a"; cat`, Stdin: true, Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	killLater(t, p.Pid())
	p.Write([]byte("one\ntwo\n"))
	p.CloseStdin()
	p.Wait()
	if out.String() != "got one\ntwo\n" {
		t.Fatalf("got %q", out.String())
	}
}

func TestProcNotInteractiveReadsDevNull(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{Command: `cat; echo done`, Stdout: out})
	if err != nil {
		t.Fatal(err)
	}
	killLater(t, p.Pid())
	if res := p.Wait(); res.Exit != 0 || out.String() != "done\n" {
		t.Fatalf("exit %d output %q", res.Exit, out.String())
	}
	if _, err := p.Write([]byte("x")); err == nil {
		t.Fatal("Write to a process that is not interactive should fail")
	}
}

// TestProcStopEndsTheWholeGroup starts a leader that backgrounds a child
// ignoring SIGINT (as sh does for & jobs) and checks by pid that Stop ends
// both.
func TestProcStopEndsTheWholeGroup(t *testing.T) {
	for _, withPTY := range []bool{false, true} {
		name := "pipes"
		if withPTY {
			name = "pty"
		}
		t.Run(name, func(t *testing.T) {
			out := newLines()
			p, err := Start(ProcSpec{Command: `sleep 100 & echo $!; exec sleep 100`, PTY: withPTY, Stdout: out, Grace: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			killLater(t, p.Pid())
			child := out.pid(t)
			res := p.Stop()
			if alive(p.Pid()) || alive(child) {
				t.Fatalf("after Stop: leader alive %v, background child alive %v", alive(p.Pid()), alive(child))
			}
			if res.Signal == "" || res.Exit < 128 {
				t.Fatalf("result %+v, want the leader ended by a signal", res)
			}
		})
	}
}

// TestProcLeftoversEndWithTheLeader: a leader that exits leaving a
// background child holding the output pipe must not hang Wait, and the
// child must not outlive it.
func TestProcLeftoversEndWithTheLeader(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{Command: `sleep 100 & echo $!`, Stdout: out, Grace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	child := out.pid(t)
	res := p.Wait()
	if res.Exit != 0 {
		t.Fatalf("exit %d", res.Exit)
	}
	if alive(child) {
		t.Fatalf("background child %d outlived its leader", child)
	}
}

// TestProcEscapedHolderDoesNotHangWait: a process that left the group
// (setsid) but holds the output pipe cannot be signalled with the group;
// Wait must still return once the drain bound passes.
func TestProcEscapedHolderDoesNotHangWait(t *testing.T) {
	out := newLines()
	// The leader waits until the child has left the group, so the group
	// signals cannot reach it.
	cmd := `setsid sh -c 'echo $$ > pid; exec sleep 100' & while [ ! -s pid ]; do sleep 0.01; done; cat pid`
	p, err := Start(ProcSpec{Command: cmd, Dir: t.TempDir(), Stdout: out, Grace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	escaped := out.pid(t)
	done := make(chan ProcResult)
	go func() { done <- p.Wait() }()
	select {
	case res := <-done:
		if res.Exit != 0 {
			t.Fatalf("exit %d", res.Exit)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Wait hung on a pipe held by an escaped process")
	}
	if !alive(escaped) {
		t.Fatal("the escaped process died: the test did not test an escaped holder")
	}
	_ = killPid(escaped)
}

func TestProcBackgroundKeepsTheGroupUntilStop(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{Command: `sleep 100 & echo $!`, Stdout: out, Background: true, Grace: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	child := out.pid(t)
	<-p.Exited()
	select {
	case <-p.Done():
		t.Fatal("Done closed while the background service still runs")
	default:
	}
	if !alive(child) {
		t.Fatal("the background service was ended with its leader")
	}
	p.Stop()
	if alive(child) {
		t.Fatal("the background service outlived Stop")
	}
}

func TestProcKill(t *testing.T) {
	p, err := Start(ProcSpec{Command: `trap "" INT; sleep 100`})
	if err != nil {
		t.Fatal(err)
	}
	killLater(t, p.Pid())
	res := p.Kill()
	if res.Signal != "SIGKILL" || res.Exit != 137 {
		t.Fatalf("result %+v, want SIGKILL and 137", res)
	}
}

func TestProcBadStart(t *testing.T) {
	if _, err := Start(ProcSpec{Command: "true", Dir: "no/such/dir"}); err == nil {
		t.Fatal("want an error for a missing directory")
	}
	if _, err := Start(ProcSpec{Command: "  "}); err == nil {
		t.Fatal("want an error for an empty command")
	}
	if _, err := Start(ProcSpec{Command: "true", Shell: "no-such-shell"}); err == nil {
		t.Fatal("want an error for a missing shell")
	}
}

// TestProcPTYFloodThenQuiet: a burst of output followed by silence reaches
// the writer while the process still runs. The reader gathers a flood
// before passing it on; on a pseudo-terminal, whose master is in blocking
// mode, gathering once held the tail of a burst until the step spoke again.
func TestProcPTYFloodThenQuiet(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{
		Command: `seq 1 5000 | sed 's/^/row /'; echo tail-reached; exec sleep 60`,
		PTY:     true, Stdout: out, Grace: time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Kill()
	// Poll what the writer holds (its line channel drops lines when the
	// test reads slower than 5000 lines arrive); the bound only keeps a
	// broken reader from hanging the test.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "tail-reached") {
		if time.Now().After(deadline) {
			t.Fatalf("the tail of the burst never reached the writer; last bytes %q", lastBytes(out.String(), 80))
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case <-p.Exited():
		t.Fatal("the step ended before its tail was checked: the test proves nothing")
	default:
	}
}

func lastBytes(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
