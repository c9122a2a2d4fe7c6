package checks

import (
	"encoding/json"
	"math"
	"time"
)

// FleetEventKind names what a line of golive's Ansible callback reports.
type FleetEventKind string

// The fleet event kinds, one per callback the plugin implements.
const (
	FleetPlay   FleetEventKind = "play"   // a play (or, with serial, one batch of it) starts
	FleetTask   FleetEventKind = "task"   // a task (or handler) starts
	FleetStart  FleetEventKind = "start"  // a task starts on one host
	FleetResult FleetEventKind = "result" // one host's result of one task
	FleetStats  FleetEventKind = "stats"  // the play recap: final counts per host
)

// HostStatus is where one host stands in a fleet run.
type HostStatus string

// The host statuses. Pending hosts have no result yet; the others are
// Ansible's own words for a task result, and for a host's overall state.
const (
	HostPending     HostStatus = "pending"
	HostOK          HostStatus = "ok"
	HostChanged     HostStatus = "changed"
	HostFailed      HostStatus = "failed"
	HostUnreachable HostStatus = "unreachable"
	HostSkipped     HostStatus = "skipped"
)

// HostStatuses lists every status in the order summaries show them.
var HostStatuses = []HostStatus{HostOK, HostChanged, HostFailed, HostUnreachable, HostSkipped, HostPending}

// Bad reports whether the status counts against a failure budget.
func (s HostStatus) Bad() bool { return s == HostFailed || s == HostUnreachable }

// HostStats are one host's counts from the play recap.
type HostStats struct {
	OK          int `json:"ok"`
	Changed     int `json:"changed"`
	Failures    int `json:"failures"`
	Unreachable int `json:"unreachable"`
	Skipped     int `json:"skipped"`
	Rescued     int `json:"rescued"`
	Ignored     int `json:"ignored"`
}

// FleetEvent is one line of the event stream. It is also the record the
// journal keeps per host and task: plain data, JSON as the plugin wrote it.
type FleetEvent struct {
	Kind FleetEventKind `json:"ev"`
	T    float64        `json:"t"` // Unix seconds, as Ansible's controller saw it

	// play
	Play    string   `json:"play,omitempty"`
	Batch   int      `json:"batch,omitempty"`   // 1-based batch of the play (serial)
	Batches int      `json:"batches,omitempty"` // how many batches the play has
	Hosts   []string `json:"hosts,omitempty"`   // the hosts of this batch
	All     []string `json:"all,omitempty"`     // every host the play targets (first batch only)

	// task, start, result
	Task    string     `json:"task,omitempty"`
	Handler bool       `json:"handler,omitempty"`
	Host    string     `json:"host,omitempty"`
	Status  HostStatus `json:"status,omitempty"`
	Changed bool       `json:"changed,omitempty"`
	Msg     string     `json:"msg,omitempty"`
	Ignored bool       `json:"ignored,omitempty"` // a failure under ignore_errors

	// stats
	Stats map[string]HostStats `json:"stats,omitempty"`
}

// Time is when the event happened.
func (e FleetEvent) Time() time.Time {
	sec, frac := math.Modf(e.T)
	return time.Unix(int64(sec), int64(frac*1e9))
}

// ParseFleetEvent reads one line of the stream.
func ParseFleetEvent(line []byte) (FleetEvent, error) {
	var e FleetEvent
	err := json.Unmarshal(line, &e)
	return e, err
}
