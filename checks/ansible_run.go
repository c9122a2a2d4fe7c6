package checks

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"golive/runbook"
)

// AnsibleIO is where a fleet run's output and events go.
type AnsibleIO struct {
	// Output gets Ansible's human-readable output (the default stdout
	// callback) for the pane and the step's log; the caller masks it.
	Output     io.Writer
	PTY        bool
	Cols, Rows int
	Grace      time.Duration // SIGINT, then SIGKILL after this (default 10s)

	// Masker hides secrets in the messages and task names of events
	// before they are folded or handed on (nil masks nothing). Output is
	// the caller's to mask.
	Masker *runbook.Masker

	// OnEvent sees every event in order, from one goroutine, with the host
	// changes it caused and the fleet after it. The fleet belongs to the
	// runner: read it during the call, Clone it to keep it.
	OnEvent func(e FleetEvent, changes []HostChange, fleet *Fleet)
}

// AnsibleResult is how a fleet run ended.
type AnsibleResult struct {
	Fleet  *Fleet
	Proc   ProcResult // ansible-playbook's exit (Exit -1 when it never ran)
	Passed bool       // every host finished within the failure budget
	Reason string     // why it failed, or a one-line account of success
	Argv   []string   // what ran (extra variables only as @file)
}

// RunAnsible runs ansible-playbook for r with golive's callback plugin and
// follows every host until the run ends or ctx is cancelled (then the
// process group gets SIGINT, and SIGKILL after the grace).
func RunAnsible(ctx context.Context, r AnsibleRun, o AnsibleIO) AnsibleResult {
	res := AnsibleResult{Fleet: NewFleet(), Proc: ProcResult{Exit: -1}}
	res.Fleet.CheckMode = r.CheckMode || (r.Spec != nil && r.Spec.Check)
	fail := func(err error) AnsibleResult {
		res.Proc.Err, res.Reason = err, err.Error()
		return res
	}
	if r.Spec == nil {
		return fail(fmt.Errorf("no ansible settings to run"))
	}
	tmp, err := os.MkdirTemp("", "golive-ansible-")
	if err != nil {
		return fail(fmt.Errorf("ansible run directory: %w", err))
	}
	defer os.RemoveAll(tmp)
	plugins, err := writeCallback(tmp)
	if err != nil {
		return fail(fmt.Errorf("write callback plugin: %w", err))
	}
	vars, err := writeVars(tmp, r.Spec.ExtraVars)
	if err != nil {
		return fail(fmt.Errorf("write extra_vars: %w", err))
	}
	res.Argv = r.Argv(vars)

	evR, evW, err := os.Pipe()
	if err != nil {
		return fail(err)
	}
	p, err := Start(ProcSpec{
		Argv: res.Argv, Dir: r.Dir, Env: ansibleEnv(r.Env, plugins),
		PTY: o.PTY, Cols: o.Cols, Rows: o.Rows, Stdout: o.Output, Grace: o.Grace,
		ExtraFiles: []*os.File{evW},
	})
	evW.Close()
	if err != nil {
		evR.Close()
		return fail(err)
	}

	read := make(chan struct{})
	go func() {
		defer close(read)
		readFleetEvents(evR, res.Fleet, o.Masker, o.OnEvent)
	}()

	var stopped bool
	select {
	case <-p.Done():
	case <-ctx.Done():
		stopped = true
		p.Stop()
	}
	res.Proc = p.Wait()
	// The pipe ends when every process holding it has exited; one that
	// escaped the group could hold it open, so wait only a moment for it.
	select {
	case <-read:
	case <-time.After(drainTime):
		evR.Close()
		<-read
	}
	evR.Close()

	switch {
	case stopped:
		res.Reason = "stopped: " + context.Cause(ctx).Error()
	case res.Proc.Err != nil:
		res.Reason = res.Proc.Err.Error()
	default:
		res.Passed, res.Reason = res.Fleet.Verdict(res.Proc.Exit, r.Budget)
	}
	return res
}

// readFleetEvents folds every line of the stream into f. A line that is not
// an event (which golive's own plugin never writes) is skipped rather than
// ending the run's view of its hosts.
func readFleetEvents(rd io.Reader, f *Fleet, m *runbook.Masker, on func(FleetEvent, []HostChange, *Fleet)) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 64*1024), 8*1024*1024)
	for sc.Scan() {
		e, err := ParseFleetEvent(sc.Bytes())
		if err != nil {
			continue
		}
		e.Msg, e.Task, e.Play = m.Mask(e.Msg), m.Mask(e.Task), m.Mask(e.Play)
		changes := f.Apply(e)
		if on != nil {
			on(e, changes, f)
		}
	}
}
