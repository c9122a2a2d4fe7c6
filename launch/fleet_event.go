package launch

// The events of a fleet step (a cutover step of kind ansible).
const (
	// FleetUpdate: Phase, ID. Body: FleetUpdateBody (attempt, one line of
	// the step's event stream: a play or batch, a task, a host's start or
	// result, the recap). Folded into the step's Item.Fleet. Batched in
	// the journal, like probe samples.
	FleetUpdate Type = "fleet"
	// HostChanged: Phase, ID. Body: HostChangedBody (attempt, the host,
	// its new checks.HostStatus, Ansible's message for a failed or
	// unreachable host). A task changed the
	// host's overall status; headless prints one line for each (CONTRACT:
	// `cutover deploy host web4 failed "message"`). The fold learns
	// nothing from it that the FleetUpdate before it did not say.
	HostChanged Type = "host"
)

// The actions only a fleet step offers.
const (
	// ActRetryFailed runs the playbook again with --limit set to the
	// failed and unreachable hosts alone.
	ActRetryFailed Action = "retry_failed"
	// ActRetryRest runs the playbook again, after a crash mid-playbook,
	// on the hosts that had not finished.
	ActRetryRest Action = "retry_rest"
)

// The decisions only a fleet step asks for.
const (
	// DecideFleetFailed: a fleet step failed (on_failure = "ask").
	DecideFleetFailed DecisionKind = "fleet_failed"
	// DecideFleetInterrupted: a fleet step was running when the driver
	// died; some hosts may have finished.
	DecideFleetInterrupted DecisionKind = "fleet_interrupted"
)
