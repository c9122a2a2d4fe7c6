package serve

// Refused names what the server refused, for audit.
type Refused string

// Everything the server refuses.
const (
	RefusedUnknownKey    Refused = "unknown-key"
	RefusedLockedOut     Refused = "locked-out"
	RefusedSessionCap    Refused = "session-cap"
	RefusedConnectionCap Refused = "connection-cap"
	RefusedNoPTY         Refused = "no-pty"
	RefusedExec          Refused = "exec"
	RefusedSubsystem     Refused = "subsystem"
	RefusedX11           Refused = "x11"
	RefusedAgent         Refused = "agent-forwarding"
	RefusedLocalForward  Refused = "local-forward"
	RefusedRemoteFwd     Refused = "remote-forward"
)

// Refusal is one refused attempt: what, from where, and by whom when the
// key was already known.
type Refusal struct {
	What       Refused
	RemoteAddr string
	// Person is empty before authentication.
	Person Person
	// Detail is the command, subsystem or forward target asked for, or the
	// refused key's fingerprint.
	Detail string
}
