package checks

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func TestEvaluate(t *testing.T) {
	v := 0.42
	httpObs := &Observation{Kind: runbook.KindHTTP, HasStatus: true, Status: 200, Body: `{"a":{"b":[1,2]}}`,
		Header: http.Header{"Content-Type": {"application/json"}}, Latency: 1200 * time.Millisecond, HasLatency: true}
	runObs := &Observation{Kind: runbook.KindRun, HasExit: true, Exit: 0, Stdout: "ok\n", Value: &v, Duration: 2 * time.Second}
	tlsObs := &Observation{Kind: runbook.KindTLS, HasCert: true, DaysLeft: 6, SANs: []string{"a.example", "b.example"}, Version: "TLS 1.3"}
	expired := &Observation{Kind: runbook.KindTLS, HasCert: true, DaysLeft: -3}
	cases := []struct {
		obs    *Observation
		cond   string
		status Status
		reason string
	}{
		{httpObs, "status == 200", Pass, ""},
		{httpObs, "status != 200", Fail, "status 200, want != 200"},
		{httpObs, "latency < 300ms", Fail, "latency 1.2s, want < 300ms"},
		{httpObs, "latency <= 1.2s", Pass, ""},
		{httpObs, `header "content-type" contains "json"`, Pass, ""},
		{httpObs, `header "X-Missing" == "x"`, Fail, `header "X-Missing" "", want "x"`},
		{httpObs, `json "a.b[1]" == 2`, Pass, ""},
		{httpObs, `json "a.b[1]" > 5`, Fail, `json "a.b[1]" 2, want > 5`},
		{httpObs, `json "a.c" == 2`, Fail, `json "a.c" is missing`},
		{httpObs, `json "a" contains "b"`, Pass, ""},
		{httpObs, "value > 1", Error, "value is not observed by http checks"},
		{runObs, "exit == 0", Pass, ""},
		{runObs, "value >= 0.42", Pass, ""},
		{runObs, `stdout !contains "ok"`, Fail, `stdout contains "ok"`},
		{runObs, `stdout matches "^no"`, Fail, `stdout does not match "^no"`},
		{runObs, "duration < 1s", Fail, "duration 2s, want < 1s"},
		{runObs, "status == 200", Error, "status is not observed by run checks"},
		{tlsObs, "days_left > 14", Fail, "certificate expires in 6 days, want > 14"},
		{expired, "days_left > 0", Fail, "certificate expired 3 days ago, want > 0"},
		{tlsObs, `sans contains "b.example"`, Pass, ""},
		{tlsObs, `sans !contains "b.example"`, Fail, `sans include "b.example"`},
		{tlsObs, `sans matches "^a\\."`, Pass, ""},
		{tlsObs, `version matches "1\\.2"`, Fail, `version "TLS 1.3" does not match "1\\.2"`},
	}
	for _, tc := range cases {
		t.Run(tc.cond, func(t *testing.T) {
			st, reason := Evaluate(cond(t, tc.cond), Result{Status: Pass, Obs: tc.obs})
			if st != tc.status || reason != tc.reason {
				t.Fatalf("got %s %q, want %s %q", st, reason, tc.status, tc.reason)
			}
			ok, r2 := Eval(cond(t, tc.cond), Result{Status: Pass, Obs: tc.obs})
			if ok != (tc.status == Pass) || r2 != reason {
				t.Fatalf("Eval disagrees: %v %q", ok, r2)
			}
		})
	}
}

func TestEvaluateBadInput(t *testing.T) {
	if st, _ := Evaluate(runbook.Condition{Subject: "status", Op: "=="}, Result{}); st != Error {
		t.Fatalf("no observation: %s", st)
	}
	obs := &Observation{Kind: runbook.KindHTTP, HasStatus: true, Body: "not json"}
	if st, reason := Evaluate(cond(t, `json "a" == 1`), Result{Obs: obs}); st != Error || reason == "" {
		t.Fatalf("json on text: %s %q", st, reason)
	}
	// Conditions built in code, without the parser, must not panic.
	bad := []runbook.Condition{
		{Subject: "nonsense", Op: "=="},
		{Subject: runbook.SubjStatus, Op: "~~"},
		{Subject: runbook.SubjBody, Op: runbook.OpMatches, Operand: runbook.Operand{Kind: runbook.OperandString, Str: "("}},
		{Subject: runbook.SubjJSON, Arg: "a[", Op: runbook.OpEq},
		{Subject: runbook.SubjStatus, Op: runbook.OpLt, Operand: runbook.Operand{Kind: runbook.OperandString, Str: "x"}},
	}
	obs.HasStatus, obs.Body = true, `{"a":1}`
	for _, c := range bad {
		if st, reason := Evaluate(c, Result{Obs: obs}); st != Error || reason == "" {
			t.Fatalf("%+v: %s %q", c, st, reason)
		}
	}
}

func TestFirstNumber(t *testing.T) {
	cases := map[string]float64{
		"12345":               12345,
		"free: 1.5e3 MB":      1500,
		"2026-12-01":          2026,
		"build-7":             7,
		"delta -3":            -3,
		"ratio .5":            0.5,
		"Filesystem 1K\n/ 42": 1,
	}
	for in, want := range cases {
		if got, ok := FirstNumber(in); !ok || got != want {
			t.Errorf("FirstNumber(%q) = %v %v, want %v", in, got, ok, want)
		}
	}
	if _, ok := FirstNumber("none here"); ok {
		t.Error("found a number in none here")
	}
}

// TestReasonMasksBeforeItCuts: a reason quotes at most maxShown runes of
// what it saw; a secret that straddles that cut is masked whole first, so
// no part of it is quoted, while the condition still compares the raw
// text.
func TestReasonMasksBeforeItCuts(t *testing.T) {
	secret := "Zq7Kx3VbrLmgPwsRtjHn"
	text := strings.Repeat("-", maxShown-10) + secret
	m := runbook.NewMaskerValues(secret)
	obs := &Observation{Kind: runbook.KindRun, HasExit: true, Stdout: text, Mask: m.Mask}
	for _, c := range []string{`stdout == "x"`, `stdout > 5`} {
		_, reason := Evaluate(cond(t, c), Result{Status: Pass, Obs: obs})
		if strings.Contains(reason, secret[:4]) || !strings.Contains(reason, runbook.MaskText) {
			t.Errorf("%s: %q", c, reason)
		}
	}
	if st, _ := Evaluate(cond(t, `stdout contains "`+secret+`"`), Result{Status: Pass, Obs: obs}); st != Pass {
		t.Errorf("the raw text was not compared: %s", st)
	}
}
