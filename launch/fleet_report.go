package launch

import (
	"golive/checks"
)

// ReportFleet is a fleet step's hosts in the report: one row per host,
// and the lists later steps and rollback were given.
type ReportFleet struct {
	Summary string       `json:"summary"`
	Changed []string     `json:"changed_hosts"` // GOLIVE_CHANGED_HOSTS
	Failed  []string     `json:"failed_hosts"`  // GOLIVE_FAILED_HOSTS
	Hosts   []ReportHost `json:"hosts"`
}

// ReportHost is one host of a fleet step.
type ReportHost struct {
	Host       string `json:"host"`
	Status     string `json:"status"` // ok|changed|failed|unreachable|skipped|pending
	Changed    bool   `json:"changed"`
	Tasks      int    `json:"tasks"` // task results received, every attempt
	FailedTask string `json:"failed_task,omitempty"`
	Message    string `json:"message,omitempty"`
	DurationMS int64  `json:"duration_ms"`
}

// reportFleet is f as the report shows it (nil for a step with no hosts).
func reportFleet(f *checks.Fleet) *ReportFleet {
	if f == nil {
		return nil
	}
	r := &ReportFleet{Summary: f.Summary(), Changed: nonNil(f.ChangedHosts()), Failed: nonNil(f.FailedHosts()), Hosts: []ReportHost{}}
	for _, h := range f.Hosts {
		row := ReportHost{Host: h.Name, Status: string(h.Status), Changed: h.Changed, Tasks: len(h.Results),
			FailedTask: h.FailedTask, Message: h.Msg}
		if !h.Started.IsZero() && h.Updated.After(h.Started) {
			row.DurationMS = h.Updated.Sub(h.Started).Milliseconds()
		}
		r.Hosts = append(r.Hosts, row)
	}
	return r
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// writeFleetMD writes a host table for each fleet step of the cutover.
func writeFleetMD(p func(string, ...any), r Report) {
	for _, s := range r.Steps {
		if s.Phase != PhaseCutover || s.Fleet == nil {
			continue
		}
		f := s.Fleet
		p("\n### Hosts of step %s\n\n%s\n\n", md(s.Name), md(f.Summary))
		p("| Host | Status | Changed | Tasks | Duration | Failed task | Message |\n|---|---|---|---|---|---|---|\n")
		for _, h := range f.Hosts {
			changed := "no"
			if h.Changed {
				changed = "yes"
			}
			ms := h.DurationMS
			p("| %s | %s | %s | %d | %s | %s | %s |\n", cell(h.Host), h.Status, changed, h.Tasks,
				durCell(&ms), cell(h.FailedTask), cell(h.Message))
		}
	}
}
