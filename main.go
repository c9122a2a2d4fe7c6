// golive is a full-screen terminal cockpit for going live: it loads a
// launch runbook, runs the pre-flight checks, holds the go/no-go gate,
// walks the operator through the cutover and monitors the result until it
// is stable or rolled back, journaling everything on the way.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"

	"golive/internal/startpages"
	"golive/runbook"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// The process exit codes of DESIGN.md.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 3
)

func main() {
	// Every package's init has run: the pages of the binary only they
	// read go back to the kernel (about 6 MB, mostly the syntax
	// highlighter's tables; see internal/startpages).
	startpages.Release()
	os.Exit(run(os.Args[1:]))
}

// run dispatches a subcommand and turns its error into an exit code and
// one clear message on stderr.
func run(args []string) int {
	code, err := dispatch(args)
	if err != nil {
		var probs runbook.Problems
		switch {
		case errors.As(err, &probs):
			for _, p := range probs {
				fmt.Fprintln(os.Stderr, p.String())
			}
			return exitUsage
		case errors.Is(err, flag.ErrHelp):
			fmt.Fprint(os.Stdout, usageText)
			return exitOK
		default:
			fmt.Fprintln(os.Stderr, "golive: "+err.Error())
			var ue usageError
			if errors.As(err, &ue) {
				fmt.Fprintln(os.Stderr, "Run 'golive help' for usage.")
			}
			if code == exitOK {
				code = exitUsage
			}
		}
	}
	return code
}

func dispatch(args []string) (int, error) {
	cmd := "run"
	if len(args) > 0 {
		switch args[0] {
		case "run", "validate", "plan", "check", "approve", "serve", "watch", "report", "init", "version", "help", demoServiceCmd:
			cmd, args = args[0], args[1:]
		case "-h", "--help", "-help":
			cmd, args = "help", nil
		}
	}
	switch cmd {
	case "run":
		return cmdRun(args)
	case "validate":
		return cmdValidate(args)
	case "plan":
		return cmdPlan(args)
	case "check":
		return cmdCheck(args)
	case "approve":
		return cmdApprove(args)
	case "serve":
		return cmdServe(args)
	case "watch":
		return cmdWatch(args)
	case "report":
		return cmdReport(args)
	case "init":
		return cmdInit(args)
	case "version":
		fmt.Println("golive " + version)
		return exitOK, nil
	case demoServiceCmd:
		return cmdDemoService(args)
	default:
		fmt.Print(usageText)
		return exitOK, nil
	}
}

const usageText = `golive — a terminal cockpit for going live

Usage:
  golive [RUNBOOK]                      same as 'golive run' (RUNBOOK defaults to ./config.toml)
  golive run [flags] [RUNBOOK]          the cockpit (or line output with --headless)
  golive validate RUNBOOK...            check runbooks; one "FILE:LINE:COL: message" per problem
  golive plan [--remaining] RUNBOOK     print the plan (or what the latest launch has left)
  golive check [--format text|json|junit] [--rehearse] RUNBOOK
                                        run the pre-flight checks only
  golive approve [--as NAME] [--no-go REASON] [--state DIR] [RUNBOOK|STATE_DIR]
                                        vote at a launch's gate from another terminal or OS user;
                                        who votes is proven by the kernel (your OS user)
  golive serve [run flags] [--listen ADDR] [--host-key FILE] RUNBOOK
                                        run the launch and an SSH server: each person of
                                        [[people]] connects with 'ssh -p PORT HOST' (default
                                        127.0.0.1:2222) and gets their own cockpit
  golive watch [RUNBOOK|STATE_DIR]      read-only view of a launch driven elsewhere
  golive report [--format md|json] [RUNBOOK|STATE_DIR]
                                        the report of the latest launch
  golive init [FILE]                    write the starter runbook
  golive version

Flags of run:
  --rehearse              apply [rehearsal.env]; skip rehearse = false steps; window shown, not enforced
  --headless              one line per event on stdout, no cockpit
  --yes                   confirm, tick and pass the gate automatically (recorded as auto)
  --approver NAME         an approver voting GO with --yes (repeatable)
  --outside-window REASON a recorded override of the window or a freeze
  --set NAME=VALUE        a launch parameter (repeatable; overrides [env])
  --set NAME              the same, its value taken from golive's environment (kept out of ps)
  --set-file NAME=PATH    the same, its value read from a file (kept out of ps)
  --exit                  leave the cockpit when the launch ends
  --state DIR             state directory (default .golive/ beside the runbook)
  --resume | --fresh      continue the unfinished launch, or start anew over it
  --accept-changes        resume over a runbook changed since the launch started

check, plan, report, watch and approve accept --set and --set-file too, for
a runbook whose ${VAR} only they give.

Exit codes: 0 completed, 1 failed/aborted/rolled back, 2 bad usage or invalid
runbook or locked, 3 interrupted and resumable.
`
