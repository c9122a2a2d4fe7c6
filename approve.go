package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golive/ballot"
	"golive/launch"
)

// approveTimeout bounds how long `golive approve` waits for the driving
// process to answer; a launch that does not answer by then is not
// waiting at a gate in any useful sense.
const approveTimeout = 20 * time.Second

// cmdApprove casts a vote into a launch waiting at its gate. The vote
// travels over the launch's voting socket, where the driving process
// learns the voter's OS user from the kernel: --as only says which
// approver the voter claims to be, and the driver checks that claim.
func cmdApprove(args []string) (int, error) {
	fs := newFlags("approve")
	as := fs.String("as", "", "the approver you are (may be left out when [[people]] maps your OS user)")
	noGo := fs.String("no-go", "", "vote NO-GO with this reason: closes the gate")
	state := fs.String("state", "", "state directory (default .golive/ beside the runbook)")
	var sets listFlag
	addSetFlags(fs, &sets)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) > 1 {
		return exitUsage, usagef("approve takes one RUNBOOK or STATE_DIR, not %d", len(pos))
	}
	req := ballot.Request{As: *as}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "no-go" {
			req.NoGo, req.Reason = true, *noGo
		}
	})
	if req.NoGo && strings.TrimSpace(req.Reason) == "" {
		return exitUsage, usagef(`--no-go needs a reason: --no-go "WHY"`)
	}
	what, roots, err := voteRoots(pos, *state, sets)
	if err != nil {
		return exitUsage, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), approveTimeout)
	defer cancel()
	a, err := ballot.Cast(ctx, roots, req)
	if errors.Is(err, ballot.ErrNoLaunch) {
		return exitUsage, fmt.Errorf("no launch of %s is waiting at a gate (nothing takes votes for %s)", what, roots[0])
	}
	if err != nil {
		return exitUsage, err
	}
	if !a.Accepted {
		return exitUsage, fmt.Errorf("vote refused: %s: %s", a.Refusal, a.Message)
	}
	fmt.Println(a.Message)
	return exitOK, nil
}

// voteRoots names what the voter pointed at and the state roots whose
// voting sockets to try. The state directory is private to the driver, so
// nothing inside it is read: a runbook gives its root by name, a
// directory is tried as a root, as a launch directory inside one, and as
// the state directory holding roots when the voter may list it.
func voteRoots(pos []string, stateFlag string, sets listFlag) (string, []string, error) {
	arg := ""
	if len(pos) == 1 {
		arg = pos[0]
	}
	if arg == "" && stateFlag != "" {
		return stateFlag, dirRoots(stateFlag), nil
	}
	if arg == "" {
		arg = defaultRunbook
	}
	st, err := os.Stat(arg)
	switch {
	case errors.Is(err, os.ErrPermission):
		// Inside the driver's private state directory: a path the voter
		// cannot even look at can only be a state directory.
		return arg, dirRoots(arg), nil
	case errors.Is(err, os.ErrNotExist):
		return "", nil, usagef("%s: no such runbook or state directory", arg)
	case err != nil:
		return "", nil, err
	}
	if st.IsDir() {
		return arg, dirRoots(arg), nil
	}
	rb, err := loadRunbook(arg, false, sets)
	if err != nil {
		return "", nil, err
	}
	return arg, []string{launch.StateRoot(rb, stateFlag)}, nil
}

func dirRoots(dir string) []string {
	roots := []string{dir, filepath.Dir(filepath.Clean(dir))}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				roots = append(roots, filepath.Join(dir, e.Name()))
			}
		}
	}
	return roots
}
