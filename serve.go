package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"golive/ballot"
	"golive/launch"
	"golive/runbook"
	"golive/serve"
	"golive/ui"
)

// hostKeyFile is the default host key's name in the launch's state root.
const hostKeyFile = "ssh_host_ed25519_key"

// sessionFrame is the shortest time between two frames a session draws
// for what changes on its own (new step output, clocks, samples); keys
// are drawn at once. Ten a second look as live over SSH as thirty, and
// twenty sessions drawing a flood then leave the machine to the step:
// each frame costs a render and its bytes for the client.
const sessionFrame = 100 * time.Millisecond

// serveFlags are the flags serve adds to those of run.
type serveFlags struct {
	listen, hostKey string
}

// cmdServe runs the launch and an SSH server: each person of [[people]]
// connects with their key and gets their own cockpit of the one launch.
func cmdServe(args []string) (int, error) {
	var f runFlags
	var sf serveFlags
	fs := newFlags("serve")
	fs.BoolVar(&f.rehearse, "rehearse", false, "rehearsal: overlay env, simulate rehearse = false steps")
	fs.BoolVar(&f.headless, "headless", true, "accepted for symmetry with run: serve always prints lines")
	fs.BoolVar(&f.yes, "yes", false, "confirm, tick and pass the gate automatically")
	fs.BoolVar(&f.exit, "exit", false, "accepted for symmetry with run")
	fs.BoolVar(&f.resume, "resume", false, "continue the unfinished launch")
	fs.BoolVar(&f.fresh, "fresh", false, "start anew over an unfinished launch")
	fs.Var(&f.approvers, "approver", "approver voting GO with --yes (repeatable)")
	addSetFlags(fs, &f.sets)
	fs.StringVar(&f.outsideWindow, "outside-window", "", "recorded reason to go outside the window or in a freeze")
	fs.BoolVar(&f.acceptChanges, "accept-changes", false, "resume even though the runbook changed since the launch started")
	fs.StringVar(&f.state, "state", "", "state directory (default .golive beside the runbook)")
	fs.StringVar(&sf.listen, "listen", serve.DefaultListen, "address the SSH server listens on")
	fs.StringVar(&sf.hostKey, "host-key", "", "the server's host key (created on first use; default beside the state)")
	path, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	f.headless = true // decisions wait for people in their sessions; lines go to stdout
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
		return exitUsage, missing
	}
	if !anyKeys(rb) {
		return exitUsage, usagef("%s: no [[people]] entry has ssh_keys, so nobody could connect: add ssh_keys = [\"ssh-ed25519 AAAA... you@laptop\"] to the people who drive, approve or watch", path)
	}
	if exe, err := os.Executable(); err == nil {
		os.Setenv("GOLIVE", exe)
	}
	root := launch.StateRoot(rb, f.state)
	if err := os.MkdirAll(root, 0o700); err != nil {
		return exitUsage, err
	}
	if sf.hostKey == "" {
		sf.hostKey = filepath.Join(root, hostKeyFile)
	}
	lock, err := launch.AcquireLock(root, driver())
	var locked *launch.LockedError
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
	return runServe(launch.Options{
		Runbook:       rb,
		Root:          root,
		Rehearse:      f.rehearse,
		Yes:           f.yes,
		Approvers:     f.approvers,
		OutsideWindow: f.outsideWindow,
		Resume:        resume.events,
		ResumeDir:     resume.dir,
		Driver:        driver(),
		OSUser:        osUser(),
	}, sf)
}

// anyKeys reports whether anyone could connect.
func anyKeys(rb *runbook.Runbook) bool {
	for _, p := range rb.People {
		if len(p.SSHKeys) > 0 {
			return true
		}
	}
	return false
}

// runServe runs the engine, the line printer and the SSH server until the
// launch has ended and everyone has left (or a signal says stop).
func runServe(opts launch.Options, sf serveFlags) (int, error) {
	rb := opts.Runbook
	relay := launch.NewRelay(rb, opts.Resume)
	opts.OnEvent = relay.Publish
	eng, err := launch.New(opts)
	if err != nil {
		return exitUsage, err
	}
	if err := launch.SnapshotRunbook(eng.Dir(), rb); err != nil {
		fmt.Fprintln(os.Stderr, "golive: "+err.Error())
	}
	lines := startLines(relay, os.Stdout)
	holdSub := relay.Subscribe()
	defer holdSub.Close()
	rm := newRoom(eng, func() bool { return holdSub.Pull().State.Hold }, heldByRoom(opts.Resume))
	rm.separate = rb.Launch.SeparateApprover
	// The sessions share one set of output panes, filled from the step
	// logs: a step's output is parsed once however many people watch it,
	// and each session keeps its own scroll, search and selection.
	outputs := ui.NewOutputs()
	left := make(chan struct{}, 1)
	var srv *serve.Server
	srv, err = serve.New(serve.Options{
		Listen:      sf.listen,
		HostKeyFile: sf.hostKey,
		Lookup:      lookupPeople(rb),
		NewModel: func(s serve.Session) tea.Model {
			return newSessionModel(s, rb, rm, relay, outputs, eng.Dir(), opts.Rehearse)
		},
		OnOpen: func(s serve.Session) {
			if p := rb.PersonByKey(s.Person.Fingerprint); p != nil {
				rm.open(s, p)
			}
		},
		OnClose: func(s serve.Session) {
			rm.close(s)
			logClose(srv, s)
			select {
			case left <- struct{}{}:
			default:
			}
		},
		Frame: sessionFrame,
	})
	if err != nil {
		return exitUsage, err
	}
	if err := srv.Listen(); err != nil {
		return exitUsage, err
	}
	defer srv.Close()
	fmt.Fprintf(os.Stderr, "golive: serving %s on %s; host key %s\n", rb.Launch.Name, srv.Addr(), srv.Fingerprint())
	fmt.Fprintf(os.Stderr, "golive: connect with: ssh -p %s %s\n", portOf(srv.Addr().String()), hostOf(srv.Addr().String()))
	go srv.Serve()

	rm.start()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- eng.Run(ctx) }()

	// serve lives apart from the terminal that started it: a hang-up of
	// that terminal changes nothing. SIGINT and SIGTERM stop the launch at
	// its next safe point, resumable with --resume.
	signal.Ignore(syscall.SIGHUP)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	var code int
wait:
	for {
		select {
		case code = <-done:
			break wait
		case s := <-sigs:
			fmt.Fprintf(os.Stderr, "golive: %v: stopping at the next safe point (resume with 'golive serve --resume %s')\n", s, rb.Path)
			eng.Interrupt()
		}
	}
	lines.stop()
	if n := rm.count(); n > 0 {
		fmt.Fprintf(os.Stderr, "golive: the launch has ended; %d session(s) still see its summary: serving until they leave (Ctrl-C ends them now)\n", n)
	}
	for rm.count() > 0 {
		select {
		case <-left:
		case <-sigs:
			return code, nil
		}
	}
	return code, nil
}

// logClose says on stderr that a session ended and what it cost: the
// bytes its cockpit wrote to the client.
func logClose(srv *serve.Server, s serve.Session) {
	for _, st := range srv.Sessions() {
		if st.ID == s.ID {
			fmt.Fprintf(os.Stderr, "golive: session %d of %s closed after %s: %dx%d, wrote %d bytes in %d writes\n",
				s.ID, s.Person.Name, time.Since(s.Opened).Round(time.Second), s.Width, s.Height, st.Traffic.Bytes, st.Traffic.Writes)
		}
	}
}

// goneModel ends a session whose key no person holds.
type goneModel struct{}

func (goneModel) Init() tea.Cmd                         { return tea.Quit }
func (m goneModel) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, tea.Quit }
func (goneModel) View() string                          { return "golive serve: this key is no longer known.\n" }

// heldByRoom reports whether the hold a resumed launch is under was set
// by serve for want of a driver, so that the first driver releases it.
func heldByRoom(events []launch.Event) bool {
	held := false
	for _, e := range events {
		if b, ok := e.Body.(launch.HoldSetBody); ok {
			held = b.On && b.Who == roomHold
		}
	}
	return held
}

// lookupPeople maps a key to its [[people]] entry.
func lookupPeople(rb *runbook.Runbook) serve.Lookup {
	return func(key gossh.PublicKey) (serve.Person, bool) {
		p := rb.PersonByKey(serve.Fingerprint(key))
		if p == nil {
			return serve.Person{}, false
		}
		var roles []string
		for _, r := range p.Roles {
			roles = append(roles, string(r))
		}
		return serve.Person{Name: p.Name, Roles: roles}, true
	}
}

// newSessionModel builds one session's cockpit: its own state, size,
// selection and renderer, fed from the one relay; the step output it
// shows is read from the logs into the panes all sessions share.
func newSessionModel(s serve.Session, rb *runbook.Runbook, rm *room, relay *launch.Relay, outputs *ui.Outputs, dir string, rehearse bool) tea.Model {
	p := rb.PersonByKey(s.Person.Fingerprint)
	if p == nil {
		// The server admits only keys the lookup knows; this guards the
		// model against a lookup that ever disagrees with the runbook.
		return goneModel{}
	}
	inner := ui.NewModel(ui.Options{
		Runbook:   rb,
		ReadOnly:  true,
		Rehearse:  rehearse,
		LaunchDir: dir,
		TailLogs:  true,
		Remote:    true,
		Outputs:   outputs,
		Frame:     sessionFrame,
		Renderer:  s.Renderer,
		Relay:     relay,
	})
	go func() {
		<-s.Done
		inner.Close()
	}()
	return newSeatModel(s, p, rm, inner, ballot.RulesOf(rb).Voters())
}
