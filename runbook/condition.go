package runbook

import (
	"regexp"
	"time"
)

// Subject is what a condition looks at.
type Subject string

// The condition subjects.
const (
	SubjExit     Subject = "exit"
	SubjStdout   Subject = "stdout"
	SubjStderr   Subject = "stderr"
	SubjValue    Subject = "value"
	SubjStatus   Subject = "status"
	SubjBody     Subject = "body"
	SubjLatency  Subject = "latency"
	SubjHeader   Subject = "header" // takes an argument: header "Name"
	SubjJSON     Subject = "json"   // takes an argument: json "path.to[0].field"
	SubjAnswers  Subject = "answers"
	SubjCount    Subject = "count"
	SubjDaysLeft Subject = "days_left"
	SubjDuration Subject = "duration"
	SubjIssuer   Subject = "issuer"
	SubjSubject  Subject = "subject"
	SubjSANs     Subject = "sans"
	SubjVersion  Subject = "version"
	SubjConnects Subject = "connects" // only used by the tcp default
)

// Op is a comparison operator.
type Op string

// The operators.
const (
	OpEq          Op = "=="
	OpNe          Op = "!="
	OpLt          Op = "<"
	OpLe          Op = "<="
	OpGt          Op = ">"
	OpGe          Op = ">="
	OpContains    Op = "contains"
	OpNotContains Op = "!contains"
	OpMatches     Op = "matches"
)

// OperandKind says how an operand was written.
type OperandKind int

// The operand kinds.
const (
	OperandNumber   OperandKind = iota // 200, 0.5, -1
	OperandDuration                    // 300ms, 1.5s
	OperandString                      // "ok" (Go escapes)
	OperandRegex                       // the string operand of matches, compiled
	OperandBool                        // true, false
)

// Operand is the right-hand side of a condition.
type Operand struct {
	Kind     OperandKind
	Num      float64
	Duration time.Duration
	Str      string
	Bool     bool
	Re       *regexp.Regexp
}

// Condition is one parsed `SUBJECT OP OPERAND` expression.
type Condition struct {
	Source  string  // the text as written, for reasons and reports
	Subject Subject // what is looked at
	Arg     string  // header name or json path, for those subjects
	Op      Op
	Operand Operand
	Pos     Pos
}

// String returns the condition as written.
func (c Condition) String() string { return c.Source }
