package checks

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golive/runbook"
)

// valKind is the type of an observed subject.
type valKind int

const (
	vNum valKind = iota
	vDur
	vStr
	vList
	vBool
)

// val is one observed subject, typed so conditions compare it properly.
type val struct {
	kind valKind
	num  float64
	dur  time.Duration
	str  string
	list []string
	b    bool

	// mask hides secrets in the text before shown quotes it; nil shows
	// the text as it is.
	mask func(string) string
}

// text is the value as a condition's contains and matches see it.
func (v val) text() string {
	switch v.kind {
	case vNum:
		return fmtNum(v.num)
	case vDur:
		return v.dur.String()
	case vBool:
		return strconv.FormatBool(v.b)
	case vList:
		return strings.Join(v.list, "\n")
	}
	return v.str
}

// shown is the value as a reason shows it.
func (v val) shown() string {
	switch v.kind {
	case vDur:
		return fmtDur(v.dur)
	case vStr:
		return quote(v.hide(v.str))
	case vList:
		if len(v.list) == 0 {
			return "(none)"
		}
		return v.hide(strings.Join(v.list, ", "))
	}
	return v.text()
}

// hide masks secrets in s, raw, before any quoting or shortening.
func (v val) hide(s string) string {
	if v.mask == nil {
		return s
	}
	return v.mask(s)
}

// label names a condition's subject in reasons: status, header "X-Id".
func label(c runbook.Condition) string {
	if c.Subject == runbook.SubjHeader || c.Subject == runbook.SubjJSON {
		return string(c.Subject) + " " + strconv.Quote(c.Arg)
	}
	return string(c.Subject)
}

// subjectValue picks a condition's subject out of an observation. When the
// attempt did not observe it, the status says why: Fail when the target
// did not answer (the attempt's own reason), Error when it cannot be
// evaluated at all.
func subjectValue(c runbook.Condition, r Result) (val, Status, string) {
	o := r.Obs
	missing := func() (val, Status, string) {
		if r.Status != Pass && r.Reason != "" {
			return val{}, Fail, r.Reason
		}
		return val{}, Error, fmt.Sprintf("%s is not observed by %s checks", label(c), o.Kind)
	}
	switch c.Subject {
	case runbook.SubjExit:
		if o.HasExit {
			return val{kind: vNum, num: float64(o.Exit)}, Pass, ""
		}
	case runbook.SubjStdout, runbook.SubjStderr:
		if o.Kind == runbook.KindRun && (o.HasExit || o.TimedOut) {
			s := o.Stdout
			if c.Subject == runbook.SubjStderr {
				s = o.Stderr
			}
			return val{kind: vStr, str: s}, Pass, ""
		}
	case runbook.SubjValue:
		if o.Value != nil {
			return val{kind: vNum, num: *o.Value}, Pass, ""
		}
		if o.ValueErr != "" {
			return val{}, Error, o.ValueErr
		}
	case runbook.SubjStatus:
		if o.HasStatus {
			return val{kind: vNum, num: float64(o.Status)}, Pass, ""
		}
	case runbook.SubjBody:
		if o.HasStatus {
			return val{kind: vStr, str: o.Body}, Pass, ""
		}
	case runbook.SubjHeader:
		if o.HasStatus {
			return val{kind: vStr, str: o.Header.Get(c.Arg)}, Pass, ""
		}
	case runbook.SubjJSON:
		if o.HasStatus {
			return jsonValue(c, o.Body)
		}
	case runbook.SubjLatency:
		if o.HasLatency {
			return val{kind: vDur, dur: o.Latency}, Pass, ""
		}
	case runbook.SubjDuration:
		if o.Duration > 0 || o.HasExit {
			return val{kind: vDur, dur: o.Duration}, Pass, ""
		}
	case runbook.SubjAnswers:
		if o.Answered {
			return val{kind: vList, list: o.Answers}, Pass, ""
		}
	case runbook.SubjSANs:
		if o.HasCert {
			return val{kind: vList, list: o.SANs}, Pass, ""
		}
	case runbook.SubjCount:
		if o.Answered {
			return val{kind: vNum, num: float64(len(o.Answers))}, Pass, ""
		}
		if o.Kind == runbook.KindPrometheus && o.HasLatency {
			return val{kind: vNum, num: float64(o.Series)}, Pass, ""
		}
		if o.Fleet != nil {
			return val{kind: vNum, num: float64(len(o.Fleet.ChangedHosts()))}, Pass, ""
		}
	case runbook.SubjDaysLeft:
		if o.HasCert {
			return val{kind: vNum, num: float64(o.DaysLeft)}, Pass, ""
		}
	case runbook.SubjIssuer:
		if o.HasCert {
			return val{kind: vStr, str: o.Issuer}, Pass, ""
		}
	case runbook.SubjSubject:
		if o.HasCert {
			return val{kind: vStr, str: o.Subject}, Pass, ""
		}
	case runbook.SubjVersion:
		if o.HasCert {
			return val{kind: vStr, str: o.Version}, Pass, ""
		}
	case runbook.SubjConnects:
		return val{kind: vBool, b: o.Connected}, Pass, ""
	default:
		return val{}, Error, fmt.Sprintf("unknown subject %q", string(c.Subject))
	}
	return missing()
}

// jsonValue looks up a json "path" subject in a body. A body that is not
// JSON cannot be evaluated (Error); a path that is not there is a wrong
// answer (Fail).
func jsonValue(c runbook.Condition, body string) (val, Status, string) {
	var doc any
	if err := json.Unmarshal([]byte(body), &doc); err != nil {
		return val{}, Error, "body is not JSON: " + trimJSONErr(err, body)
	}
	steps, err := parseJSONPath(c.Arg)
	if err != nil {
		return val{}, Error, fmt.Sprintf("json path %q: %v", c.Arg, err)
	}
	cur := doc
	for _, s := range steps {
		switch {
		case s.key != "":
			m, ok := cur.(map[string]any)
			if !ok {
				return val{}, Fail, fmt.Sprintf("json %q is missing: no object at %q", c.Arg, s.key)
			}
			if cur, ok = m[s.key]; !ok {
				return val{}, Fail, fmt.Sprintf("json %q is missing", c.Arg)
			}
		default:
			a, ok := cur.([]any)
			if !ok || s.index >= len(a) {
				return val{}, Fail, fmt.Sprintf("json %q is missing: no element [%d]", c.Arg, s.index)
			}
			cur = a[s.index]
		}
	}
	switch x := cur.(type) {
	case float64:
		return val{kind: vNum, num: x}, Pass, ""
	case string:
		return val{kind: vStr, str: x}, Pass, ""
	case bool:
		return val{kind: vBool, b: x}, Pass, ""
	case nil:
		return val{kind: vStr, str: "null"}, Pass, ""
	}
	b, _ := json.Marshal(cur)
	return val{kind: vStr, str: string(b)}, Pass, ""
}

func trimJSONErr(err error, body string) string {
	if strings.TrimSpace(body) == "" {
		return "the body is empty"
	}
	if !utf8.ValidString(body) {
		return "the body is not UTF-8"
	}
	return err.Error()
}

// jsonStep is one step of a json path: an object key or an array index.
type jsonStep struct {
	key   string
	index int
}

// parseJSONPath reads "items[0].name", "a.b", "[2]" (an empty path is the
// whole document).
func parseJSONPath(p string) ([]jsonStep, error) {
	var steps []jsonStep
	p = strings.TrimPrefix(p, "$")
	p = strings.TrimPrefix(p, ".")
	for p != "" {
		if p[0] == '[' {
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil, fmt.Errorf("unclosed [")
			}
			n, err := strconv.Atoi(p[1:end])
			if err != nil || n < 0 {
				return nil, fmt.Errorf("index %q is not a whole number", p[1:end])
			}
			steps = append(steps, jsonStep{index: n})
			p = p[end+1:]
			p = strings.TrimPrefix(p, ".")
			continue
		}
		end := strings.IndexAny(p, ".[")
		if end < 0 {
			end = len(p)
		}
		if end == 0 {
			return nil, fmt.Errorf("empty key")
		}
		steps = append(steps, jsonStep{key: p[:end]})
		p = p[end:]
		p = strings.TrimPrefix(p, ".")
	}
	return steps, nil
}
