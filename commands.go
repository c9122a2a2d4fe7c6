package main

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"

	"golive/launch"
	"golive/runbook"
)

// cmdValidate checks every runbook named and prints all problems at once.
func cmdValidate(args []string) (int, error) {
	fs := newFlags("validate")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if len(pos) == 0 {
		pos = []string{defaultRunbook}
	}
	code := exitOK
	for _, path := range pos {
		rb, err := loadRunbook(path, false, nil)
		var probs runbook.Problems
		switch {
		case errors.As(err, &probs):
			for _, p := range probs {
				fmt.Fprintln(os.Stderr, p.String())
			}
			code = exitUsage
		case err != nil:
			fmt.Fprintln(os.Stderr, "golive: "+err.Error())
			code = exitUsage
		default:
			for _, w := range rb.Warnings {
				fmt.Fprintln(os.Stderr, w.String())
			}
			fmt.Printf("%s: ok\n", path)
		}
	}
	return code, nil
}

// cmdPlan prints the plan of a runbook, or with --remaining what its
// latest launch has left to do and how to undo what it did.
func cmdPlan(args []string) (int, error) {
	fs := newFlags("plan")
	remaining := fs.Bool("remaining", false, "only what the latest launch has not done yet")
	rehearse := fs.Bool("rehearse", false, "show the plan with the rehearsal overlay")
	state := fs.String("state", "", "state directory")
	var sets listFlag
	addSetFlags(fs, &sets)
	path, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	rb, err := loadRunbook(path, *rehearse, sets)
	if err != nil {
		return exitUsage, err
	}
	masker := rb.NewMasker(os.Environ())
	root := launch.StateRoot(rb, *state)
	if !*remaining {
		launch.WritePlan(os.Stdout, rb, masker, launch.Baselines(root, *rehearse))
		return exitOK, nil
	}
	dir, events, err := launch.Latest(root)
	if errors.Is(err, launch.ErrNoLaunch) {
		fmt.Fprintf(os.Stderr, "golive: %s has no launch on record: the whole plan remains\n", path)
		launch.WritePlan(os.Stdout, rb, masker, launch.Baselines(root, *rehearse))
		return exitOK, nil
	}
	if err != nil {
		return exitFailed, err
	}
	launch.WriteRemaining(os.Stdout, rb, launch.FoldLaunch(rb, dir, events))
	return exitOK, nil
}

// cmdInit writes the embedded starter runbook.
func cmdInit(args []string) (int, error) {
	fs := newFlags("init")
	force := fs.Bool("force", false, "overwrite an existing file")
	path, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if errors.Is(err, os.ErrExist) {
		return exitUsage, usagef("%s already exists (add --force to overwrite it)", path)
	}
	if err != nil {
		return exitUsage, err
	}
	if _, err := f.Write(starterRunbook); err != nil {
		f.Close()
		return exitFailed, err
	}
	if err := f.Close(); err != nil {
		return exitFailed, err
	}
	fmt.Fprintf(os.Stderr, "wrote %s: try 'golive %s --rehearse'\n", path, path)
	return exitOK, nil
}

// cmdReport prints the report of the latest launch.
func cmdReport(args []string) (int, error) {
	fs := newFlags("report")
	format := fs.String("format", "md", "md or json")
	state := fs.String("state", "", "state directory")
	var sets listFlag
	addSetFlags(fs, &sets)
	arg, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	if *format != "md" && *format != "json" {
		return exitUsage, usagef("--format %q: want md or json", *format)
	}
	dir, events, rb, err := launchTarget(arg, *state, sets)
	var damage *launch.JournalDamage
	if errors.As(err, &damage) {
		// Report what can be read, and say where the journal is damaged.
		fmt.Fprintf(os.Stderr, "golive: %v: reporting the lines that can be read\n", damage)
		err = nil
	}
	if err != nil {
		return exitUsage, err
	}
	st := launch.FoldLaunch(rb, dir, events)
	for _, d := range st.Disorder {
		fmt.Fprintf(os.Stderr, "golive: warning: %s: %s\n", filepath.Join(dir, launch.JournalFile), d)
	}
	rep := launch.BuildReport(st)
	if damage != nil {
		rep.Damaged = damage.Error()
	}
	if *format == "json" {
		err = launch.WriteReportJSON(os.Stdout, rep)
	} else {
		err = launch.WriteReportMarkdown(os.Stdout, rep)
	}
	if err != nil {
		return exitFailed, err
	}
	return exitOK, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// osUser is who runs this process: $SUDO_USER when under sudo, else the
// account name.
func osUser() string {
	if s := os.Getenv("SUDO_USER"); s != "" {
		return s
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if s := os.Getenv("USER"); s != "" {
		return s
	}
	return fmt.Sprintf("uid%d", os.Getuid())
}

// driver names who drives a launch: USER@HOST.
func driver() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return osUser() + "@" + host
}
