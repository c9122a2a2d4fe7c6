package launch

import (
	"fmt"
	"strconv"
	"strings"

	"golive/checks"
	"golive/runbook"
)

// failedKind is the decision a failed cutover step asks for: a fleet step
// offers a retry of its failed hosts besides the usual choices.
func failedKind(s *runbook.Step) DecisionKind {
	if s.Ansible != nil {
		return DecideFleetFailed
	}
	return DecideFailed
}

// interruptedFleet says which hosts of a fleet step interrupted by a
// crash had finished and which a retry of the rest would cover.
func interruptedFleet(id string, f *checks.Fleet) string {
	if f == nil || len(f.Hosts) == 0 {
		return fmt.Sprintf("step %s was interrupted before any host reported: outcome unknown", id)
	}
	done, rest := f.Finished(), f.Interrupted()
	return fmt.Sprintf("step %s was interrupted mid-playbook: %d of %d hosts finished (%s); not finished: %s",
		id, len(done), len(f.Hosts), hostList(done), hostList(rest))
}

// hostList names hosts for a reason line, at most ten of them.
func hostList(hosts []string) string {
	switch {
	case len(hosts) == 0:
		return "none"
	case len(hosts) > 10:
		return strings.Join(hosts[:10], ", ") + fmt.Sprintf(" and %d more", len(hosts)-10)
	}
	return strings.Join(hosts, ", ")
}

// hostDetail is the DETAIL of a HostChanged line (CONTRACT):
// `web4 failed "message"`, the message only for a failed or unreachable
// host that has one.
func hostDetail(b HostChangedBody) string {
	d := field(b.Host) + " " + field(string(b.Status))
	if b.Reason != "" && b.Status.Bad() {
		d += " " + strconv.Quote(plain(b.Reason))
	}
	return d
}
