package ballot

import "time"

// Vote is a ballot the tally accepted, as the journal should record it
// and the report show it: who it counted for, who proved it and how, when,
// and which gate conditions it saw.
type Vote struct {
	Name       string    `json:"name"`            // the approver it counts for (person or label)
	Label      string    `json:"label,omitempty"` // the name given, when it differs from Name
	Identity   string    `json:"identity"`        // the proven identity: "os_user bob", "ssh-key SHA256:...", "auto alice"
	OSUser     string    `json:"os_user,omitempty"`
	UID        int       `json:"uid"`           // -1 when no uid was proven
	Key        string    `json:"key,omitempty"` // SHA256 fingerprint (ssh-key proof)
	Proof      Proof     `json:"proof"`
	NoGo       bool      `json:"no_go,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	At         time.Time `json:"at"`
	Generation int       `json:"generation"` // the gate conditions generation the vote saw
	// Conditions are the gate's unmet conditions when the vote was cast,
	// as the engine words them (empty: all were met). The tally leaves
	// them as the engine gave them.
	Conditions []string `json:"conditions,omitempty"`
}

// identityOf words the proven identity of a ballot; ok is false when the
// ballot proves none (a server bug, refused as a bad request).
func identityOf(b Ballot) (string, bool) {
	switch {
	case b.Proof.osUserProof() && b.OSUser != "":
		return "os_user " + b.OSUser, true
	case b.Proof == ProofSSHKey && b.Key != "":
		return "ssh-key " + b.Key, true
	case b.Proof == ProofAuto && b.Label != "":
		return "auto " + b.Label, true
	}
	return "", false
}

// driverIdentity words the driver's identity as identityOf would.
func driverIdentities(d Driver) []string {
	var ids []string
	if d.OSUser != "" {
		ids = append(ids, "os_user "+d.OSUser)
	}
	if d.Key != "" {
		ids = append(ids, "ssh-key "+d.Key)
	}
	return ids
}
