package runbook

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Subjects lists every condition subject, in the order messages show them.
var Subjects = []Subject{
	SubjExit, SubjStdout, SubjStderr, SubjValue, SubjStatus, SubjBody, SubjLatency,
	SubjHeader, SubjJSON, SubjAnswers, SubjCount, SubjDaysLeft, SubjDuration,
	SubjIssuer, SubjSubject, SubjSANs, SubjVersion, SubjConnects,
}

// Ops lists every operator, in the order messages show them.
var Ops = []Op{OpEq, OpNe, OpLt, OpLe, OpGt, OpGe, OpContains, OpNotContains, OpMatches}

// KindSubjects says which subjects a check kind can observe; a condition on
// any other subject is a validation error.
var KindSubjects = map[Kind][]Subject{
	KindRun:        {SubjExit, SubjStdout, SubjStderr, SubjValue, SubjDuration},
	KindHTTP:       {SubjStatus, SubjBody, SubjLatency, SubjHeader, SubjJSON, SubjValue, SubjDuration},
	KindTCP:        {SubjConnects, SubjLatency, SubjDuration},
	KindDNS:        {SubjAnswers, SubjCount, SubjLatency, SubjDuration},
	KindTLS:        {SubjDaysLeft, SubjIssuer, SubjSubject, SubjSANs, SubjVersion, SubjLatency, SubjDuration},
	KindPrometheus: {SubjValue, SubjCount, SubjLatency, SubjDuration},
	KindAnsible:    {SubjExit, SubjCount, SubjDuration},
}

// Applies reports whether kind can observe subject s.
func (s Subject) Applies(kind Kind) bool {
	for _, k := range KindSubjects[kind] {
		if k == s {
			return true
		}
	}
	return false
}

// subject classes decide which operands and operators make sense.
func (s Subject) isTime() bool { return s == SubjLatency || s == SubjDuration }
func (s Subject) isNumber() bool {
	return s == SubjExit || s == SubjStatus || s == SubjValue || s == SubjCount || s == SubjDaysLeft
}
func (s Subject) isList() bool { return s == SubjAnswers || s == SubjSANs }

func known(s Subject) bool {
	for _, k := range Subjects {
		if k == s {
			return true
		}
	}
	return false
}

func joinNames[T ~string](xs []T) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = string(x)
	}
	return strings.Join(parts, ", ")
}

// ParseCondition parses one `SUBJECT OP OPERAND` expression, e.g.
// `status == 200`, `latency < 300ms`, `header "Content-Type" contains "json"`
// or `stdout matches "^v2\\."`. The error says what is wrong and lists the
// valid choices; pos is recorded on the condition for later messages.
func ParseCondition(src string, pos Pos) (Condition, error) {
	c := Condition{Source: strings.TrimSpace(src), Pos: pos}
	rest := c.Source
	if rest == "" {
		return c, fmt.Errorf("empty condition: write SUBJECT OP OPERAND, e.g. status == 200")
	}

	word, rest := cutWord(rest)
	c.Subject = Subject(word)
	if !known(c.Subject) {
		return c, fmt.Errorf("unknown subject %q; use one of %s", word, joinNames(Subjects))
	}
	if c.Subject == SubjHeader || c.Subject == SubjJSON {
		arg, after, err := cutQuoted(rest)
		if err != nil {
			return c, fmt.Errorf("%s needs a quoted %s right after it, e.g. %s", c.Subject, argName(c.Subject), argExample(c.Subject))
		}
		if arg == "" {
			return c, fmt.Errorf("%s needs a non-empty %s, e.g. %s", c.Subject, argName(c.Subject), argExample(c.Subject))
		}
		c.Arg, rest = arg, after
	}

	op, rest := cutOp(rest)
	if op == "" {
		return c, fmt.Errorf("missing operator after %s; use one of %s", c.Subject, joinNames(Ops))
	}
	c.Op = Op(op)
	if !validOp(c.Op) {
		return c, fmt.Errorf("unknown operator %q; use one of %s", op, joinNames(Ops))
	}

	operand, err := parseOperand(rest)
	if err != nil {
		return c, err
	}
	c.Operand = operand
	return c, check(&c)
}

func argName(s Subject) string {
	if s == SubjHeader {
		return "header name"
	}
	return "path"
}

func argExample(s Subject) string {
	if s == SubjHeader {
		return `header "Content-Type" contains "json"`
	}
	return `json "items[0].status" == "ok"`
}

func validOp(op Op) bool {
	for _, o := range Ops {
		if o == op {
			return true
		}
	}
	return false
}

// cutWord splits off the leading run of letters, digits and underscores.
func cutWord(s string) (string, string) {
	i := 0
	for i < len(s) && (isBare(s[i]) && s[i] != '-') {
		i++
	}
	if i == 0 {
		// Not a word: take everything up to the next blank so the message
		// can quote it.
		j := strings.IndexAny(s, " \t")
		if j < 0 {
			j = len(s)
		}
		return s[:j], strings.TrimSpace(s[j:])
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// cutOp splits off an operator: a symbol run, or a (possibly !-prefixed)
// word.
func cutOp(s string) (string, string) {
	i := 0
	if strings.HasPrefix(s, "!") && len(s) > 1 && s[1] >= 'a' && s[1] <= 'z' {
		i = 1
	}
	if i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
		for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			i++
		}
	} else {
		for i < len(s) && strings.IndexByte("=!<>~", s[i]) >= 0 {
			i++
		}
	}
	return s[:i], strings.TrimSpace(s[i:])
}

// cutQuoted splits off a leading double-quoted string with Go escapes.
func cutQuoted(s string) (string, string, error) {
	q, err := strconv.QuotedPrefix(s)
	if err != nil || !strings.HasPrefix(q, `"`) {
		return "", s, fmt.Errorf("not a double-quoted string")
	}
	u, err := strconv.Unquote(q)
	if err != nil {
		return "", s, err
	}
	return u, strings.TrimSpace(s[len(q):]), nil
}

func parseOperand(s string) (Operand, error) {
	if s == "" {
		return Operand{}, fmt.Errorf(`missing operand: compare with a number (200), a duration (300ms), a quoted string ("ok") or true/false`)
	}
	if strings.HasPrefix(s, `"`) {
		str, rest, err := cutQuoted(s)
		if err != nil {
			return Operand{}, fmt.Errorf("bad string %s: close the double quotes and use Go escapes (\\\" \\\\ \\n)", s)
		}
		if rest != "" {
			return Operand{}, fmt.Errorf("unexpected %q after the operand; a condition is SUBJECT OP OPERAND", rest)
		}
		return Operand{Kind: OperandString, Str: str}, nil
	}
	if strings.HasPrefix(s, "'") {
		return Operand{}, fmt.Errorf("strings in conditions take double quotes, not %s", s)
	}
	if i := strings.IndexAny(s, " \t"); i >= 0 {
		return Operand{}, fmt.Errorf("unexpected %q after the operand; a condition is SUBJECT OP OPERAND (quote strings)", strings.TrimSpace(s[i:]))
	}
	switch s {
	case "true", "false":
		return Operand{Kind: OperandBool, Bool: s == "true", Str: s}, nil
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return Operand{Kind: OperandNumber, Num: n, Str: s}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return Operand{Kind: OperandDuration, Duration: d, Num: d.Seconds(), Str: s}, nil
	}
	return Operand{}, fmt.Errorf(`bad operand %q: use a number (200), a duration (300ms, 1.5s, 2m), a double-quoted string ("ok") or true/false`, s)
}

// check decides whether the operator and operand make sense for the
// subject, and compiles regular expressions.
func check(c *Condition) error {
	s, op, o := c.Subject, c.Op, &c.Operand
	ordered := op == OpLt || op == OpLe || op == OpGt || op == OpGe
	textual := op == OpContains || op == OpNotContains || op == OpMatches

	switch {
	case op == OpMatches:
		if o.Kind != OperandString {
			return fmt.Errorf(`matches needs a double-quoted regular expression, e.g. %s matches "^v2\\."`, s)
		}
		re, err := regexp.Compile(o.Str)
		if err != nil {
			return fmt.Errorf("bad regular expression %q: %v", o.Str, reErr(err))
		}
		o.Kind, o.Re = OperandRegex, re
	case textual && o.Kind != OperandString:
		return fmt.Errorf(`%s needs a double-quoted string, e.g. %s %s "ok"`, op, s, op)
	case ordered && o.Kind != OperandNumber && o.Kind != OperandDuration:
		return fmt.Errorf("%s compares numbers or durations, not %s", op, kindName(o.Kind))
	}

	switch {
	case s.isTime():
		if o.Kind != OperandDuration && !(o.Kind == OperandNumber && o.Num == 0) {
			return fmt.Errorf("%s compares with a duration like 300ms or 1.5s, not %s", s, kindName(o.Kind))
		}
		if textual {
			return fmt.Errorf("%s is a duration: use ==, !=, <, <=, > or >=", s)
		}
		if o.Kind == OperandNumber {
			o.Kind = OperandDuration
		}
	case s.isNumber():
		if o.Kind != OperandNumber || textual {
			return fmt.Errorf("%s is a number: compare it with ==, !=, <, <=, > or >= and a number, e.g. %s", s, numberExample(s))
		}
	case s.isList():
		if !textual {
			return fmt.Errorf("%s is a list: use contains, !contains or matches (and count for how many)", s)
		}
	case s == SubjConnects:
		if o.Kind != OperandBool || (op != OpEq && op != OpNe) {
			return fmt.Errorf("connects is true or false: write connects == true")
		}
	case o.Kind == OperandBool && s != SubjJSON:
		return fmt.Errorf("%s is text: compare it with a double-quoted string, not %s", s, o.Str)
	case o.Kind == OperandDuration:
		return fmt.Errorf("%s is text: a duration operand only makes sense for latency and duration", s)
	}
	return nil
}

func reErr(err error) string {
	return strings.TrimPrefix(err.Error(), "error parsing regexp: ")
}

func numberExample(s Subject) string {
	switch s {
	case SubjExit:
		return "exit == 0"
	case SubjStatus:
		return "status == 200"
	case SubjCount:
		return "count > 0"
	case SubjDaysLeft:
		return "days_left > 14"
	}
	return "value > 100"
}

func kindName(k OperandKind) string {
	switch k {
	case OperandNumber:
		return "a number"
	case OperandDuration:
		return "a duration"
	case OperandString, OperandRegex:
		return "a string"
	case OperandBool:
		return "true/false"
	}
	return "that"
}

// defaultExpect holds the condition a kind is held to when its expect list
// is empty.
var defaultExpect = map[Kind]string{
	KindRun:        "exit == 0",
	KindHTTP:       "status < 400",
	KindTCP:        "connects == true",
	KindDNS:        "count > 0",
	KindTLS:        "days_left > 0",
	KindPrometheus: "count == 1",
}

// DefaultExpect returns the conditions a check of kind must meet when its
// expect list is empty: run exit == 0, http status < 400, tcp connects,
// dns at least one answer, tls days_left > 0 (verification of the chain
// and host name is implied unless insecure), prometheus exactly one value.
func DefaultExpect(kind Kind) []Condition {
	src, ok := defaultExpect[kind]
	if !ok {
		return nil
	}
	c, err := ParseCondition(src, Pos{})
	if err != nil {
		return nil
	}
	return []Condition{c}
}

// Conditions returns what c is held to: its expect list, or the default of
// its kind when the list is empty.
func (c *Check) Conditions() []Condition {
	if len(c.Expect) > 0 {
		return c.Expect
	}
	return DefaultExpect(c.Kind)
}
