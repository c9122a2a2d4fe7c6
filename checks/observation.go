package checks

import (
	"fmt"
	"net/http"
	"time"

	"golive/runbook"
)

// Observation is everything one attempt of a check saw, so conditions
// (expect, and a probe's warn and crit) can be evaluated on it afterwards.
// Fields a kind does not observe stay at their zero value and their Has
// flag (where there is one) is false.
type Observation struct {
	Kind runbook.Kind

	// run
	HasExit  bool
	Exit     int
	Stdout   string // at most MaxCapture bytes, escapes stripped with a PTY
	Stderr   string // at most MaxCapture bytes; empty with a PTY
	TimedOut bool

	// value: run (first number printed), http (from the body), prometheus.
	Value    *float64
	ValueErr string // why there is no value, e.g. "no number in output"

	// http
	HasStatus bool
	Status    int
	Body      string // at most MaxCapture bytes
	Header    http.Header

	// tcp
	Connected bool

	// dns
	Answers  []string
	Answered bool // the lookup got an answer (possibly empty)

	// tls
	HasCert   bool
	DaysLeft  int
	NotAfter  time.Time
	Issuer    string
	Subject   string
	SANs      []string
	Version   string
	Verified  bool   // the chain and host name verified
	VerifyErr string // why they did not, when they did not

	// prometheus
	Series int // number of series the query returned

	// ansible: every host and its results; count is the hosts that
	// changed (in check mode: that would change).
	Fleet *Fleet

	// Latency is how long the target took to answer (http, tcp, dns, tls,
	// prometheus); Duration is how long the attempt took as a whole.
	Latency    time.Duration
	HasLatency bool
	Duration   time.Duration

	// Mask, when set, hides secrets in observed text. A reason that
	// quotes what was seen masks it first: quoting escapes the secret and
	// the reason shortens the quote, and a secret cut in two is no
	// longer recognisable to a masker that runs on the reason afterwards.
	Mask func(string) string

	invalid bool // the check is wrong in itself (a bad URL, an unknown type)
}

// MaxCapture bounds how much of stdout, stderr or an HTTP body is kept for
// conditions. The output itself streams to the Options' writers whole.
const MaxCapture = 4 << 20

// invalidCheck is the observation of a check that cannot be run as
// written: it is an Error, and no retry is made.
func invalidCheck(kind runbook.Kind, format string, args ...any) (*Observation, Status, string) {
	return &Observation{Kind: kind, invalid: true}, Error, fmt.Sprintf(format, args...)
}
