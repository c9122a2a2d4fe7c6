package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"sync/atomic"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-isatty"

	"golive/launch"
	"golive/runbook"
	"golive/ui"
)

// runFlags are the flags of 'golive run'.
type runFlags struct {
	rehearse, headless, yes, exit, resume, fresh bool
	acceptChanges                                bool
	approvers, sets                              listFlag
	outsideWindow, state                         string
}

func cmdRun(args []string) (int, error) {
	var f runFlags
	fs := newFlags("run")
	fs.BoolVar(&f.rehearse, "rehearse", false, "rehearsal: overlay env, simulate rehearse = false steps")
	fs.BoolVar(&f.headless, "headless", false, "one line per event, no cockpit")
	fs.BoolVar(&f.yes, "yes", false, "confirm, tick and pass the gate automatically")
	fs.BoolVar(&f.exit, "exit", false, "leave the cockpit when the launch ends")
	fs.BoolVar(&f.resume, "resume", false, "continue the unfinished launch")
	fs.BoolVar(&f.fresh, "fresh", false, "start anew over an unfinished launch")
	fs.Var(&f.approvers, "approver", "approver voting GO with --yes (repeatable)")
	addSetFlags(fs, &f.sets)
	fs.StringVar(&f.outsideWindow, "outside-window", "", "recorded reason to go outside the window or in a freeze")
	fs.BoolVar(&f.acceptChanges, "accept-changes", false, "resume even though the runbook changed since the launch started")
	fs.StringVar(&f.state, "state", "", "state directory (default .golive beside the runbook)")
	path, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if f.resume && f.fresh {
		return exitUsage, usagef("--resume and --fresh exclude each other")
	}
	rb, err := loadRunbook(path, f.rehearse, f.sets)
	if err != nil {
		return exitUsage, err
	}
	if err := checkApprovers(rb, &f); err != nil {
		return exitUsage, err
	}
	if missing := rb.MissingPaths(); len(missing) > 0 {
		return exitUsage, missing // nothing has run yet: say which path
	}
	if !f.headless && !isatty.IsTerminal(os.Stdout.Fd()) {
		f.headless = true
		fmt.Fprintln(os.Stderr, "golive: stdout is not a terminal: running headless (one line per event)")
	}
	// Steps may call golive itself (the demo's service does): tell them
	// where the running binary is.
	if exe, err := os.Executable(); err == nil {
		os.Setenv("GOLIVE", exe)
	}

	root := launch.StateRoot(rb, f.state)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return exitUsage, err
	}
	lock, err := launch.AcquireLock(root, driver())
	if full := launch.DiskFullBeforeStart(root, err); full != nil {
		return exitInterrupted, fmt.Errorf("nothing ran: the lock cannot be written: %w", full)
	}
	var locked *launch.LockedError
	if errors.As(err, &locked) && !f.headless {
		// Another driver (perhaps one whose terminal hung up and that is
		// finishing its step) holds the launch: watch it read-only, and
		// take over if it leaves the launch unfinished.
		lock, err = watchUntilFree(root, rb, locked)
		if lock == nil && err == nil {
			return exitOK, nil
		}
	}
	if errors.As(err, &locked) {
		return exitUsage, fmt.Errorf("%s is %s: watch it with 'golive watch %s'", rb.Launch.Name, locked.Error(), path)
	}
	if err != nil {
		return exitUsage, err
	}
	defer lock.Release()

	resume, err := chooseResume(rb, root, path, &f)
	if err != nil {
		return exitUsage, err
	}
	if resume.quit {
		return exitInterrupted, nil
	}
	opts := launch.Options{
		Runbook:       rb,
		Root:          root,
		Rehearse:      f.rehearse,
		Yes:           f.yes,
		Headless:      f.headless,
		Approvers:     f.approvers,
		OutsideWindow: f.outsideWindow,
		Resume:        resume.events,
		ResumeDir:     resume.dir,
		Driver:        driver(),
		OSUser:        osUser(),
	}
	if f.headless {
		return runHeadless(opts)
	}
	return runCockpit(opts, f)
}

// checkApprovers refuses, before anything runs, a real launch whose --yes
// could not reach the quorum, and --approver names the runbook does not know.
func checkApprovers(rb *runbook.Runbook, f *runFlags) error {
	distinct := map[string]bool{}
	for _, a := range f.approvers {
		if len(rb.Launch.Approvers) > 0 && !contains(rb.Launch.Approvers, a) {
			return usagef("--approver %q is not one of the approvers of %s: %v", a, rb.Launch.Name, rb.Launch.Approvers)
		}
		distinct[a] = true
	}
	if f.yes && !f.rehearse && len(rb.Cutover) > 0 && len(distinct) < rb.Launch.Quorum {
		return usagef("--yes on a real launch needs at least %d distinct --approver NAME (the quorum of %s); rehearse with --rehearse --yes",
			rb.Launch.Quorum, rb.Launch.Name)
	}
	return nil
}

// resumeChoice is what to do about an unfinished launch.
type resumeChoice struct {
	dir    string
	events []launch.Event // nil: start a fresh launch
	quit   bool
}

// chooseResume looks for an unfinished launch of rb and decides, from the
// flags or by asking in the cockpit, whether to resume it.
func chooseResume(rb *runbook.Runbook, root, path string, f *runFlags) (resumeChoice, error) {
	r, err := launch.FindResumable(rb, root)
	var ended *launch.EndedError
	var damage *launch.JournalDamage
	switch {
	case errors.Is(err, launch.ErrNoLaunch):
		if f.resume {
			return resumeChoice{}, usagef("--resume: %s has no launch to resume", path)
		}
		return resumeChoice{}, nil
	case errors.As(err, &ended):
		if f.resume {
			return resumeChoice{}, usagef("--resume: the latest launch of %s has ended (%s); nothing to resume", path, ended.Outcome)
		}
		return resumeChoice{}, nil
	case errors.As(err, &damage):
		return resumeChoice{}, setAsideDamaged(filepath.Dir(damage.Path), path, f.fresh, err)
	case err != nil:
		return resumeChoice{}, err
	}
	choice, err := launch.ChooseResume(r, path, launch.ResumeFlags{Resume: f.resume, Fresh: f.fresh, Headless: f.headless, AcceptChanges: f.acceptChanges})
	if err != nil {
		return resumeChoice{}, err
	}
	switch choice {
	case launch.ResumeIt:
		return resumeChoice{dir: r.Dir, events: r.Events}, nil
	case launch.AskOperator:
		yes, err := ui.AskResume(r.Summary())
		if errors.Is(err, ui.ErrQuit) {
			return resumeChoice{quit: true}, nil
		}
		if err != nil {
			return resumeChoice{}, err
		}
		if yes {
			return resumeChoice{dir: r.Dir, events: r.Events}, nil
		}
	}
	return resumeChoice{}, nil
}

// runHeadless drives the launch with one line per event on stdout. The
// lines go through a LineWriter, so a stdout nobody reads never holds up
// the engine. A first SIGINT or SIGTERM stops at the next safe point and
// ends every wait at once; a second one also stops the running steps.
func runHeadless(opts launch.Options) (int, error) {
	out := launch.NewLineWriter(os.Stdout)
	defer out.Close()
	opts.OnEvent = func(e launch.Event) {
		if line := launch.FormatLine(e, nil); line != "" {
			out.Println(line)
		}
	}
	eng, err := launch.New(opts)
	if err != nil {
		return exitUsage, err
	}
	if err := launch.SnapshotRunbook(eng.Dir(), opts.Runbook); err != nil {
		fmt.Fprintln(os.Stderr, "golive: "+err.Error())
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		interrupts := 0
		for s := range sigs {
			switch {
			case s == syscall.SIGHUP:
				eng.Hangup()
			case interrupts == 0:
				interrupts++
				fmt.Fprintf(os.Stderr, "golive: %v: stopping at the next safe point (resume with --resume; again to stop the running step)\n", s)
				eng.Interrupt()
			default:
				fmt.Fprintf(os.Stderr, "golive: %v again: stopping the running step (resume with --resume)\n", s)
				eng.Escalate()
			}
		}
	}()
	code := eng.Run(context.Background())
	sayJournalErr(eng)
	return code, nil
}

// sayJournalErr tells, once Run has returned, why a launch whose journal
// could not be written stopped: which filesystem to free before resuming.
func sayJournalErr(eng *launch.Engine) {
	if jerr := eng.JournalErr(); jerr != nil {
		fmt.Fprintf(os.Stderr, "golive: the launch stopped because its journal cannot be written: %v\n", jerr)
	}
}

// runCockpit drives the launch in the full-screen cockpit.
func runCockpit(opts launch.Options, f runFlags) (int, error) {
	outputs := ui.NewOutputs()
	var p *tea.Program
	opts.Output = outputs.Writer
	var eng *launch.Engine
	// The engine publishes into the relay, which never waits for the
	// cockpit: a terminal that stops reading cannot hold up a step.
	relay := launch.NewRelay(opts.Runbook, opts.Resume)
	opts.OnEvent = relay.Publish
	model := ui.NewModel(ui.Options{
		Runbook:      opts.Runbook,
		Send:         func(c launch.Command) { eng.Send(c) },
		Rehearse:     opts.Rehearse,
		Driver:       opts.Driver,
		ExitOnFinish: f.exit,
		Outputs:      outputs,
		Relay:        relay,
	})
	defer model.Close()
	// golive handles SIGINT and SIGTERM itself (below), as a headless
	// launch does; Bubble Tea's own handler would quit at once on SIGTERM
	// and treat a SIGINT as a hang-up.
	p = tea.NewProgram(model, tea.WithAltScreen(), tea.WithoutSignalHandler())
	var err error
	eng, err = launch.New(opts)
	if err != nil {
		return exitUsage, err
	}
	if err := launch.SnapshotRunbook(eng.Dir(), opts.Runbook); err != nil {
		fmt.Fprintln(os.Stderr, "golive: "+err.Error())
	}
	model.SetLaunchDir(eng.Dir())
	// Every return below comes after Run returned.
	defer sayJournalErr(eng)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan int, 1)
	go func() { ran <- eng.Run(ctx) }()

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var signalled atomic.Value // the first SIGINT or SIGTERM, once it came
	go func() {
		for s := range sigs {
			switch {
			case s == syscall.SIGHUP:
				// The terminal is gone: let the running step finish,
				// journal it and leave, resumable.
				eng.Hangup()
				p.Kill()
				return
			case signalled.Load() == nil:
				// As headless: stop at the next safe point; the cockpit
				// leaves once the launch has stopped (see below).
				signalled.Store(s)
				eng.Interrupt()
				p.Send(ui.InterruptMsg{})
			default:
				eng.Escalate()
				p.Send(ui.InterruptMsg{Again: true})
			}
		}
	}()
	// done carries the launch's exit code once Run returned; a launch
	// stopped by a signal also ends the cockpit, which nobody asked to
	// stay.
	done := make(chan int, 1)
	go func() {
		done <- <-ran
		if signalled.Load() != nil {
			p.Quit()
		}
	}()

	if _, err := p.Run(); err != nil {
		// The cockpit ended without the operator: killed by the hang-up
		// above, or its terminal failed first (a read from a hung-up
		// terminal can beat the signal). Either way nobody sees the
		// launch any more, so it is a hang-up: the running step
		// finishes and is journaled, nothing new starts, exit 3.
		// Cancelling here would kill that step.
		eng.Hangup()
		code := <-done
		if errors.Is(err, tea.ErrProgramKilled) {
			err = nil
		}
		return code, err
	}
	select {
	case code := <-done:
		if sig := signalled.Load(); sig != nil {
			fmt.Fprintf(os.Stderr, "golive: %v: launch stopped; continue it with 'golive %s --resume'\n", sig, opts.Runbook.Path)
		}
		return code, nil
	default:
	}
	// The operator left while the launch runs: stop what runs (ending
	// every process group), journal it and exit resumable.
	fmt.Fprintln(os.Stderr, "golive: stopping the running step and leaving the launch resumable...")
	cancel()
	code := <-done
	fmt.Fprintf(os.Stderr, "golive: launch left unfinished; continue it with 'golive %s --resume'\n", opts.Runbook.Path)
	return code, nil
}
