package checks

import (
	"io"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultGrace is how long a process group has between SIGINT and SIGKILL
// when a ProcSpec does not say.
const DefaultGrace = 10 * time.Second

// ProcSpec describes a process to start for a run check or a step.
//
// With pipes, TERM is set to "dumb": a pipe is not a terminal, and tools
// that look only at TERM then keep cursor movement and colours out of the
// captured text. With a PTY, TERM is xterm-256color so real tools keep
// their colours and progress bars.
type ProcSpec struct {
	Command string // run as Shell -c Command; never pasted with values
	// Argv, when set, is run as it is instead of Shell -c Command: golive
	// built the arguments itself (an ansible-playbook run), so no shell
	// ever parses them.
	Argv []string
	// ExtraFiles are open in the child as descriptors 3, 4, ... (a pipe
	// for structured events beside the human-readable output).
	ExtraFiles []*os.File
	Shell      string // default /bin/sh
	Dir        string
	Env        []string      // the full environment (nil: this process's); PAGER and GIT_PAGER are forced to cat
	PTY        bool          // a pseudo-terminal of Cols x Rows instead of pipes
	Cols       int           // default 80
	Rows       int           // default 24
	Stdout     io.Writer     // all output with a PTY; stdout with pipes
	Stderr     io.Writer     // stderr with pipes (nil: stdout and stderr share one pipe to Stdout, in order)
	Stdin      bool          // interactive: Write feeds the process (else /dev/null)
	Grace      time.Duration // SIGINT, then SIGKILL after this (default 10s)

	// Background says the process group may outlive its leader on
	// purpose (a step with background = true that starts a service). Then
	// processes left in the group when the leader exits are not ended,
	// their output keeps streaming, and Done closes only once no process
	// of the group is left. Without it, whatever the leader leaves behind
	// in its group is ended as soon as the leader exits (SIGHUP and
	// SIGINT, then SIGKILL after Grace), because no process of a step
	// may outlive it.
	Background bool
}

// ProcResult is how a process ended.
type ProcResult struct {
	Exit     int    // exit code; 128+signal when killed by a signal; -1 if it never ran
	Signal   string // the signal that ended it, if any
	Err      error  // a failure to start or to read output
	Duration time.Duration
}

// Proc is a started process, alone in its own process group (with a PTY,
// in its own session, whose group has the same id).
//
// Methods (written in proc_unix.go):
//
//	Start(ProcSpec) (*Proc, error)
//	(*Proc).Pid() int              the group leader's pid (= pgid)
//	(*Proc).Done() <-chan struct{} closed once it exited and its output is drained
//	(*Proc).Exited() <-chan struct{} closed once the leader exited
//	(*Proc).Wait() ProcResult      blocks until Done
//	(*Proc).Stop() ProcResult      SIGINT to the group, SIGKILL after Grace, waits
//	(*Proc).Kill() ProcResult      SIGKILL to the group, waits
//	(*Proc).Resize(cols, rows int) PTY only
//	(*Proc).Write([]byte) (int, error)  interactive stdin
//	(*Proc).CloseStdin() error     end of input for an interactive process
type Proc struct {
	spec  ProcSpec
	cmd   *exec.Cmd
	pid   int
	start time.Time

	ptmx    *os.File   // the PTY master, when PTY
	stdin   *os.File   // the write end of stdin, with pipes and Stdin
	outputs []*os.File // what the readers drain: pipe read ends or ptmx

	// draining is set when wait gives the readers a deadline to end
	// by, so that a reader that moved its own deadline puts it back.
	draining atomic.Bool

	exited      chan struct{} // the leader was reaped
	readersDone chan struct{} // every reader reached its end
	done        chan struct{} // exited, group empty or ended, output drained

	mu        sync.Mutex
	res       ProcResult
	readErr   error
	groupGone bool // no process of the group is left: never signal it again
	stopping  bool
	// outClosed: the outputs (the PTY master among them) are closed, so
	// Resize must not touch the terminal's descriptor any more.
	outClosed bool
}
