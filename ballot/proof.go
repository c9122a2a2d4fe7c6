package ballot

// Proof says how the identity behind a vote was established. It is
// recorded with every vote so the report can tell a kernel-proven vote
// from one typed at the driver's keyboard.
type Proof string

// The ways an identity is proven.
const (
	// ProofKernel: the kernel reported the peer's uid on the voting
	// socket (SO_PEERCRED); `golive approve` on this host.
	ProofKernel Proof = "kernel"
	// ProofSSHKey: the voter authenticated to `golive serve` with a
	// public key; the identity is the key's fingerprint.
	ProofSSHKey Proof = "ssh-key"
	// ProofTypedInDriverCockpit: the name was typed in the driver's own
	// cockpit; the only proven identity is the driver's OS user.
	ProofTypedInDriverCockpit Proof = "typed-in-driver-cockpit"
	// ProofAuto: cast by --yes with --approver NAME on the command line;
	// the driver vouches for the name, recorded as such.
	ProofAuto Proof = "auto"
)

// osUserProof reports whether the proof establishes an OS user (as
// opposed to a key or nothing at all).
func (p Proof) osUserProof() bool {
	return p == ProofKernel || p == ProofTypedInDriverCockpit
}
