package launch

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golive/checks"
	"golive/safe"
)

// FormatLine renders one event as a headless line:
//
//	HH:MM:SS PHASE ID EVENT DETAIL
//
// e.g. "22:04:11 cutover switch finished exit=0 2.1s". PHASE is the
// event's phase ("launch" when it has none), ID its item ("-" when none),
// EVENT a short word. Scripts grep for some of the wording (DESIGN.md):
// window and freeze refusals keep the engine's reason ("outside the
// deployment window", "inside freeze ..."), rollback events say
// "rollback", and an interrupted step says "interrupted". Untrusted text
// (reasons may quote HTTP bodies) is reduced to one plain line. loc nil
// means local time. A fleet step's stream lines (FleetUpdate) have no
// line of their own: FormatLine returns "" for them.
func FormatLine(e Event, loc *time.Location) string {
	if e.Type() == FleetUpdate {
		return "" // the HostChanged events after it say what changed
	}
	if loc == nil {
		loc = time.Local
	}
	phase := string(e.Phase)
	if phase == "" {
		phase = "launch"
	}
	id := e.ID
	if id == "" {
		id = "-"
	}
	word, detail := describe(e)
	var b strings.Builder
	b.WriteString(e.Time.In(loc).Format("15:04:05"))
	b.WriteByte(' ')
	b.WriteString(field(phase))
	b.WriteByte(' ')
	b.WriteString(field(id))
	b.WriteByte(' ')
	b.WriteString(word)
	if detail = strings.TrimSpace(detail); detail != "" {
		b.WriteByte(' ')
		b.WriteString(detail)
	}
	return b.String()
}

// field keeps a PHASE or ID column one word, so that a line always splits
// into the same columns.
func field(s string) string {
	s = plain(s)
	if s == "" {
		return "-"
	}
	return strings.ReplaceAll(s, " ", "_")
}

// describe returns the EVENT word and the DETAIL of e.
func describe(e Event) (string, string) {
	var d detailBuf
	switch b := e.Body.(type) {
	case SessionOpenedBody, SessionClosedBody, DriverChangedBody:
		return describeRoom(e)
	case LaunchStartedBody:
		if l := b.Launch; l != nil {
			d.add(strconv.Quote(plain(l.Title)))
			if l.Rehearsal {
				d.add("rehearsal")
			}
			d.kv("launch", l.ID)
			d.kv("driver", l.Driver)
		}
		return "started", d.String()
	case LaunchResumedBody:
		d.by(b.Who, false)
		d.add(b.Process)
		return "resumed", d.String()
	case PhaseStartedBody:
		return "started", ""
	case CheckStartedBody:
		if b.Attempts > 1 {
			d.kv("attempts", strconv.Itoa(b.Attempts))
		}
		return "started", d.String()
	case CheckAttemptBody:
		d.add(fmt.Sprintf("%d/%d", b.Attempt, b.Attempts))
		d.add(string(b.Status))
		d.reason(b.Reason)
		return "attempt", d.String()
	case CheckFinishedBody:
		word := map[checks.Status]string{checks.Pass: "passed", checks.Fail: "failed", checks.Error: "error"}[b.Status]
		if word == "" {
			word = "finished"
		}
		d.exit(b.Exit)
		d.value(b.Value)
		if b.Attempts > 1 {
			d.kv("attempts", strconv.Itoa(b.Attempts))
		}
		d.add(fmtMS(b.DurationMS))
		d.reason(b.Reason)
		return word, d.String()
	case CheckWaivedBody:
		d.by(b.Who, false)
		d.reason(b.Reason)
		return "waived", d.String()
	case GateOpenedBody:
		d.add(strconv.Quote(plain(b.Prompt)))
		if b.TimeoutMS > 0 {
			d.kv("timeout", fmtMS(b.TimeoutMS))
		}
		return "opened", d.String()
	case VoteBody:
		return "vote", voteWords(b)
	case GateWaitingBody:
		if len(b.Unmet) == 0 {
			return "ready", "every condition is met"
		}
		return "waiting", "for: " + strings.Join(b.Unmet, "; ")
	case OverrideBody:
		d.add(b.What)
		d.by(b.Who, false)
		d.reason(b.Reason)
		return "override", d.String()
	case GateRefusedBody:
		d.add(b.Reason)
		return "refused", d.String()
	case GateDecidedBody:
		d.add(string(b.Decision))
		d.by(b.Who, b.Auto)
		d.reason(b.Reason)
		return "gate", d.String()
	case StepWaitingBody:
		d.add(string(b.Wait))
		return "waiting", d.String()
	case StepConfirmedBody:
		d.by(b.Who, b.Auto)
		return "confirmed", d.String()
	case ItemTickedBody:
		d.add(strconv.Itoa(b.Number()))
		d.add(strconv.Quote(plain(b.Text)))
		d.by(b.Who, b.Auto)
		return "ticked", d.String()
	case StepStartedBody:
		if b.Attempt > 1 {
			d.kv("attempt", strconv.Itoa(b.Attempt))
		}
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		if b.Command != "" {
			d.add("$ " + firstLine(b.Command))
		}
		return "started", d.String()
	case StepSimulatedBody:
		d.add("rehearse = false, not run")
		return "simulated", d.String()
	case StepTimedOutBody:
		d.add("after " + fmtMS(b.ElapsedMS))
		return "timeout", d.String()
	case StepFinishedBody:
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		d.exit(b.Exit)
		d.add(fmtMS(b.DurationMS))
		return "finished", d.String()
	case StepFailedBody:
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		d.exit(b.Exit)
		if b.DurationMS > 0 {
			d.add(fmtMS(b.DurationMS))
		}
		d.reason(b.Reason)
		return "failed", d.String()
	case StepInterruptedBody:
		why := b.Reason
		if why == "" {
			why = "outcome unknown: it was running when the driver stopped"
		}
		d.add(why)
		return "interrupted", d.String()
	case StepSkippedBody:
		d.by(b.Who, false)
		d.reason(b.Reason)
		return "skipped", d.String()
	case BackgroundStoppedBody:
		d.add(b.How)
		return "stopped", d.String()
	case DecisionNeededBody:
		d.add("needed")
		d.reason(b.Reason)
		return "decision", d.String()
	case DecisionBody:
		d.add(string(b.Action))
		d.by(b.Who, b.Auto)
		d.reason(b.Reason)
		return "decision", d.String()
	case HoldSetBody:
		d.add(map[bool]string{true: "on", false: "off"}[b.On])
		d.by(b.Who, false)
		return "hold", d.String()
	case NoteBody:
		d.by(b.Who, false)
		d.reason(b.Text)
		return "note", d.String()
	case RollbackStartedBody:
		d.add("started")
		d.by(b.Who, b.Auto)
		d.reason(b.Reason)
		return "rollback", d.String()
	case RollbackFinishedBody:
		d.add("finished")
		d.add(string(b.Result))
		return "rollback", d.String()
	case MonitorStartedBody:
		d.kv("soak", fmtMS(b.SoakMS))
		return "started", d.String()
	case ProbeSampleBody:
		d.add(string(levelOf(b)))
		d.value(b.Value)
		if b.LatencyMS > 0 {
			d.add(fmtMS(b.LatencyMS))
		}
		d.reason(b.Reason)
		return "sample", d.String()
	case RollbackRecommendedBody:
		d.add("recommended")
		d.reason(b.Reason)
		return "rollback", d.String()
	case MonitorExtendedBody:
		d.add("+" + fmtMS(b.AddedMS))
		d.by(b.Who, false)
		return "extended", d.String()
	case VerdictBody:
		d.add(string(b.Verdict))
		d.by(b.Who, false)
		d.reason(b.Reason)
		return "verdict", d.String()
	case StageStartedBody, AnalysisStartedBody, AnalysisSteadyBody, AnalysisBreachBody, StagePromotionBody:
		return describeStage(e)
	case HostChangedBody:
		return "host", hostDetail(b)
	case NotifyFailedBody:
		d.add(b.Target)
		d.reason(b.Reason)
		return "notify-failed", d.String()
	case LaunchFinishedBody:
		word := "finished"
		if b.Outcome == OutcomeInterrupted {
			word = "interrupted"
		}
		d.add(string(b.Outcome))
		d.exit(b.Exit)
		d.reason(b.Reason)
		return word, d.String()
	case AfterRollbackFinishedBody:
		d.add(string(b.Verdict))
		d.reason(b.Reason)
	case UnknownBody:
		// A newer golive's event: its status and reason, when it has them.
		var w struct{ Status, Reason string }
		_ = json.Unmarshal(b.Fields, &w)
		d.add(w.Status)
		d.reason(w.Reason)
	}
	return strings.ReplaceAll(field(string(e.Type())), "_", "-"), d.String()
}

// detailBuf gathers the words of a DETAIL column.
type detailBuf struct{ parts []string }

func (d *detailBuf) add(s string) {
	if s = plain(s); s != "" {
		d.parts = append(d.parts, s)
	}
}

func (d *detailBuf) kv(k, v string) {
	if v != "" {
		d.add(k + "=" + v)
	}
}

func (d *detailBuf) exit(p *int) {
	if p != nil {
		d.add("exit=" + strconv.Itoa(*p))
	}
}

func (d *detailBuf) value(p *float64) {
	if p != nil {
		d.add("value=" + formatValue(*p))
	}
}

func (d *detailBuf) by(who string, auto bool) {
	switch {
	case who != "":
		d.add("by " + who)
	case auto:
		d.add("by auto")
	}
}

// reason ends the detail with ": reason".
func (d *detailBuf) reason(r string) {
	if r = plain(r); r == "" {
		return
	}
	if n := len(d.parts); n > 0 {
		d.parts[n-1] += ":"
	}
	d.parts = append(d.parts, r)
}

func (d *detailBuf) String() string { return strings.Join(d.parts, " ") }

// maxPlain bounds one piece of untrusted text in a line: a reason that
// quotes a whole HTTP body must not flood a log.
const maxPlain = 400

// plain reduces untrusted text to one printable line with safe.Plain
// (control sequences dropped whole, payload included; line breaks and
// tabs folded into spaces), trimmed and bounded in length.
func plain(s string) string {
	s = strings.TrimSpace(safe.Plain(s))
	if utf8.RuneCountInString(s) <= maxPlain {
		return s
	}
	n := 0
	for i := range s {
		if n == maxPlain {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// formatValue shows a measured value the way a person wrote it: whole
// numbers in full (a free-space count, a Unix time), others to six
// significant digits.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// firstLine shortens a multi-line script to its first line, so that a
// headless line stays one readable line; the step's log has it all.
func firstLine(cmd string) string {
	cmd = strings.TrimSpace(cmd)
	i := strings.IndexByte(cmd, '\n')
	if i < 0 {
		return cmd
	}
	n := strings.Count(cmd, "\n") + 1
	return strings.TrimSpace(cmd[:i]) + " … (" + strconv.Itoa(n) + " lines)"
}
