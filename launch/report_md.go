package launch

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
)

// WriteReportMarkdown writes r as a Markdown document that tells the
// whole story of the launch: who approved, waivers and overrides with
// their reasons, every step with attempts, exit codes and durations
// against the baseline, the rollback, the monitor and the notes.
func WriteReportMarkdown(w io.Writer, r Report) error {
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }

	kind := "Launch"
	if r.Rehearsal {
		kind = "Rehearsal"
	}
	p("# %s report: %s\n\n", kind, md(r.Title))
	if r.Incomplete != "" {
		p("- **Incomplete journal**: %s\n", md(r.Incomplete))
	}
	if r.Damaged != "" {
		p("- **Damaged journal**: %s; the report is built from the lines that can be read\n", md(r.Damaged))
	}
	if r.Launch != "" {
		p("- Launch: `%s` (%s)\n", mdCode(r.Launch), md(r.Name))
	} else {
		p("- Launch: not recorded in the journal\n")
	}
	p("- Outcome: **%s**", md(r.Headline))
	if r.Reason != "" {
		p(": %s", md(r.Reason))
	}
	if r.Finished != nil {
		p(" (exit %d)", r.Exit)
	}
	p("\n")
	if r.Rehearsal {
		p("- Rehearsal: yes\n")
	}
	if r.Driver != "" {
		p("- Driven by: %s\n", md(r.Driver))
	}
	p("- Started: %s\n", mdTime(r.Started))
	p("- Finished: %s\n", mdTime(r.Finished))
	if r.DurationMS > 0 {
		p("- Duration: %s\n", fmtMS(r.DurationMS))
	}
	if r.Runbook != "" {
		p("- Runbook: `%s`", mdCode(r.Runbook))
		if len(r.Hash) >= 12 {
			p(" (sha256 %s…)", r.Hash[:12])
		}
		p("\n")
	}
	if len(r.Params) > 0 {
		keys := make([]string, 0, len(r.Params))
		for k := range r.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, "`"+mdCode(k+"="+r.Params[k])+"`")
		}
		p("- Parameters: %s\n", strings.Join(kv, ", "))
	}
	for _, res := range r.Resumes {
		p("- Resumed at %s by %s\n", res.At.UTC().Format(time.RFC3339), md(res.Who))
	}

	writeChecksMD(p, r)
	writeGateMD(p, r.Gate, r.Incomplete != "")
	writeStepsMD(p, r)
	writeStagesMD(p, r)
	writeFleetMD(p, r)
	writeRollbackMD(p, r)
	writeMonitorMD(p, r.Monitor)
	writeDescriptionsMD(p, r)
	writeNotesMD(p, r)
	writeRoomMD(p, r.Room)
	return b.Flush()
}

func writeChecksMD(p func(string, ...any), r Report) {
	var pre []ReportStep
	for _, s := range r.Steps {
		if s.Phase == PhasePreflight {
			pre = append(pre, s)
		}
	}
	if len(pre) == 0 {
		return
	}
	p("\n## Pre-flight checks\n\n")
	p("| Check | Status | Attempts | Duration | Reason |\n|---|---|---|---|---|\n")
	for _, s := range pre {
		p("| %s | %s | %d | %s | %s |\n", cell(s.Name), words(s.Status), s.Attempts, durCell(s.DurationMS), cell(s.Reason))
	}
	if len(r.Waivers) > 0 {
		p("\nWaivers:\n\n")
		for _, wv := range r.Waivers {
			p("- `%s` waived by %s: %s\n", mdCode(wv.ID), whoMD(wv.Who, wv.OSUser), md(wv.Reason))
		}
	}
}

func writeGateMD(p func(string, ...any), g ReportGate, incomplete bool) {
	p("\n## Gate\n\n")
	if g.Prompt != "" {
		p("%s\n\n", md(g.Prompt))
	}
	switch g.Decision {
	case "go":
		p("Decision: **GO**")
	case "no-go":
		p("Decision: **NO-GO**")
	case "timeout":
		p("Decision: **TIMED OUT**: nobody decided in time")
	default:
		if incomplete {
			p("Decision: unknown (the journal is incomplete)")
		} else {
			p("Decision: none")
		}
	}
	if g.By != "" {
		p(" by %s", md(g.By))
	}
	if g.Auto {
		p(" (auto)")
	}
	if g.At != nil {
		p(" at %s", g.At.UTC().Format(time.RFC3339))
	}
	if g.Reason != "" {
		p(": %s", md(g.Reason))
	}
	p("\n")
	if len(g.Approvers) > 0 {
		p("\nVotes:\n\n")
		for _, v := range g.Approvers {
			p("- %s\n", voteMD(v))
		}
	}
	if len(g.Overrides) > 0 {
		p("\nOverrides:\n\n")
		for _, o := range g.Overrides {
			p("- %s overridden", md(o.What))
			if o.Who != "" {
				p(" by %s", md(o.Who))
			}
			p(": %s\n", md(o.Reason))
		}
	}
	if g.Refusal != "" && g.Decision != "go" {
		p("\nLast refusal: %s\n", md(g.Refusal))
	}
}

func writeStepsMD(p func(string, ...any), r Report) {
	var steps []ReportStep
	for _, s := range r.Steps {
		if s.Phase == PhaseCutover {
			steps = append(steps, s)
		}
	}
	p("\n## Steps\n\n")
	if len(steps) == 0 {
		p("No cutover step.\n")
		return
	}
	p("| Step | Status | Attempts | Exit | Duration | Expected | Notes |\n|---|---|---|---|---|---|---|\n")
	for _, s := range steps {
		note := s.Reason
		if s.Who != "" {
			note = strings.TrimSpace(note + " (by " + s.Who + ")")
		}
		if s.Background != "" {
			note = strings.TrimSpace(note + " background: " + s.Background)
		}
		p("| %s | %s | %d | %s | %s | %s | %s |\n", cell(s.Name), words(s.Status), s.Attempts,
			exitCell(s.ExitCode), durCell(s.DurationMS), durCell(s.ExpectedMS), cell(note))
	}
	for _, s := range steps {
		if len(s.Checklist) == 0 {
			continue
		}
		p("\nChecklist of step %s:\n\n", md(s.Name))
		for _, t := range s.Checklist {
			mark := " "
			by := ""
			if t.By != "" {
				mark, by = "x", " (ticked by "+md(t.By)+")"
			}
			p("- [%s] %s%s\n", mark, md(t.Item), by)
		}
	}
	if r.Timing.Compared > 0 {
		sign := "+"
		d := r.Timing.DriftMS
		if d < 0 {
			sign, d = "-", -d
		}
		p("\nAgainst the baseline: %d steps took %s, expected %s (%s%s).\n",
			r.Timing.Compared, fmtMS(r.Timing.ActualMS), fmtMS(r.Timing.ExpectedMS), sign, fmtMS(d))
	}
	if len(r.Decisions) > 0 {
		p("\nDecisions:\n\n")
		for _, d := range r.Decisions {
			p("- %s: %s on step `%s`", d.At.UTC().Format("15:04:05"), d.Action, mdCode(d.ID))
			if d.Who != "" {
				p(" by %s", md(d.Who))
			} else if d.Auto {
				p(" (auto)")
			}
			if d.Reason != "" {
				p(": %s", md(d.Reason))
			}
			p("\n")
		}
	}
}

func writeRollbackMD(p func(string, ...any), r Report) {
	if r.Rollback == nil {
		return
	}
	rb := r.Rollback
	p("\n## Rollback\n\n")
	p("Started %s", rb.Started.UTC().Format(time.RFC3339))
	switch {
	case rb.Who != "":
		p(" by %s", md(rb.Who))
	case rb.Auto:
		p(" automatically")
	}
	if rb.Reason != "" {
		p(": %s", md(rb.Reason))
	}
	p(". Rollback %s.\n\n", rb.Status)
	var steps []ReportStep
	for _, s := range r.Steps {
		if s.Phase == PhaseRollback {
			steps = append(steps, s)
		}
	}
	if len(steps) == 0 {
		p("No rollback step ran.\n")
		writeAfterRollbackMD(p, r.AfterRollback)
		return
	}
	p("| Rollback step | Status | Attempts | Exit | Duration | Notes |\n|---|---|---|---|---|---|\n")
	for _, s := range steps {
		p("| %s | %s | %d | %s | %s | %s |\n", cell(s.Name), words(s.Status), s.Attempts,
			exitCell(s.ExitCode), durCell(s.DurationMS), cell(s.Reason))
	}
	writeAfterRollbackMD(p, r.AfterRollback)
}

// writeAfterRollbackMD says what the probes saw on the old system after
// the rollback.
func writeAfterRollbackMD(p func(string, ...any), a *ReportAfterRollback) {
	if a == nil {
		return
	}
	p("\n### After the rollback\n\n")
	switch AfterVerdict(a.Verdict) {
	case AfterHealthy:
		p("**Rolled back, and the old system is healthy**")
	case AfterUnhealthy:
		p("**Rolled back, but the old system is NOT healthy**")
	case "running":
		p("The post-rollback soak is still running")
	default:
		p("The post-rollback soak did not finish")
	}
	p(" (probes ran again for %s)", fmtMS(a.DurationMS))
	if a.Reason != "" && AfterVerdict(a.Verdict) != AfterHealthy {
		p(": %s", md(a.Reason))
	}
	p(".\n")
	if a.Detail != "" {
		p("\nSamples: %s\n", md(a.Detail))
	}
}

func writeMonitorMD(p func(string, ...any), m ReportMonitor) {
	if len(m.Probes) == 0 && m.Verdict == "none" {
		return
	}
	p("\n## Monitor\n\n")
	switch m.Verdict {
	case "stable":
		p("Verdict: **stable**")
	case "rollback":
		p("Verdict: **rollback**")
	case "ended_early":
		p("Verdict: **ended early**")
	default:
		p("Verdict: none")
	}
	if m.By != "" {
		p(" by %s", md(m.By))
	}
	if m.Reason != "" {
		p(": %s", md(m.Reason))
	}
	p("\n")
	switch {
	case m.SoakedMS == 0:
		p("\nSoak: did not run (planned %s)\n", fmtMS(m.DurationMS))
	case m.Verdict == "stable" && m.SoakedMS >= m.DurationMS:
		p("\nSoak: %s", fmtMS(m.DurationMS))
		if m.ExtendedMS > 0 {
			p(" (extended by %s)", fmtMS(m.ExtendedMS))
		}
		p("\n")
	default:
		p("\nSoak: ran %s of the planned %s", fmtMS(m.SoakedMS), fmtMS(m.DurationMS))
		if m.ExtendedMS > 0 {
			p(" (extended by %s)", fmtMS(m.ExtendedMS))
		}
		p("\n")
	}
	if m.Recommended != "" {
		p("\nRollback was recommended: %s\n", md(m.Recommended))
	}
	if len(m.Probes) > 0 {
		p("\n| Probe | Samples | Warn | Crit | Last | Range |\n|---|---|---|---|---|---|\n")
		for _, pr := range m.Probes {
			rng := "-"
			if pr.Min != nil && pr.Max != nil {
				rng = FormatValue(*pr.Min, pr.Unit) + " to " + FormatValue(*pr.Max, pr.Unit)
			}
			last := "-"
			if pr.Last != nil {
				last = FormatValue(*pr.Last, pr.Unit)
			}
			if pr.LastLevel != "" && pr.LastLevel != "ok" {
				last += " (" + pr.LastLevel + ")"
			}
			p("| %s | %d | %d | %d | %s | %s |\n", cell(pr.Name), pr.Samples, pr.Warn, pr.Crit, last, rng)
		}
	}
}

// writeDescriptionsMD gives each step's and check's description, as the
// runbook's author wrote it (Markdown), so the report carries the words
// beside the commands.
func writeDescriptionsMD(p func(string, ...any), r Report) {
	first := true
	for _, s := range r.Steps {
		d := strings.TrimSpace(s.Description)
		if d == "" {
			continue
		}
		if first {
			p("\n## Descriptions\n")
			first = false
		}
		p("\n### %s\n\n", md(s.Name))
		for _, l := range strings.Split(d, "\n") {
			p("%s\n", plain(l))
		}
	}
}

func writeNotesMD(p func(string, ...any), r Report) {
	if len(r.Notes) > 0 {
		p("\n## Notes\n\n")
		for _, n := range r.Notes {
			p("- %s", n.At.UTC().Format("15:04:05"))
			if n.Who != "" {
				p(" %s", md(n.Who))
			}
			p(": %s\n", md(n.Text))
		}
	}
	if len(r.Notify) > 0 {
		p("\n## Failed notifications\n\n")
		for _, n := range r.Notify {
			p("- %s %s: %s\n", n.At.UTC().Format("15:04:05"), md(n.What), md(n.Text))
		}
	}
}

// words is a status as a person reads it: "rolled back".
func words(s string) string { return OutcomeWords(s) }

func whoMD(name, osUser string) string {
	s := md(name)
	if osUser != "" && osUser != name {
		s += " (OS user " + md(osUser) + ")"
	}
	return s
}

func mdTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func durCell(ms *int64) string {
	if ms == nil {
		return "-"
	}
	return fmtMS(*ms)
}

func exitCell(p *int) string {
	if p == nil {
		return "-"
	}
	return strconv.Itoa(*p)
}

// md makes untrusted text safe for a Markdown line: one plain line, with
// the characters that would start markup escaped. Escapes are backslashes
// (CommonMark escapes any ASCII punctuation), never HTML entities: the
// report is read as text as often as it is rendered, and "latency \> 200ms"
// reads, where "&gt;" does not.
func md(s string) string {
	s = plain(s)
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "|", `\|`, "#", `\#`)
	return r.Replace(s)
}

// mdCode makes text safe inside a `code` span.
func mdCode(s string) string {
	return strings.ReplaceAll(plain(s), "`", "'")
}

// cell is md for a table cell; an empty cell shows a dash.
func cell(s string) string {
	if s = md(s); s == "" {
		return "-"
	}
	return s
}
