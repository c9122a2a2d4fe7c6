// Package runbook defines the launch runbook: its TOML schema, strict
// loading with exact source positions, validation, variables and the
// condition language used by checks, probes and verify blocks.
//
// Everything in this package is plain data: a loaded Runbook is never
// mutated after Load returns, so it may be shared between goroutines.
package runbook

import "time"

// Runbook is a loaded, validated and variable-expanded launch runbook.
type Runbook struct {
	Path string // the file it was loaded from, as given
	Dir  string // the directory steps run in (launch.workdir, else the runbook's directory)
	Hash string // sha256 of the source bytes, hex; resume compares it

	Launch    Launch
	Env       []EnvVar // [env], in source order, ${VAR} expanded
	Rehearsal Rehearsal
	Preflight []*Check
	Gate      Gate // always set: defaults apply when [gate] is absent
	Cutover   []*Step
	Monitor   *Monitor // nil when there is no [monitor]
	Notify    []*Notify
	People    []*Person // [[people]], in source order; empty: approvers are labels

	// Rehearse records whether the rehearsal overlay was applied at load.
	Rehearse bool
	// Params are --set NAME=VALUE launch parameters applied at load, in
	// the order given.
	Params []EnvVar

	// Warnings are doubts about a valid runbook that may still be fine
	// where it runs (a secret defined nowhere here, a missing workdir or
	// shell). validate prints them and exits 0.
	Warnings Problems
}

// EnvVar is one exported variable.
type EnvVar struct {
	Name  string
	Value string
}

// DefaultScrollback is how many rendered lines an output pane keeps per
// step; the step's log on disk always has everything.
const DefaultScrollback = 10000

// Launch is the [launch] table.
type Launch struct {
	Name             string
	Title            string // defaults to Name
	Owner            string
	Window           *Window
	Freeze           []Freeze
	Approvers        []string
	Quorum           int // defaults to 1
	SeparateApprover bool
	Shell            string // defaults to /bin/sh
	MaxParallel      int    // defaults to 8
	Scrollback       int    // lines each output pane keeps; defaults to DefaultScrollback
	Secrets          []string
	MaskEnv          bool   // defaults to true
	Workdir          string // absolute after load
	Pos              Pos
	ShellPos         Pos // where shell is written (Pos when it is not)
	WorkdirPos       Pos // where workdir is written (Pos when it is not)
}

// Window is the deployment window.
type Window struct {
	Start, End time.Time
	Pos        Pos
}

// Freeze is a period in which no launch may cut over.
type Freeze struct {
	Start, End time.Time
	Reason     string
	Pos        Pos
}

// Rehearsal is the [rehearsal] table.
type Rehearsal struct {
	Env []EnvVar // overlay applied with --rehearse, ${VAR} expanded
}

// Kind names the one thing a check does.
type Kind string

// The check kinds.
const (
	KindRun        Kind = "run"
	KindHTTP       Kind = "http"
	KindTCP        Kind = "tcp"
	KindDNS        Kind = "dns"
	KindTLS        Kind = "tls"
	KindPrometheus Kind = "prometheus"
)

// Check is a pre-flight check, a monitor probe or a step's verify block.
// Exactly one of Run, HTTP, TCP, DNS, TLS, Prometheus is set, named by Kind.
type Check struct {
	ID   string
	Name string // defaults to ID
	Kind Kind

	Run        string // shell command, run as SHELL -c Run
	HTTP       *HTTPCheck
	TCP        string // "host:port"
	DNS        *DNSCheck
	TLS        *TLSCheck
	Prometheus *PrometheusCheck
	Ansible    *Ansible // a playbook run; see ansible.go
	MaxFail    MaxFail  // ansible only: failed or unreachable hosts allowed

	Expect  []Condition // empty: the kind's default applies (see DefaultExpect)
	Retry   Retry       // Attempts >= 1 always
	Timeout time.Duration
	PTY     bool   // resolved: explicit pty, else false for checks
	Workdir string // absolute

	// Probe-only fields (zero on pre-flight checks and verify blocks).
	Warn  *Condition
	Crit  *Condition
	Every time.Duration // 0: the monitor interval applies

	// Description is Markdown for the operator: what the check proves,
	// what to look for, who to call.
	Description string

	Pos Pos // position of the check's table header
}

// HTTPCheck is an http check.
type HTTPCheck struct {
	URL             string
	Method          string // defaults to GET
	Headers         map[string]string
	Body            string
	Insecure        bool
	FollowRedirects bool // defaults to true
}

// DNSCheck is a dns check.
type DNSCheck struct {
	Name   string
	Type   string // A (default), AAAA, CNAME, TXT, MX, NS, SRV
	Server string // "host:port"; empty: the system resolver
}

// TLSCheck is a tls check.
type TLSCheck struct {
	Address    string // "host:port"
	ServerName string // defaults to the host of Address
	Insecure   bool
}

// PrometheusCheck is an instant query against a Prometheus server.
type PrometheusCheck struct {
	URL   string
	Query string
}

// Retry turns a check into wait-until: up to Attempts tries, Interval apart.
type Retry struct {
	Attempts int // >= 1
	Interval time.Duration
}

// Policy values of on_failure and on_timeout.
const (
	OnAsk      = "ask"
	OnRollback = "rollback"
	OnAbort    = "abort"
	OnContinue = "continue"
	OnFail     = "fail"
	OnWait     = "wait"
)

// Step is a cutover step. A step either runs a command (Run) or is a manual
// checklist (Manual); Run may be empty on a pure checklist step.
type Step struct {
	ID          string
	Name        string // defaults to ID
	Run         string
	Rollback    string // command that undoes Run; empty: nothing to undo
	Manual      []string
	Confirm     bool
	Timeout     time.Duration // 0: no timeout
	Grace       time.Duration // defaults to 10s
	OnTimeout   string        // ask (default) | fail
	OnFailure   string        // ask (default) | rollback | abort | continue
	Verify      *Check
	Expect      []Condition // conditions on the step's own run (default exit == 0)
	PTY         bool        // resolved: explicit pty, else true
	Interactive bool
	Background  bool
	Rehearse    bool // defaults to true; false: shown but not run under --rehearse
	// RehearseCheck (rehearse = "check", ansible steps only) runs the
	// playbook in --check --diff mode under --rehearse.
	RehearseCheck bool
	Ansible       *Ansible // a fleet step: Run is empty; see ansible.go
	MaxFail       MaxFail  // ansible only: failed or unreachable hosts allowed
	Workdir       string
	Description   string // Markdown: what it does, what to look for, who to call
	Pos           Pos

	// Stages, when set, make the step a staged switch: Run runs once per
	// stage with GOLIVE_STAGE and GOLIVE_STAGE_INDEX in its environment,
	// and Analysis (when set) watches the monitor probes after each stage
	// but the last. OnBreach is rollback (default) or ask.
	Stages   []string
	Analysis *Analysis
	OnBreach string
}

// Gate is the go/no-go gate.
type Gate struct {
	Prompt      string        // defaults to "Proceed with the cutover?"
	Timeout     time.Duration // 0: none
	OnTimeout   string        // abort (default) | wait
	MaxCheckAge time.Duration // 0: results never expire
	Present     bool          // whether the runbook had a [gate] table
	Pos         Pos
}

// Monitor is the soak after the cutover.
type Monitor struct {
	Duration      time.Duration
	Interval      time.Duration // defaults to 10s
	RollbackAfter int           // defaults to 3
	// AutoRollback rolls back by itself once a rollback is recommended,
	// after AutoRollbackDelay (default 30s) unless the driver cancels.
	AutoRollback      bool
	AutoRollbackDelay time.Duration
	// AfterRollback is how long the probes run again after a rollback, to
	// tell whether the old system is healthy (default 1m; 0 turns it off).
	AfterRollback time.Duration
	Probes        []*Check
	Pos           Pos
}

// Notify is one notification target.
type Notify struct {
	On      []string // event names; empty: all notifiable events
	Webhook string
	Run     string
	Pos     Pos
}

// Pos is a place in the runbook source. Line and Col are 1-based; Col 0
// means the column is not known.
type Pos struct {
	File string
	Line int
	Col  int
}

// IDs returns every id in the runbook in phase order: pre-flight checks,
// cutover steps, then probes.
func (r *Runbook) IDs() []string {
	var ids []string
	for _, c := range r.Preflight {
		ids = append(ids, c.ID)
	}
	for _, s := range r.Cutover {
		ids = append(ids, s.ID)
	}
	if r.Monitor != nil {
		for _, p := range r.Monitor.Probes {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// Title returns the launch title, falling back to its name.
func (r *Runbook) Title() string {
	if r.Launch.Title != "" {
		return r.Launch.Title
	}
	return r.Launch.Name
}
