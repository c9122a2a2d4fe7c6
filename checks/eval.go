package checks

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golive/runbook"
)

// Eval tests one condition against what an attempt observed (the Result
// of Run or of an attempt). ok reports whether it holds; reason explains a
// false or unevaluable condition in one line ("status 503, want 200").
func Eval(c runbook.Condition, r Result) (ok bool, reason string) {
	st, reason := Evaluate(c, r)
	return st == Pass, reason
}

// Evaluate is Eval with the outcome told apart: Pass when the condition
// holds, Fail when it is false or the target did not answer, Error when it
// cannot be evaluated (no number for value, a body that is not JSON, a
// subject the check's kind does not observe, a bad regex).
func Evaluate(c runbook.Condition, r Result) (Status, string) {
	if r.Obs == nil {
		if r.Status != Pass && r.Reason != "" {
			return Fail, r.Reason
		}
		return Error, "nothing was observed to test " + condText(c)
	}
	v, st, why := subjectValue(c, r)
	if st != Pass {
		return st, why
	}
	v.mask = r.Obs.Mask
	return compare(c, v)
}

// condText is the condition as written, or rebuilt when it was made in
// code without its source.
func condText(c runbook.Condition) string {
	if c.Source != "" {
		return c.Source
	}
	return label(c) + " " + string(c.Op) + " " + operandText(c.Operand)
}

// operandText writes an operand back the way it is written in a runbook.
func operandText(o runbook.Operand) string {
	switch o.Kind {
	case runbook.OperandNumber:
		return fmtNum(o.Num)
	case runbook.OperandDuration:
		return fmtDur(o.Duration)
	case runbook.OperandBool:
		return strconv.FormatBool(o.Bool)
	case runbook.OperandRegex:
		if o.Re != nil {
			return strconv.Quote(o.Re.String())
		}
	}
	return strconv.Quote(o.Str)
}

// want is the "want ..." half of a reason: "200", "< 300ms".
func want(c runbook.Condition) string {
	if c.Op == runbook.OpEq {
		return operandText(c.Operand)
	}
	return string(c.Op) + " " + operandText(c.Operand)
}

// compare applies the condition's operator to an observed value.
func compare(c runbook.Condition, v val) (Status, string) {
	switch c.Op {
	case runbook.OpContains, runbook.OpNotContains:
		return containsCheck(c, v)
	case runbook.OpMatches:
		return matchCheck(c, v)
	case runbook.OpEq, runbook.OpNe, runbook.OpLt, runbook.OpLe, runbook.OpGt, runbook.OpGe:
	default:
		return Error, fmt.Sprintf("unknown operator %q in %s", string(c.Op), condText(c))
	}
	cmp, st, why := order(c, v)
	if st != Pass {
		return st, why
	}
	var holds bool
	switch c.Op {
	case runbook.OpEq:
		holds = cmp == 0
	case runbook.OpNe:
		holds = cmp != 0
	case runbook.OpLt:
		holds = cmp < 0
	case runbook.OpLe:
		holds = cmp <= 0
	case runbook.OpGt:
		holds = cmp > 0
	case runbook.OpGe:
		holds = cmp >= 0
	}
	if holds {
		return Pass, ""
	}
	return Fail, falseReason(c, v)
}

// unordered marks two values that are not equal and have no order (NaN,
// or unequal booleans and lists), so only != holds for them.
const unordered = 2

// order compares an observed value with the operand: -1, 0, 1, or
// unordered. The status is Error when the two cannot be compared.
func order(c runbook.Condition, v val) (int, Status, string) {
	o := c.Operand
	bad := func(what string) (int, Status, string) {
		return 0, Error, fmt.Sprintf("%s is %s; cannot compare it with %s", label(c), what, operandText(o))
	}
	ordering := c.Op != runbook.OpEq && c.Op != runbook.OpNe
	switch v.kind {
	case vNum:
		switch o.Kind {
		case runbook.OperandNumber:
			return cmpFloat(v.num, o.Num), Pass, ""
		case runbook.OperandString:
			if !ordering {
				return cmpString(fmtNum(v.num), o.Str), Pass, ""
			}
		}
		return bad("a number")
	case vDur:
		switch {
		case o.Kind == runbook.OperandDuration:
			return cmpFloat(float64(v.dur), float64(o.Duration)), Pass, ""
		case o.Kind == runbook.OperandNumber && o.Num == 0:
			return cmpFloat(float64(v.dur), 0), Pass, ""
		}
		return bad("a duration (write the operand like 300ms)")
	case vStr:
		switch o.Kind {
		case runbook.OperandString:
			return cmpString(v.str, o.Str), Pass, ""
		case runbook.OperandNumber:
			n, err := strconv.ParseFloat(strings.TrimSpace(v.str), 64)
			if err != nil {
				return 0, Error, fmt.Sprintf("%s is %s, not a number", label(c), v.shown())
			}
			return cmpFloat(n, o.Num), Pass, ""
		case runbook.OperandBool:
			if !ordering {
				return cmpString(v.str, strconv.FormatBool(o.Bool)), Pass, ""
			}
		}
		return bad("text")
	case vBool:
		if o.Kind == runbook.OperandBool && !ordering {
			if v.b == o.Bool {
				return 0, Pass, ""
			}
			return unordered, Pass, ""
		}
		return bad("true or false")
	case vList:
		if o.Kind == runbook.OperandString && !ordering {
			if len(v.list) == 1 && v.list[0] == o.Str {
				return 0, Pass, ""
			}
			return unordered, Pass, ""
		}
		return bad("a list (use contains, or count)")
	}
	return bad("unknown")
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	case a == b:
		return 0
	}
	return unordered // NaN
}

func cmpString(a, b string) int { return strings.Compare(a, b) }

// falseReason explains a comparison that does not hold.
func falseReason(c runbook.Condition, v val) string {
	switch c.Subject {
	case runbook.SubjDaysLeft:
		return certDays(int(v.num)) + ", want " + want(c)
	case runbook.SubjConnects:
		if !v.b {
			return "did not connect"
		}
		return "connected, want " + want(c)
	case runbook.SubjCount:
		return fmt.Sprintf("count %s, want %s", fmtNum(v.num), want(c))
	}
	return fmt.Sprintf("%s %s, want %s", label(c), v.shown(), want(c))
}

// certDays says how long a certificate has left, in words.
func certDays(days int) string {
	switch {
	case days < 0:
		return fmt.Sprintf("certificate expired %s ago", plural(-days, "day"))
	case days == 0:
		return "certificate expires today"
	}
	return "certificate expires in " + plural(days, "day")
}

// containsCheck applies contains and !contains: substring on text, an
// equal element on lists.
func containsCheck(c runbook.Condition, v val) (Status, string) {
	needle := c.Operand.Str
	if c.Operand.Kind == runbook.OperandNumber {
		needle = fmtNum(c.Operand.Num)
	}
	neg := c.Op == runbook.OpNotContains
	var found bool
	if v.kind == vList {
		for _, e := range v.list {
			if e == needle {
				found = true
				break
			}
		}
	} else {
		found = strings.Contains(v.text(), needle)
	}
	if found != neg {
		return Pass, ""
	}
	q := strconv.Quote(needle)
	if v.kind == vList {
		if neg {
			return Fail, fmt.Sprintf("%s include %s", label(c), q)
		}
		return Fail, fmt.Sprintf("%s do not include %s (got %s)", label(c), q, v.shown())
	}
	if neg {
		return Fail, fmt.Sprintf("%s contains %s", labelWithValue(c, v), q)
	}
	return Fail, fmt.Sprintf("%s does not contain %s", labelWithValue(c, v), q)
}

// matchCheck applies matches: an RE2 regex on text; on a list, true when
// any element matches.
func matchCheck(c runbook.Condition, v val) (Status, string) {
	re := c.Operand.Re
	if re == nil {
		var err error
		if re, err = regexp.Compile(c.Operand.Str); err != nil {
			return Error, fmt.Sprintf("bad regex %s: %v", strconv.Quote(c.Operand.Str), err)
		}
	}
	if v.kind == vList {
		for _, e := range v.list {
			if re.MatchString(e) {
				return Pass, ""
			}
		}
		return Fail, fmt.Sprintf("no element of %s matches %s (got %s)", label(c), strconv.Quote(re.String()), v.shown())
	}
	if re.MatchString(v.text()) {
		return Pass, ""
	}
	return Fail, fmt.Sprintf("%s does not match %s", labelWithValue(c, v), strconv.Quote(re.String()))
}

// labelWithValue names the subject with its short value, except for the
// long texts (output, bodies), which a one-line reason cannot hold.
func labelWithValue(c runbook.Condition, v val) string {
	switch c.Subject {
	case runbook.SubjStdout, runbook.SubjStderr, runbook.SubjBody:
		return label(c)
	}
	return label(c) + " " + v.shown()
}
