package launch

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// finishedLadder is a completed launch of stagedRunbook: every stage
// applied, 10 and 50 analysed steady and promoted.
func finishedLadder() *ladder {
	l := baseLadder()
	for k, v := range []string{"10", "50"} {
		l.run(k+1, v).add(Event{ID: "shift", Body: stageBody(AnalysisStarted, k+1, v, "errors")})
		l.sample(LevelWarn, float64(k+2)).stage(AnalysisSteady, k+1, v)
		p := Event{ID: "shift", Body: StagePromotionBody{Stage: v, StageIndex: k + 1, Auto: true}}
		l.add(p)
	}
	l.run(3, "100")
	return l
}

func TestStageBaselinesAndPlan(t *testing.T) {
	l := finishedLadder()
	m := durations(l.evs)
	// Each stage lasts from its start to its promotion: start, step
	// started, step finished, analysis, sample, steady, promoted = 6s.
	if m[StageKey("shift", "10")] != 6000 || m[StageKey("shift", "50")] != 6000 || m[StageKey("shift", "100")] != 2000 {
		t.Fatalf("stage baselines %v", m)
	}
	if m[BaselineKey(PhaseCutover, "shift")] != 16000 {
		t.Fatalf("the step's baseline is %d ms, want 16000, from its first stage's start to its end", m[BaselineKey(PhaseCutover, "shift")])
	}
	rb := stagedRunbook(t, `{ duration = "2s", probes = ["errors"] }`, "rollback")
	var b bytes.Buffer
	if err := WritePlan(&b, rb, nil, m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"stage 1: 10 (GOLIVE_STAGE=10), then analysis 2s of errors, promote auto, on breach rollback [expected 6.0s]",
		"stage 3: 100 (GOLIVE_STAGE=100), then the monitor's soak [expected 2.0s]",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, b.String())
		}
	}
	// The baselines reach the fold's stages through LaunchStarted.
	l.evs[0].Body = LaunchStartedBody{Launch: &LaunchInfo{Expected: m}}
	st := Fold(rb, l.evs)
	if st.Find(PhaseCutover, "shift").Stages[0].Expected != 6000 {
		t.Fatalf("stage 10 expects %d ms", st.Find(PhaseCutover, "shift").Stages[0].Expected)
	}
	// The step's own duration spans its stages, as its baseline does.
	if it := st.Find(PhaseCutover, "shift"); it.DurationMS != 16000 || it.ExpectedMS != 16000 {
		t.Fatalf("the step took %d ms, expected %d ms", it.DurationMS, it.ExpectedMS)
	}
}

func TestStageReportRows(t *testing.T) {
	rb := stagedRunbook(t, `{ duration = "2s" }`, "rollback")
	st := Fold(rb, finishedLadder().evs)
	r := BuildReport(st)
	var b bytes.Buffer
	if err := WriteReportJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Steps []struct {
			ID     string `json:"id"`
			Stages []struct {
				Stage    string     `json:"stage"`
				Verdict  string     `json:"verdict"`
				Started  *time.Time `json:"started"`
				Finished *time.Time `json:"finished"`
				Probes   []struct {
					ID    string   `json:"id"`
					Worst string   `json:"worst"`
					Max   *float64 `json:"max"`
				} `json:"probes"`
			} `json:"stages"`
		} `json:"steps"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, s := range doc.Steps {
		if s.ID != "shift" {
			continue
		}
		for _, sg := range s.Stages {
			if sg.Started == nil || sg.Finished == nil {
				t.Errorf("stage %s lacks its times", sg.Stage)
			}
			row := sg.Stage + "=" + sg.Verdict
			for _, p := range sg.Probes {
				row += " " + p.ID + ":" + p.Worst
				if p.Max != nil {
					row += ":" + formatValue(*p.Max)
				}
			}
			rows = append(rows, row)
		}
	}
	if got := strings.Join(rows, ", "); got != "10=steady, promoted errors:warn:2, 50=steady, promoted errors:warn:3, 100=done" {
		t.Fatalf("stage rows %q", got)
	}
	var md bytes.Buffer
	if err := WriteReportMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "### Stages of shift") || !strings.Contains(md.String(), "errors warn (max 3, 0/1 crit)") {
		t.Fatalf("markdown lacks the ladder:\n%s", md.String())
	}
}

func TestStageNotificationText(t *testing.T) {
	r := newRig(t, stagedSrc("true", "auto"), nil)
	got := r.e.notify.text(Event{ID: "shift", Body: AnalysisBreachBody{Stage: "25", Probe: "errors", Reason: "3 critical samples in a row"}})
	if want := "[REHEARSAL] staged: shift stage 25 breach errors: 3 critical samples in a row"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
	got = r.e.notify.text(Event{ID: "shift", Body: StagePromotionBody{Stage: "25", Who: "alice"}})
	if want := "[REHEARSAL] staged: shift stage 25 promoted by alice"; got != want {
		t.Fatalf("text %q, want %q", got, want)
	}
}

func TestRemainingShowsTheLadder(t *testing.T) {
	rb := stagedRunbook(t, `{ duration = "2s" }`, "rollback")
	l := baseLadder()
	l.run(1, "10").stage(AnalysisStarted, 1, "10").stage(AnalysisSteady, 1, "10").stage(StagePromotion, 1, "10")
	l.run(2, "50")
	var b bytes.Buffer
	if err := WriteRemaining(&b, rb, Fold(rb, l.evs)); err != nil {
		t.Fatal(err)
	}
	if want := "stages: 10 promoted, 50 applied, 100 pending"; !strings.Contains(b.String(), want) {
		t.Fatalf("plan --remaining lacks %q:\n%s", want, b.String())
	}
}
