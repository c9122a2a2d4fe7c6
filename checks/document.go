package checks

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"time"

	"golive/runbook"
	"golive/safe"
)

// Record is one check in the CONTRACT document of 'golive check': its
// JSON shape is relied on by users' scripts.
type Record struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Status string `json:"status"`
	// Attempts is how many attempts were made (not the most allowed): a
	// check with attempts = 5 that passed the first time made 1.
	Attempts   int    `json:"attempts"`
	DurationMS int64  `json:"duration_ms"`
	Reason     string `json:"reason"`
	Summary    string `json:"summary,omitempty"`
}

// Records turns the results of cs (in the same order) into records, with
// secrets masked by mask and control characters dropped.
func Records(cs []*runbook.Check, results []Result, mask func(string) string) []Record {
	recs := make([]Record, len(results))
	for i, r := range results {
		c := cs[i]
		recs[i] = Record{
			ID: c.ID, Name: safe.Plain(c.Name), Status: string(r.Status), Attempts: r.Attempt,
			DurationMS: r.Duration.Milliseconds(), Reason: safe.Plain(mask(r.Reason)),
			Summary: safe.Plain(mask(r.Summary)),
		}
	}
	return recs
}

// Failed counts the records that did not pass.
func Failed(recs []Record) int {
	n := 0
	for _, r := range recs {
		if r.Status != string(Pass) {
			n++
		}
	}
	return n
}

// WriteJSON writes the records as the CONTRACT JSON document.
func WriteJSON(w io.Writer, recs []Record) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Checks []Record `json:"checks"`
	}{recs})
}

// WriteText writes one line a check and a count.
func WriteText(w io.Writer, recs []Record) error {
	for _, r := range recs {
		mark := "✓"
		if r.Status != string(Pass) {
			mark = "✗"
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
	failed := Failed(recs)
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

// WriteJUnit writes the records of runbook name as JUnit XML, the format CI dashboards
// read: one suite per runbook, one case per check; fail is a <failure>,
// error an <error>.
func WriteJUnit(w io.Writer, name string, recs []Record, total time.Duration) error {
	s := junitSuite{Name: name + " pre-flight", Tests: len(recs), Time: seconds(total.Milliseconds())}
	for _, r := range recs {
		c := junitCase{Name: r.ID, Classname: name + ".preflight", Time: seconds(r.DurationMS), SystemOut: r.Summary}
		if r.Name != r.ID {
			c.Name = r.ID + ": " + r.Name
		}
		p := &junitProblem{Message: r.Reason, Type: r.Status, Text: fmt.Sprintf("%s after %d attempt(s): %s", r.Status, r.Attempts, r.Reason)}
		switch r.Status {
		case string(Fail):
			c.Failure = p
			s.Failures++
		case string(Error):
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
