package ballot

import "golive/runbook"

// Rules are the parts of a runbook that say who may vote and how many
// votes open the gate.
type Rules struct {
	// People are the runbook's [[people]]. When there are any, a vote
	// counts for the person its proven identity maps to; when there are
	// none, approver names are labels and identities are counted instead.
	People []*runbook.Person
	// Approvers are launch.approvers: people (with People) or labels.
	// Empty with People: every person with the approver role may vote.
	// Empty without People: anyone may vote under any label.
	Approvers []string
	// Quorum is how many distinct proven identities must say GO (>= 1).
	Quorum int
	// SeparateApprover: the driver's own identity never counts.
	SeparateApprover bool
}

// RulesOf takes the voting rules from a loaded runbook.
func RulesOf(rb *runbook.Runbook) Rules {
	return Rules{
		People:           rb.People,
		Approvers:        rb.Launch.Approvers,
		Quorum:           max(rb.Launch.Quorum, 1),
		SeparateApprover: rb.Launch.SeparateApprover,
	}
}

// Driver is who drives the launch, as proven when it started: the OS user
// of the driving process, or the key of the SSH session that drives it.
type Driver struct {
	OSUser string
	Key    string // SHA256 fingerprint; empty when driven on this host
}

// withPeople reports whether approvers are people rather than labels.
func (r Rules) withPeople() bool { return len(r.People) > 0 }

func (r Rules) person(name string) *runbook.Person {
	for _, p := range r.People {
		if p.Name == name {
			return p
		}
	}
	return nil
}

// provenPerson is the person a ballot's proven identity maps to, or nil.
func (r Rules) provenPerson(b Ballot) *runbook.Person {
	for _, p := range r.People {
		switch {
		case b.Proof.osUserProof() && p.OSUser != "" && p.OSUser == b.OSUser:
			return p
		case b.Proof == ProofSSHKey && hasKey(p, b.Key):
			return p
		case b.Proof == ProofAuto && p.Name == b.Label:
			return p
		}
	}
	return nil
}

// driverPerson is the person who drives, or nil.
func (r Rules) driverPerson(d Driver) *runbook.Person {
	for _, p := range r.People {
		if (d.OSUser != "" && p.OSUser == d.OSUser) || (d.Key != "" && hasKey(p, d.Key)) {
			return p
		}
	}
	return nil
}

// mayApprove reports whether a person is one of the approvers.
func (r Rules) mayApprove(p *runbook.Person) bool {
	if !p.Has(runbook.RoleApprover) {
		return false
	}
	return len(r.Approvers) == 0 || contains(r.Approvers, p.Name)
}

func hasKey(p *runbook.Person, fp string) bool {
	if fp == "" {
		return false
	}
	for _, k := range p.SSHKeys {
		if k.Fingerprint == fp {
			return true
		}
	}
	return false
}

func contains(xs []string, x string) bool {
	for _, s := range xs {
		if s == x {
			return true
		}
	}
	return false
}
