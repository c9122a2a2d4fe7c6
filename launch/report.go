package launch

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"time"
)

// Report is the story of one launch, built from its State. Its JSON form
// is the CONTRACT shape of `golive report --format json` (DESIGN.md);
// fields beyond the contract are additions scripts may ignore. Times are
// RFC 3339; a time or number that is not known is null.
type Report struct {
	Launch    string        `json:"launch"`
	Title     string        `json:"title"`
	Rehearsal bool          `json:"rehearsal"`
	Outcome   string        `json:"outcome"`
	Started   *time.Time    `json:"started"`
	Finished  *time.Time    `json:"finished"`
	Steps     []ReportStep  `json:"steps"`
	Gate      ReportGate    `json:"gate"`
	Monitor   ReportMonitor `json:"monitor"`
	Notes     []NoteRec     `json:"notes"`

	Name       string            `json:"name"`
	Reason     string            `json:"reason,omitempty"`
	Exit       int               `json:"exit"`
	DurationMS int64             `json:"duration_ms"`
	Driver     string            `json:"driver,omitempty"`
	Runbook    string            `json:"runbook,omitempty"`
	Hash       string            `json:"hash,omitempty"`
	Params     map[string]string `json:"params,omitempty"`
	Waivers    []ReportWaiver    `json:"waivers"`
	Decisions  []DecisionRec     `json:"decisions"`
	Rollback   *ReportRollback   `json:"rollback"`
	Timing     ReportTiming      `json:"timing"`
	Resumes    []NoteRec         `json:"resumes,omitempty"`
	Notify     []NoteRec         `json:"notify_failures,omitempty"`
	// Room is "Who was there": the sessions of `golive serve`; null when
	// nobody connected over SSH.
	Room *ReportRoom `json:"who_was_there"`
	// Headline is the outcome in words, qualified by what was bypassed:
	// "completed — 1 step skipped, 1 check waived, window overridden".
	Headline string `json:"headline"`
	// AfterRollback is the post-rollback soak, when one ran.
	AfterRollback *ReportAfterRollback `json:"after_rollback,omitempty"`

	// Incomplete says the journal does not tell the whole launch: its
	// start is missing (cut short, or truncated by hand), so what the
	// report shows is only what the remaining lines say.
	Incomplete string `json:"incomplete,omitempty"`
	// Damaged names the journal lines that could not be read; the report
	// is built from the others.
	Damaged string `json:"damaged,omitempty"`
}

// ReportStep is one pre-flight check, cutover step, rollback step or
// monitor probe.
type ReportStep struct {
	ID         string     `json:"id"`
	Phase      Phase      `json:"phase"`
	Status     string     `json:"status"`
	Attempts   int        `json:"attempts"`
	ExitCode   *int       `json:"exit_code"`
	Started    *time.Time `json:"started"`
	Finished   *time.Time `json:"finished"`
	ExpectedMS *int64     `json:"expected_ms"`

	Name       string       `json:"name"`
	DurationMS *int64       `json:"duration_ms"`
	Command    string       `json:"command,omitempty"`
	Rollback   string       `json:"rollback,omitempty"`
	Reason     string       `json:"reason,omitempty"`
	Who        string       `json:"who,omitempty"`
	Value      *float64     `json:"value,omitempty"`
	Checklist  []ReportTick `json:"checklist,omitempty"`
	Background string       `json:"background,omitempty"` // how a background step ended
	// Stages is a staged step's ladder, a row per stage.
	Stages []ReportStage `json:"stages,omitempty"`
	Fleet  *ReportFleet  `json:"fleet,omitempty"` // a fleet step's hosts
	// Description is the runbook's Markdown about the step.
	Description string `json:"description,omitempty"`
	// Evidence is what a check observed: "200 in 14ms", "exit 0".
	Evidence string `json:"evidence,omitempty"`
}

// ReportTick is one manual checklist item and who ticked it.
type ReportTick struct {
	Item string `json:"item"`
	By   string `json:"by,omitempty"`
}

// ReportGate is the go/no-go gate.
type ReportGate struct {
	Decision  string           `json:"decision"` // go|no-go|timeout|none
	Approvers []VoteRec        `json:"approvers"`
	Reason    string           `json:"reason"`
	Overrides []ReportOverride `json:"overrides"`

	By      string     `json:"by,omitempty"`
	Auto    bool       `json:"auto"`
	At      *time.Time `json:"at"`
	Prompt  string     `json:"prompt,omitempty"`
	Refusal string     `json:"refusal,omitempty"`
}

// ReportOverride is a recorded override of the window or a freeze.
type ReportOverride struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who,omitempty"`
	What   string    `json:"what"`
	Reason string    `json:"reason"`
}

// ReportMonitor is the soak.
type ReportMonitor struct {
	Verdict string        `json:"verdict"` // stable|rollback|ended_early|none
	Probes  []ReportProbe `json:"probes"`

	Reason      string `json:"reason,omitempty"`
	By          string `json:"by,omitempty"`
	DurationMS  int64  `json:"duration_ms"`
	ExtendedMS  int64  `json:"extended_ms,omitempty"`
	Recommended string `json:"recommended,omitempty"`
	// SoakedMS is how long the soak actually ran (0 when it never
	// started); DurationMS is how long it was planned to run.
	SoakedMS int64 `json:"soaked_ms"`
}

// ReportProbe sums up one probe's samples.
type ReportProbe struct {
	ID      string   `json:"id"`
	Samples int      `json:"samples"`
	Warn    int      `json:"warn"`
	Crit    int      `json:"crit"`
	Last    *float64 `json:"last"`

	Name       string   `json:"name"`
	LastLevel  string   `json:"last_level,omitempty"`
	LastReason string   `json:"last_reason,omitempty"`
	Min        *float64 `json:"min,omitempty"`
	Max        *float64 `json:"max,omitempty"`
	Unit       string   `json:"unit,omitempty"` // of last, min and max: ms, d or none
}

// ReportAfterRollback is the post-rollback soak: the probes run again on
// the old system.
type ReportAfterRollback struct {
	Verdict    string     `json:"verdict"` // healthy|unhealthy|interrupted|running
	Reason     string     `json:"reason,omitempty"`
	Detail     string     `json:"detail,omitempty"`
	DurationMS int64      `json:"duration_ms"`
	Started    time.Time  `json:"started"`
	Finished   *time.Time `json:"finished"`
}

// ReportWaiver is a failed check let through, and why.
type ReportWaiver struct {
	ID     string    `json:"id"`
	Reason string    `json:"reason"`
	Who    string    `json:"who,omitempty"`
	OSUser string    `json:"os_user,omitempty"`
	At     time.Time `json:"at"`
}

// ReportRollback is the rollback, when one was started.
type ReportRollback struct {
	Started time.Time `json:"started"`
	Reason  string    `json:"reason"`
	Who     string    `json:"who,omitempty"`
	Auto    bool      `json:"auto"`
	Status  string    `json:"status"` // done|failed|incomplete, or running
	Steps   []string  `json:"steps"`  // ids, in the order they were rolled back
}

// ReportTiming compares the cutover with its baseline (the last
// rehearsal or launch): the sum of the expected and of the actual
// durations of the steps that have both.
type ReportTiming struct {
	ExpectedMS int64 `json:"expected_ms"`
	ActualMS   int64 `json:"actual_ms"`
	DriftMS    int64 `json:"drift_ms"`
	Compared   int   `json:"compared"` // how many steps had a baseline
}

// BuildReport turns the state of a launch into its report. It reads st
// only; the report shares no memory with it.
func BuildReport(st *State) Report {
	r := Report{
		Launch:    st.Launch.ID,
		Title:     st.Launch.Title,
		Rehearsal: st.Launch.Rehearsal,
		Outcome:   string(st.Outcome),
		Started:   timePtr(st.Started),
		Finished:  timePtr(st.Finished),
		Name:      st.Launch.Name,
		Reason:    st.Reason,
		Exit:      st.Exit,
		Driver:    st.Launch.Driver,
		Runbook:   st.Launch.Runbook,
		Hash:      st.Launch.Hash,
		Steps:     []ReportStep{},
		Notes:     append([]NoteRec{}, st.Notes...),
		Waivers:   []ReportWaiver{},
		Decisions: append([]DecisionRec{}, st.Decisions...),
		Resumes:   append([]NoteRec(nil), st.Resumes...),
		Notify:    append([]NoteRec(nil), st.Notifies...),
		Room:      buildRoom(st.Room),
	}
	if r.Outcome == "" {
		r.Outcome = string(OutcomeInProgress)
	}
	if st.Launch.ID == "" && st.Started.IsZero() {
		r.Incomplete = "the journal has no launch_started line: it was cut short or truncated, so this report shows only what its remaining lines say"
	}
	if r.Title == "" {
		r.Title = r.Name
	}
	if len(st.Launch.Params) > 0 {
		r.Params = make(map[string]string, len(st.Launch.Params))
		for k, v := range st.Launch.Params {
			r.Params[k] = v
		}
	}
	if !st.Started.IsZero() {
		end := st.Finished
		if end.IsZero() {
			end = st.Last
		}
		if end.After(st.Started) {
			r.DurationMS = end.Sub(st.Started).Milliseconds()
		}
	}
	for _, it := range st.Items {
		rs := reportStep(it)
		rs.Fleet = reportFleet(it.Fleet)
		r.Steps = append(r.Steps, rs)
		if it.Waiver != nil {
			r.Waivers = append(r.Waivers, ReportWaiver{ID: it.ID, Reason: it.Waiver.Text,
				Who: it.Waiver.Who, OSUser: it.Waiver.OSUser, At: it.Waiver.At})
		}
		if it.Phase == PhaseCutover && it.Succeeded && it.ExpectedMS > 0 && it.DurationMS > 0 {
			r.Timing.ExpectedMS += it.ExpectedMS
			r.Timing.ActualMS += it.DurationMS
			r.Timing.Compared++
		}
	}
	r.Timing.DriftMS = r.Timing.ActualMS - r.Timing.ExpectedMS
	for _, p := range st.Monitor.Probes {
		r.Steps = append(r.Steps, probeStep(p, st.Monitor))
	}
	r.Gate = reportGate(st.Gate)
	r.Monitor = reportMonitor(st.Monitor)
	r.Monitor.SoakedMS = soaked(st)
	if a := st.AfterRollback; !a.Started.IsZero() {
		r.AfterRollback = &ReportAfterRollback{Verdict: string(a.Verdict), Reason: a.Reason, Detail: a.Detail,
			DurationMS: a.Duration.Milliseconds(), Started: a.Started, Finished: timePtr(a.Finished)}
		if r.AfterRollback.Verdict == "" {
			r.AfterRollback.Verdict = "running"
		}
	}
	r.Headline = headline(r)
	if st.Rollback {
		rb := &ReportRollback{Started: st.RollbackAt, Reason: st.RollbackReason,
			Who: st.RollbackBy, Auto: st.RollbackAuto, Status: string(st.RollbackStatus), Steps: []string{}}
		if rb.Status == "" {
			rb.Status = "running"
		}
		for _, it := range st.Items {
			if it.Phase == PhaseRollback {
				rb.Steps = append(rb.Steps, it.ID)
			}
		}
		r.Rollback = rb
	}
	return r
}

func reportStep(it *Item) ReportStep {
	s := ReportStep{
		ID: it.ID, Phase: it.Phase, Status: string(it.Status), Attempts: it.Attempt,
		ExitCode: copyInt(it.Exit), Started: timePtr(it.FirstStarted), Finished: timePtr(it.Finished),
		Name: it.Name, Command: it.Command, Rollback: it.Rollback, Reason: it.Reason,
		Who: it.Who, Value: copyFloat(it.Value), Background: it.Stopped,
		Description: it.Description, Evidence: it.Evidence,
	}
	if s.Started == nil {
		s.Started = timePtr(it.Started)
	}
	if it.ExpectedMS > 0 {
		v := it.ExpectedMS
		s.ExpectedMS = &v
	}
	if !it.Finished.IsZero() {
		v := it.Duration(time.Time{}).Milliseconds()
		s.DurationMS = &v
	}
	s.Stages = reportStages(it)
	for i, m := range it.Manual {
		t := ReportTick{Item: m}
		if i < len(it.Ticked) {
			t.By = it.Ticked[i]
		}
		s.Checklist = append(s.Checklist, t)
	}
	return s
}

// probeStep lists a probe among the steps: its status is its latest
// level (passed, warn, failed when critical), its attempts its samples.
func probeStep(p *ProbeState, m MonitorState) ReportStep {
	s := ReportStep{ID: p.ID, Phase: PhaseMonitor, Name: p.Name, Attempts: p.Samples,
		Started: timePtr(m.Started), Value: copyFloat(p.Last), Reason: p.LastReason}
	switch {
	case p.Samples == 0:
		s.Status = string(StatusPending)
	case p.LastLevel == "crit":
		s.Status = string(StatusFailed)
	case p.LastLevel == "warn":
		s.Status = "warn"
	default:
		s.Status = string(StatusPassed)
	}
	if p.Samples > 0 {
		s.Finished = timePtr(p.LastAt)
	}
	return s
}

func reportGate(g GateState) ReportGate {
	r := ReportGate{Decision: string(g.Decision), Approvers: append([]VoteRec{}, g.Votes...),
		Reason: g.Reason, Overrides: []ReportOverride{}, By: g.DecidedBy, Auto: g.DecidedAuto,
		At: timePtr(g.DecidedAt), Prompt: g.Prompt, Refusal: g.Refusal}
	if r.Decision == "" {
		r.Decision = "none"
	}
	for _, o := range g.Overrides {
		r.Overrides = append(r.Overrides, ReportOverride{At: o.At, Who: o.Who, What: o.What, Reason: o.Text})
	}
	return r
}

func reportMonitor(m MonitorState) ReportMonitor {
	r := ReportMonitor{Verdict: string(m.Verdict), Probes: []ReportProbe{}, Reason: m.Reason,
		By: m.VerdictBy, DurationMS: m.Duration.Milliseconds(), ExtendedMS: m.Extended.Milliseconds(),
		Recommended: m.Recommended}
	if r.Verdict == "" {
		r.Verdict = "none"
	}
	for _, p := range m.Probes {
		rp := ReportProbe{ID: p.ID, Samples: p.Samples, Warn: p.Warn, Crit: p.Crit,
			Last: copyFloat(p.Last), Name: p.Name, LastLevel: p.LastLevel, LastReason: p.LastReason,
			Unit: p.Unit}
		if len(p.History) > 0 {
			h := append([]float64(nil), p.History...)
			sort.Float64s(h)
			rp.Min, rp.Max = &h[0], &h[len(h)-1]
		}
		r.Probes = append(r.Probes, rp)
	}
	return r
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// WriteReportJSON writes r as indented JSON.
func WriteReportJSON(w io.Writer, r Report) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	_, err := w.Write(escapeC1(buf.Bytes()))
	return err
}

// escapeC1 writes the C1 control characters (U+0080 to U+009F) of JSON
// text as \u escapes. encoding/json passes them through raw, and U+009B
// is a CSI to many terminals: a step name must not move the cursor of
// whoever cats the report. They can only occur inside strings, where the
// escape means the same character.
func escapeC1(b []byte) []byte {
	if !bytes.Contains(b, []byte{0xc2}) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i := 0; i < len(b); i++ {
		if b[i] == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f {
			const hex = "0123456789abcdef"
			out = append(out, '\\', 'u', '0', '0', hex[b[i+1]>>4], hex[b[i+1]&0xf])
			i++
			continue
		}
		out = append(out, b[i])
	}
	return out
}
