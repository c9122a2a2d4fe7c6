package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"golive/checks"
	"golive/runbook"
	"golive/safe"
)

// checkRecord is one check in the CONTRACT JSON of 'golive check'.
type checkRecord struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Status     string `json:"status"`
	Attempts   int    `json:"attempts"`
	DurationMS int64  `json:"duration_ms"`
	Reason     string `json:"reason"`
	Summary    string `json:"summary,omitempty"`
}

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
	opts := checks.Options{Env: rb.Environ(os.Environ()), Dir: rb.Dir, Shell: rb.Launch.Shell}
	start := time.Now()
	results := checks.RunAll(ctx, rb.Preflight, rb.Launch.MaxParallel, opts, func(i int, r checks.Result) {
		c := rb.Preflight[i]
		fmt.Fprintf(os.Stderr, "%-5s %s %s\n", r.Status, safe.Plain(c.ID), safe.Plain(masker.Mask(r.Reason)))
	})
	recs := make([]checkRecord, len(results))
	failed := 0
	for i, r := range results {
		c := rb.Preflight[i]
		recs[i] = checkRecord{
			ID: c.ID, Name: safe.Plain(c.Name), Status: string(r.Status), Attempts: r.Attempts,
			DurationMS: r.Duration.Milliseconds(), Reason: safe.Plain(masker.Mask(r.Reason)),
			Summary: safe.Plain(masker.Mask(r.Summary)),
		}
		if recs[i].Attempts == 0 {
			recs[i].Attempts = r.Attempt
		}
		if r.Status != checks.Pass {
			failed++
		}
	}
	switch *format {
	case "json":
		enc := json.NewEncoder(os.Stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(struct {
			Checks []checkRecord `json:"checks"`
		}{recs})
	case "junit":
		err = writeJUnit(os.Stdout, rb, recs, time.Since(start))
	default:
		err = writeCheckText(os.Stdout, recs)
	}
	if err != nil {
		return exitFailed, err
	}
	if ctx.Err() != nil {
		return exitInterrupted, nil
	}
	if failed > 0 {
		return exitFailed, nil
	}
	return exitOK, nil
}

func writeCheckText(w io.Writer, recs []checkRecord) error {
	failed := 0
	for _, r := range recs {
		mark := "✓"
		if r.Status != string(checks.Pass) {
			mark = "✗"
			failed++
		}
		line := fmt.Sprintf("%s %-5s %-20s %6dms", mark, r.Status, r.ID, r.DurationMS)
		if r.Reason != "" {
			line += "  " + r.Reason
		} else if r.Summary != "" {
			line += "  " + r.Summary
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "%d passed, %d failed\n", len(recs)-failed, failed)
	return err
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the results as JUnit XML, the format CI dashboards
// read: one suite per runbook, one case per check; fail is a <failure>,
// error an <error>.
func writeJUnit(w io.Writer, rb *runbook.Runbook, recs []checkRecord, total time.Duration) error {
	s := junitSuite{Name: rb.Launch.Name + " pre-flight", Tests: len(recs), Time: seconds(total.Milliseconds())}
	for _, r := range recs {
		c := junitCase{Name: r.ID, Classname: rb.Launch.Name + ".preflight", Time: seconds(r.DurationMS), SystemOut: r.Summary}
		if r.Name != r.ID {
			c.Name = r.ID + ": " + r.Name
		}
		p := &junitProblem{Message: r.Reason, Type: r.Status, Text: fmt.Sprintf("%s after %d attempt(s): %s", r.Status, r.Attempts, r.Reason)}
		switch r.Status {
		case string(checks.Fail):
			c.Failure = p
			s.Failures++
		case string(checks.Error):
			c.Error = p
			s.Errors++
		}
		s.Cases = append(s.Cases, c)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(junitSuites{Suites: []junitSuite{s}}); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }
