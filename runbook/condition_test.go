package runbook

import (
	"strings"
	"testing"
	"time"
)

func TestParseCondition(t *testing.T) {
	good := []struct {
		src  string
		subj Subject
		arg  string
		op   Op
		want Operand
	}{
		{"exit == 0", SubjExit, "", OpEq, Operand{Kind: OperandNumber, Num: 0, Str: "0"}},
		{"  status   <   400 ", SubjStatus, "", OpLt, Operand{Kind: OperandNumber, Num: 400, Str: "400"}},
		{"value >= -1.5", SubjValue, "", OpGe, Operand{Kind: OperandNumber, Num: -1.5, Str: "-1.5"}},
		{"value > 1e3", SubjValue, "", OpGt, Operand{Kind: OperandNumber, Num: 1000, Str: "1e3"}},
		{"latency < 300ms", SubjLatency, "", OpLt, Operand{Kind: OperandDuration, Duration: 300 * time.Millisecond, Num: 0.3, Str: "300ms"}},
		{"duration <= 1.5s", SubjDuration, "", OpLe, Operand{Kind: OperandDuration, Duration: 1500 * time.Millisecond, Num: 1.5, Str: "1.5s"}},
		{"latency != 2m", SubjLatency, "", OpNe, Operand{Kind: OperandDuration, Duration: 2 * time.Minute, Num: 120, Str: "2m"}},
		{`body contains "ok"`, SubjBody, "", OpContains, Operand{Kind: OperandString, Str: "ok"}},
		{`stdout !contains "ERROR\t\"x\""`, SubjStdout, "", OpNotContains, Operand{Kind: OperandString, Str: "ERROR\t\"x\""}},
		{`header "Content-Type" contains "json"`, SubjHeader, "Content-Type", OpContains, Operand{Kind: OperandString, Str: "json"}},
		{`json "items[0].status" == "ok"`, SubjJSON, "items[0].status", OpEq, Operand{Kind: OperandString, Str: "ok"}},
		{`json "ready" == true`, SubjJSON, "ready", OpEq, Operand{Kind: OperandBool, Bool: true, Str: "true"}},
		{`json "n" > 3`, SubjJSON, "n", OpGt, Operand{Kind: OperandNumber, Num: 3, Str: "3"}},
		{`answers contains "127.0.0.1"`, SubjAnswers, "", OpContains, Operand{Kind: OperandString, Str: "127.0.0.1"}},
		{`count > 0`, SubjCount, "", OpGt, Operand{Kind: OperandNumber, Num: 0, Str: "0"}},
		{`days_left > 14`, SubjDaysLeft, "", OpGt, Operand{Kind: OperandNumber, Num: 14, Str: "14"}},
		{`connects == true`, SubjConnects, "", OpEq, Operand{Kind: OperandBool, Bool: true, Str: "true"}},
		{`issuer contains "Let's Encrypt"`, SubjIssuer, "", OpContains, Operand{Kind: OperandString, Str: "Let's Encrypt"}},
		{`version == "TLS 1.3"`, SubjVersion, "", OpEq, Operand{Kind: OperandString, Str: "TLS 1.3"}},
		{`stderr == ""`, SubjStderr, "", OpEq, Operand{Kind: OperandString, Str: ""}},
	}
	for _, tc := range good {
		c, err := ParseCondition(tc.src, Pos{File: "f", Line: 3, Col: 9})
		if err != nil {
			t.Errorf("%q: %v", tc.src, err)
			continue
		}
		if c.Subject != tc.subj || c.Arg != tc.arg || c.Op != tc.op || c.Operand != tc.want || c.Source != strings.TrimSpace(tc.src) || c.Pos.Line != 3 || c.String() != c.Source {
			t.Errorf("%q: got %+v", tc.src, c)
		}
	}

	c, err := ParseCondition(`stdout matches "^v2\\.[0-9]+$"`, Pos{})
	if err != nil || c.Operand.Kind != OperandRegex || c.Operand.Re == nil || !c.Operand.Re.MatchString("v2.17") || c.Operand.Re.MatchString("v3.1") || c.Operand.Str != `^v2\.[0-9]+$` {
		t.Errorf("matches: %+v %v", c, err)
	}

	bad := []struct{ src, want string }{
		{"", "empty condition"},
		{"   ", "empty condition"},
		{"stauts == 200", `unknown subject "stauts"; use one of exit, stdout, stderr, value, status, body, latency, header, json, answers, count, days_left, duration, issuer, subject, sans, version, connects`},
		{"status = 200", `unknown operator "="; use one of ==, !=, <, <=, >, >=, contains, !contains, matches`},
		{"status =~ 200", `unknown operator "=~"`},
		{"status has 200", `unknown operator "has"`},
		{"status", "missing operator after status"},
		{"status ==", "missing operand"},
		{"status == 200 ok", `unexpected "ok" after the operand`},
		{`body == "ok" more`, `unexpected "more" after the operand`},
		{`body == "unterminated`, "bad string"},
		{`body == 'single'`, "strings in conditions take double quotes"},
		{"body contains ok", `bad operand "ok"`},
		{"status == 2xx", `bad operand "2xx"`},
		{"status == \"200\"", "status is a number"},
		{"latency < 300", "latency compares with a duration like 300ms"},
		{"latency contains \"x\"", "latency compares with a duration like 300ms or 1.5s, not a string"},
		{"exit < \"1\"", "< compares numbers or durations, not a string"},
		{"body matches 1", "matches needs a double-quoted regular expression"},
		{`body matches "(["`, `bad regular expression "(["`},
		{`header == "x"`, `header needs a quoted header name right after it`},
		{`header "" == "x"`, `header needs a non-empty header name`},
		{`json items == 1`, `json needs a quoted path`},
		{`answers == "1.2.3.4"`, "answers is a list: use contains, !contains or matches"},
		{`connects == 1`, "connects is true or false"},
		{`body == true`, "body is text"},
		{`body == 3s`, "body is text: a duration operand"},
		{`exit contains "1"`, "exit is a number: compare it with ==, !=, <, <=, > or >= and a number, e.g. exit == 0"},
		{`{ == 1`, `unknown subject "{"`},
	}
	for _, tc := range bad {
		_, err := ParseCondition(tc.src, Pos{})
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want %q...", tc.src, err, tc.want)
		}
	}
}

func TestDefaultExpect(t *testing.T) {
	want := map[Kind]string{
		KindRun: "exit == 0", KindHTTP: "status < 400", KindTCP: "connects == true",
		KindDNS: "count > 0", KindTLS: "days_left > 0", KindPrometheus: "count == 1",
	}
	for _, k := range Kinds {
		if k == KindAnsible {
			continue // its failure budget (max_fail) decides, not a condition
		}
		got := DefaultExpect(k)
		if len(got) != 1 || got[0].Source != want[k] {
			t.Errorf("%s: %+v", k, got)
		}
		if !got[0].Subject.Applies(k) {
			t.Errorf("%s: its default subject %s does not apply to it", k, got[0].Subject)
		}
	}
	if DefaultExpect(KindAnsible) != nil {
		t.Error("ansible has a default condition; its max_fail budget should decide")
	}
	if DefaultExpect("smoke") != nil {
		t.Error("unknown kind has defaults")
	}
}
