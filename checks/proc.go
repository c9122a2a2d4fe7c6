package checks

import (
	"io"
	"time"
)

// ProcSpec describes a process to start for a run check or a step.
type ProcSpec struct {
	Command string // run as Shell -c Command; never pasted with values
	Shell   string // default /bin/sh
	Dir     string
	Env     []string // the full environment; PAGER and GIT_PAGER are forced to cat
	PTY     bool     // a pseudo-terminal of Cols x Rows instead of pipes
	Cols    int
	Rows    int
	Stdout  io.Writer     // all output with a PTY; stdout with pipes
	Stderr  io.Writer     // stderr with pipes (nil: Stdout)
	Stdin   bool          // interactive: Write feeds the process (else /dev/null)
	Grace   time.Duration // SIGINT, then SIGKILL after this (default 10s)
}

// ProcResult is how a process ended.
type ProcResult struct {
	Exit     int    // exit code; 128+signal when killed by a signal; -1 if it never ran
	Signal   string // the signal that ended it, if any
	Err      error  // a failure to start or to read output
	Duration time.Duration
}

// Proc is a started process, alone in its own process group.
//
// Methods (written in proc_unix.go):
//
//	Start(ProcSpec) (*Proc, error)
//	(*Proc).Pid() int              the group leader's pid (= pgid)
//	(*Proc).Done() <-chan struct{} closed once it exited and its output is drained
//	(*Proc).Wait() ProcResult      blocks until Done
//	(*Proc).Stop() ProcResult      SIGINT to the group, SIGKILL after Grace, waits
//	(*Proc).Resize(cols, rows int) PTY only
//	(*Proc).Write([]byte) (int, error)  interactive stdin
type Proc struct{}
