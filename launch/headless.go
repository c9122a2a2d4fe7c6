package launch

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

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
	if e.Type == FleetUpdate {
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
	switch e.Type {
	case SessionOpened, SessionClosed, DriverChanged:
		return describeRoom(e)
	case LaunchStarted:
		if l := e.Launch; l != nil {
			d.add(strconv.Quote(plain(l.Title)))
			if l.Rehearsal {
				d.add("rehearsal")
			}
			d.kv("launch", l.ID)
			d.kv("driver", l.Driver)
		}
		return "started", d.String()
	case LaunchResumed:
		d.by(e)
		d.add(e.Detail)
		return "resumed", d.String()
	case PhaseStarted:
		return "started", ""
	case CheckStarted:
		if e.Attempts > 1 {
			d.kv("attempts", strconv.Itoa(e.Attempts))
		}
		return "started", d.String()
	case CheckAttempt:
		d.add(fmt.Sprintf("%d/%d", e.Attempt, e.Attempts))
		d.add(e.Status)
		d.reason(e.Reason)
		return "attempt", d.String()
	case CheckFinished:
		word := map[string]string{"pass": "passed", "fail": "failed", "error": "error"}[e.Status]
		if word == "" {
			word = "finished"
		}
		d.exit(e.Exit)
		d.value(e.Value)
		if e.Attempts > 1 {
			d.kv("attempts", strconv.Itoa(e.Attempts))
		}
		d.add(fmtMS(e.DurationMS))
		d.reason(e.Reason)
		return word, d.String()
	case CheckWaived:
		d.by(e)
		d.reason(e.Reason)
		return "waived", d.String()
	case GateOpened:
		d.add(strconv.Quote(plain(e.Detail)))
		if e.DurationMS > 0 {
			d.kv("timeout", fmtMS(e.DurationMS))
		}
		return "opened", d.String()
	case Vote:
		return "vote", voteWords(e)
	case GateWaiting:
		if e.Detail == "" {
			return "ready", "every condition is met"
		}
		return "waiting", "for: " + strings.Join(strings.Split(e.Detail, "\n"), "; ")
	case Override:
		d.add(e.Detail)
		d.by(e)
		d.reason(e.Reason)
		return "override", d.String()
	case GateRefused:
		d.add(e.Reason)
		return "refused", d.String()
	case GateDecided:
		d.add(e.Status)
		d.by(e)
		d.reason(e.Reason)
		return "gate", d.String()
	case StepWaiting:
		d.add(e.Detail)
		return "waiting", d.String()
	case StepConfirmed:
		d.by(e)
		return "confirmed", d.String()
	case ItemTicked:
		d.add(strconv.Itoa(e.TickedItem()))
		d.add(strconv.Quote(plain(e.Detail)))
		d.by(e)
		return "ticked", d.String()
	case StepStarted:
		if e.Attempt > 1 {
			d.kv("attempt", strconv.Itoa(e.Attempt))
		}
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		if e.Detail != "" {
			d.add("$ " + firstLine(e.Detail))
		}
		return "started", d.String()
	case StepSimulated:
		d.add("rehearse = false, not run")
		return "simulated", d.String()
	case StepTimedOut:
		d.add("after " + fmtMS(e.DurationMS))
		return "timeout", d.String()
	case StepFinished:
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		d.exit(e.Exit)
		d.add(fmtMS(e.DurationMS))
		return "finished", d.String()
	case StepFailed:
		if e.Phase == PhaseRollback {
			d.add("rollback")
		}
		d.exit(e.Exit)
		if e.DurationMS > 0 {
			d.add(fmtMS(e.DurationMS))
		}
		d.reason(e.Reason)
		return "failed", d.String()
	case StepInterrupted:
		why := e.Reason
		if why == "" {
			why = "outcome unknown: it was running when the driver stopped"
		}
		d.add(why)
		return "interrupted", d.String()
	case StepSkipped:
		d.by(e)
		d.reason(e.Reason)
		return "skipped", d.String()
	case BackgroundStopped:
		d.add(e.Detail)
		return "stopped", d.String()
	case DecisionNeeded:
		d.add("needed")
		d.reason(e.Reason)
		return "decision", d.String()
	case Decision:
		d.add(e.Status)
		d.by(e)
		d.reason(e.Reason)
		return "decision", d.String()
	case HoldSet:
		d.add(e.Status)
		d.by(e)
		return "hold", d.String()
	case Note:
		d.by(e)
		d.reason(e.Detail)
		return "note", d.String()
	case RollbackStarted:
		d.add("started")
		d.by(e)
		d.reason(e.Reason)
		return "rollback", d.String()
	case RollbackFinished:
		d.add("finished")
		d.add(e.Status)
		return "rollback", d.String()
	case MonitorStarted:
		d.kv("soak", fmtMS(e.DurationMS))
		return "started", d.String()
	case ProbeSample:
		d.add(levelOf(e))
		d.value(e.Value)
		if e.DurationMS > 0 {
			d.add(fmtMS(e.DurationMS))
		}
		d.reason(e.Reason)
		return "sample", d.String()
	case RollbackRecommended:
		d.add("recommended")
		d.reason(e.Reason)
		return "rollback", d.String()
	case MonitorExtended:
		d.add("+" + fmtMS(e.DurationMS))
		d.by(e)
		return "extended", d.String()
	case Verdict:
		d.add(e.Status)
		d.by(e)
		d.reason(e.Reason)
		return "verdict", d.String()
	case StageStarted, AnalysisStarted, AnalysisSteady, AnalysisBreach, StagePromotion:
		return describeStage(e)
	case HostChanged:
		return "host", hostDetail(e)
	case NotifyFailed:
		d.add(e.Detail)
		d.reason(e.Reason)
		return "notify-failed", d.String()
	case LaunchFinished:
		word := "finished"
		if e.Status == string(OutcomeInterrupted) {
			word = "interrupted"
		}
		d.add(e.Status)
		d.exit(e.Exit)
		d.reason(e.Reason)
		return word, d.String()
	}
	d.add(e.Status)
	d.reason(e.Reason)
	return strings.ReplaceAll(field(string(e.Type)), "_", "-"), d.String()
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

func (d *detailBuf) by(e Event) {
	switch {
	case e.Who != "":
		d.add("by " + e.Who)
	case e.Auto:
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
