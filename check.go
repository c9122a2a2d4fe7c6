package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golive/checks"
	"golive/safe"
)

// cmdCheck runs the pre-flight checks alone: exit 0 when all pass, 1 when
// any fails or errs. Only the document goes to stdout.
func cmdCheck(args []string) (int, error) {
	fs := newFlags("check")
	format := fs.String("format", "text", "text, json or junit")
	rehearse := fs.Bool("rehearse", false, "apply [rehearsal.env]")
	var sets listFlag
	addSetFlags(fs, &sets)
	path, err := parseOne(fs, args)
	if err != nil {
		return exitUsage, err
	}
	switch *format {
	case "text", "json", "junit":
	default:
		return exitUsage, usagef("--format %q: want text, json or junit", *format)
	}
	rb, err := loadRunbook(path, *rehearse, sets)
	if err != nil {
		return exitUsage, err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	masker := rb.NewMasker(os.Environ())
	opts := checks.Options{Env: rb.Environ(os.Environ()), Dir: rb.Dir, Shell: rb.Launch.Shell, Mask: masker.Mask}
	start := time.Now()
	results := checks.RunAll(ctx, rb.Preflight, rb.Launch.MaxParallel, opts, func(i int, r checks.Result) {
		c := rb.Preflight[i]
		fmt.Fprintf(os.Stderr, "%-5s %s %s\n", r.Status, safe.Plain(c.ID), safe.Plain(masker.Mask(r.Reason)))
	})
	recs := checks.Records(rb.Preflight, results, masker.Mask)
	switch *format {
	case "json":
		err = checks.WriteJSON(os.Stdout, recs)
	case "junit":
		err = checks.WriteJUnit(os.Stdout, rb.Launch.Name, recs, time.Since(start))
	default:
		err = checks.WriteText(os.Stdout, recs)
	}
	if err != nil {
		return exitFailed, err
	}
	if ctx.Err() != nil {
		return exitInterrupted, nil
	}
	if checks.Failed(recs) > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}
