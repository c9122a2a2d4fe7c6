package launch

import (
	"context"

	"golive/checks"
	"golive/runbook"
)

// stepProc is what the engine needs of a started step: checks.Proc
// satisfies it. Keeping it an interface lets the engine hold running,
// background and stopped steps alike without caring how they were started.
type stepProc interface {
	Pid() int
	Done() <-chan struct{}
	Wait() checks.ProcResult
	Stop() checks.ProcResult
	Resize(cols, rows int) error
	Write(p []byte) (int, error)
}

// engRunner is the engine's window onto package checks. The engine goes
// through it rather than calling checks directly so that every use of a
// check or a stepProc is in one place.
type engRunner interface {
	Run(ctx context.Context, c *runbook.Check, o checks.Options) checks.Result
	Start(s checks.ProcSpec) (stepProc, error)
	Eval(c runbook.Condition, r checks.Result) (bool, string)
}

// engChecks runs the real checks and processes.
type engChecks struct{}

func (engChecks) Run(ctx context.Context, c *runbook.Check, o checks.Options) checks.Result {
	return checks.Run(ctx, c, o)
}

func (engChecks) Start(s checks.ProcSpec) (stepProc, error) {
	return engStartProc(s)
}

func (engChecks) Eval(c runbook.Condition, r checks.Result) (bool, string) {
	return checks.Eval(c, r)
}
