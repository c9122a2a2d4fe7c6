// Package launch drives a launch and keeps its record: the engine (New,
// Run) takes a runbook from pre-flight through the gate, the cutover, the
// monitor and, when needed, the rollback; every state change is an Event
// in the journal, and State is a pure fold of those events.
//
// One goroutine (the one calling Run) owns the launch: it decides, emits
// every Event, journals it, folds it into the engine's State and hands it
// to Options.OnEvent, in that order. Checks, steps, probes and votes from
// other terminals run in their own goroutines and report back to it over a
// channel; commands from the cockpit are queued by Send and read by the
// same goroutine, so no state is ever shared without a lock.
//
// Rollback runs the rollback commands of the completed cutover steps in
// reverse order, and also the rollback command of the step that failed or
// was stopped (when it has one): a half-done step may already have changed
// things, and its rollback command is written to be safe to run anyway.
// Steps that were skipped, simulated under --rehearse, or never started are
// not rolled back.
//
// Headless launches wait for people only at the gate, and only for votes:
// without --yes the gate takes ballots from `golive approve` until its
// timeout, while a failed check or a closed window ends the run at once.
// Elsewhere they never wait for a person: where the cockpit would ask
// (a failed step under on_failure = "ask", a failed rollback step, a
// rollback recommended by the monitor without --yes, a step interrupted by
// a crash without --yes), the engine journals DecisionNeeded and Run
// returns 3, so that running golive on the runbook again (the cockpit, or
// headless with --resume) takes the launch up at that decision. A step
// that times out under on_timeout = "ask" is stopped headless, as under
// "fail", and its on_failure policy applies: a process is never left
// running while nobody can answer.
//
// # How a decision flows
//
// input -> fold -> decide -> effects. An input is whatever reaches the Run
// goroutine: a command from Send, a worker's report (a check, a step's
// process, a probe sample, a ballot from the voting socket), a timer or a
// halt. The engine turns it into events with emit, which journals each
// event and folds it into the engine's State — the same State the cockpit,
// watch, report and resume build from the journal. What to do next is then
// read from that State by the pure functions of decide.go (rollbackSet,
// resumeAt, resumeFrom, checksToRun, failedChecks, staleChecks, gateTally,
// gateConditions, canWaive, breaching; nextStage in stage_decide.go for a
// staged step's ladder) and by Offered, which says which Actions a
// decision accepts.
// The effects (start a process, arm a timer, stop a step, notify) are
// carried out by the phase functions (preflight.go, gate.go, cutover.go,
// engine_step.go, monitor.go, rollback.go, stage_run.go), whose results come back as the
// next inputs. Besides the fold the engine keeps only what belongs to its
// own process (the processes it started, the voting socket,
// whether a GO waits for re-run checks), so a resumed launch is the fold of
// its journal, continued.
//
// # Durability and signals
//
// No process starts unless the event announcing it (StepStarted,
// CheckStarted) is in the journal: when the journal refuses a write (a
// full disk), the engine starts nothing more and the launch ends
// interrupted (exit 3), its ending naming the filesystem to free. A step
// whose end could not be journaled is found interrupted, outcome unknown,
// on resume. A first interrupt ends every wait at once (retries of checks
// and verifies, the gate, confirmations, the soak) and lets the running
// step finish; Escalate, a second one, stops that step too.
//
// A question to a person is a DecisionNeeded event naming its
// DecisionKind; the fold keeps it as State.Pending (and Item.Decide), the
// views offer Offered(kind), and the answer is a CmdDecide carrying one of
// those Actions, journaled as a Decision.
//
// Events carry typed payloads: an Event is its envelope (Seq, Time, Phase,
// ID) and a Body, one struct per type (body.go), so consumers switch on
// the body's Go type and read fields that mean one thing. The journal
// keeps its flat lines: event_json.go writes the envelope's keys and the
// body's side by side, and reads a type it does not know into an
// UnknownBody that the fold skips.
//
// A new capability adds its event types (event.go) and their bodies
// (body.go, listed in body_types.go), folds them (apply.go),
// decides from the fold in a pure function with a table test that starts
// no process (decide.go, decide_test.go), and keeps the effect in its phase.
package launch
