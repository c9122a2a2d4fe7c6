package launch

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golive/ballot"
	"golive/runbook"
)

// Options wire an Engine to a launch and to its driver.
type Options struct {
	Runbook       *runbook.Runbook // loaded with the rehearsal overlay and --set already applied
	Root          string           // the runbook's state root: StateRoot(rb, --state)
	Rehearse, Yes bool
	Headless      bool     // a decision that needs a person ends the run with exit 3
	Approvers     []string // --approver names; they vote automatically with Yes
	OutsideWindow string   // --outside-window reason: a recorded override
	Resume        []Event  // non-nil: resume the launch of these events, in ResumeDir
	ResumeDir     string
	Driver        string // USER@HOST
	OSUser        string // the driving OS user ($SUDO_USER, else $USER)
	// Identity is the driver as the system proves it; zero: this
	// process's OS user (ballot.Self). A launch driven over SSH names
	// the session's key, so that separate_approver knows the driver.
	Identity ballot.Driver
	// Output, when set, receives the raw (masked) output of every check,
	// step, probe and rollback step as it arrives.
	Output func(p Phase, id string) io.Writer
	// OnEvent is called for every event, in order, after it is journaled.
	// It runs on the engine's goroutine: it must not block for long.
	OnEvent func(Event)
	Clock   Clock // nil: the wall clock
	// Cols and Rows are the initial pseudo-terminal size of steps.
	Cols, Rows int
}

// Engine runs one launch. Create it with New, drive it with Run, and talk
// to it from any goroutine with Send, Hangup and Interrupt.
type Engine struct {
	o     Options
	rb    *runbook.Runbook
	clock Clock
	run   engRunner
	env   []string
	// expected are the baselines journaled with LaunchStarted.
	expected map[string]int64
	// soakLeft, when set, is what remains of a soak a resume picks up.
	soakLeft *time.Duration
	masker   *runbook.Masker
	id       string
	dir      string
	log      eventLog
	notify   *notifier

	mu    sync.Mutex // guards state and cmdq
	state *State
	cmdq  []Command

	cmdReady chan struct{} // one slot: commands are queued
	inbox    chan any      // reports of checks, steps, probes and votes
	haltSig  chan struct{} // one slot: a hang-up or an interrupt arrived
	quit     chan struct{} // closed when Run returns
	haltMu   sync.Mutex
	haltWhy  string

	// Owned by the Run goroutine.
	seq     int64
	jerr    error
	halting bool
	cols    int
	rows    int
	fg      stepProc            // the running step's process, if any
	fgID    string              // its id
	bg      map[string]stepProc // background steps still running
	bgOrder []string
	bgOut   map[string]io.WriteCloser
	monGen  int
	g       gateWork
	// ballots are the votes from other terminals (nil: none are taken);
	// voteErr says why the voting socket could not be opened.
	ballots <-chan ballot.Delivery
	voteErr error
}

// eventLog is where events are journaled; *Journal is the real one.
type eventLog interface {
	Append(Event) error
	Close() error
}

// New prepares a launch: it creates (or, to resume, reopens) the launch
// directory and its journal. Nothing runs until Run.
func New(o Options) (*Engine, error) {
	if o.Runbook == nil {
		return nil, errors.New("launch: no runbook")
	}
	if o.Root == "" && o.Resume == nil {
		return nil, errors.New("launch: no state directory")
	}
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if o.Cols <= 0 {
		o.Cols = 120
	}
	if o.Rows <= 0 {
		o.Rows = 40
	}
	e := &Engine{
		o:        o,
		rb:       o.Runbook,
		clock:    o.Clock,
		run:      engChecks{},
		cmdReady: make(chan struct{}, 1),
		inbox:    make(chan any, 256),
		haltSig:  make(chan struct{}, 1),
		quit:     make(chan struct{}),
		cols:     o.Cols,
		rows:     o.Rows,
		bg:       map[string]stepProc{},
		bgOut:    map[string]io.WriteCloser{},
	}
	e.env = e.rb.Environ(os.Environ())
	e.masker = e.rb.NewMasker(e.env)
	e.state = NewState(e.rb)
	if o.Root != "" {
		base := Baselines(o.Root, o.Rehearse)
		e.expected = base
		for _, it := range e.state.Items {
			if ms, ok := base[BaselineKey(it.Phase, it.ID)]; ok {
				it.ExpectedMS = ms
			}
		}
	}
	var err error
	if o.Resume != nil {
		if o.ResumeDir == "" {
			return nil, errors.New("launch: resume without a launch directory")
		}
		if err := inOrder(o.Resume); err != nil {
			return nil, fmt.Errorf("launch: %s: %w; the launch cannot be resumed from it", filepath.Join(o.ResumeDir, JournalFile), err)
		}
		e.dir = o.ResumeDir
		e.id = filepath.Base(o.ResumeDir)
		e.log, err = OpenJournal(e.dir)
	} else {
		e.id, e.dir, err = NewLaunchDir(o.Root, e.clock.Now())
		if err == nil {
			e.log, err = CreateJournal(e.dir)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("launch: %w", err)
	}
	// Every process of the launch carries its tag, so that a driver that
	// takes the launch up after a crash can end what this one left.
	e.env = append(e.env, launchTag(e.dir))
	e.notify = newNotifier(e)
	return e, nil
}

// Dir returns the launch directory: the journal and step logs are there.
func (e *Engine) Dir() string { return e.dir }

// snapshot returns a copy of the launch state as of the last event. The
// copy is the caller's: the engine never touches it again.
func (e *Engine) snapshot() *State {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.state.Clone()
}

// Send queues a command for the engine. It never blocks for long; commands
// that do not apply to the launch as it stands are ignored.
func (e *Engine) Send(c Command) {
	e.mu.Lock()
	e.cmdq = append(e.cmdq, c)
	e.mu.Unlock()
	select {
	case e.cmdReady <- struct{}{}:
	default:
	}
}

// Hangup tells the engine that its terminal went away: the running step
// is left to finish and journaled, nothing new starts, and Run returns 3
// (or the launch's own code when that step was its last).
func (e *Engine) Hangup() { e.halt("hang-up: the terminal went away") }

// Interrupt asks a headless launch to stop at the next safe point: the
// running step finishes, nothing new starts, and Run returns 3 so that the
// launch can be resumed.
func (e *Engine) Interrupt() { e.halt("interrupted by a signal") }

func (e *Engine) halt(why string) {
	e.haltMu.Lock()
	if e.haltWhy == "" {
		e.haltWhy = why
	}
	e.haltMu.Unlock()
	select {
	case e.haltSig <- struct{}{}:
	default:
	}
}

func (e *Engine) haltReason() string {
	e.haltMu.Lock()
	defer e.haltMu.Unlock()
	return e.haltWhy
}

func (e *Engine) mask(s string) string {
	if s == "" || e.masker == nil {
		return s
	}
	return e.masker.Mask(s)
}
