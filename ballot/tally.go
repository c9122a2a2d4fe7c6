package ballot

import (
	"fmt"
	"strings"
)

// Status is the tally of the votes at one gate conditions generation.
type Status struct {
	Counted []Vote   // GO votes that count now, oldest first, one per identity
	Stale   []Vote   // GO votes cast before the conditions last changed
	NoGo    *Vote    // the NO-GO that closed the gate, if any
	Needed  int      // GO votes still needed for the quorum
	Open    bool     // quorum reached and no NO-GO
	MayVote []string // approvers who may still vote; empty without a list
}

// Count tallies accepted votes (as journaled, oldest first) at generation
// gen. GO votes from an older generation no longer count: the gate's
// conditions changed after they were cast. A NO-GO counts whatever its
// generation, because it closed the gate.
func Count(r Rules, d Driver, gen int, votes []Vote) Status {
	var s Status
	seen := map[string]bool{}
	for i := range votes {
		v := votes[i]
		switch {
		case v.NoGo:
			if s.NoGo == nil {
				s.NoGo = &v
			}
		case v.Generation < gen:
			s.Stale = append(s.Stale, v)
		case !seen[r.countKey(v)]:
			seen[r.countKey(v)] = true
			s.Counted = append(s.Counted, v)
		}
	}
	s.Needed = max(max(r.Quorum, 1)-len(s.Counted), 0)
	s.Open = s.Needed == 0 && s.NoGo == nil
	s.MayVote = r.mayStillVote(d, s.Counted)
	return s
}

// countKey is what makes two votes one: the person with [[people]], the
// proven identity without.
func (r Rules) countKey(v Vote) string {
	if r.withPeople() {
		return "person " + v.Name
	}
	return v.Identity
}

// Voters lists the approvers: the people who may vote GO at the gate (or
// the labels, without [[people]]).
func (r Rules) Voters() []string { return r.mayStillVote(Driver{}, nil) }

// mayStillVote lists the approvers whose GO would still count.
func (r Rules) mayStillVote(d Driver, counted []Vote) []string {
	done := map[string]bool{}
	for _, v := range counted {
		done[v.Name] = true
	}
	var names []string
	if r.withPeople() {
		drv := r.driverPerson(d)
		for _, p := range r.People {
			if r.mayApprove(p) && !done[p.Name] && !(r.SeparateApprover && p == drv) {
				names = append(names, p.Name)
			}
		}
		return names
	}
	for _, n := range r.Approvers {
		if !done[n] {
			names = append(names, n)
		}
	}
	return names
}

// Decision is what the tally makes of one new ballot.
type Decision struct {
	Accepted bool
	Vote     Vote   // the vote to journal, when Accepted
	Status   Status // the tally with the vote (without it when refused)
	Answer   Answer // what to tell the voter
}

// Decide says whether ballot b counts, given the rules, the driver, the
// current gate conditions generation and the votes accepted so far. It is
// a pure function: the engine journals Vote when Accepted and replies
// with Answer either way.
func Decide(r Rules, d Driver, gen int, votes []Vote, b Ballot) Decision {
	before := Count(r, d, gen, votes)
	refuse := func(why Refusal, format string, args ...any) Decision {
		return Decision{Status: before, Answer: Answer{
			Refusal: why, Needed: before.Needed, Open: before.Open, Closed: before.NoGo != nil,
			Message: fmt.Sprintf(format, args...),
		}}
	}
	id, ok := identityOf(b)
	if !ok {
		return refuse(RefuseBadRequest, "the vote carries no proven identity (proof %q)", b.Proof)
	}
	if before.NoGo != nil {
		return refuse(RefuseNoGate, "the gate is already closed by a NO-GO from %s (%s)", before.NoGo.Name, before.NoGo.Reason)
	}
	if b.NoGo && strings.TrimSpace(b.Reason) == "" {
		return refuse(RefuseNoReason, `a NO-GO needs a reason: add --no-go "WHY"`)
	}
	name, why, msg := r.whoVotes(b, id)
	if why != "" {
		return refuse(why, "%s", msg)
	}
	v := Vote{
		Name: name, Identity: id, OSUser: b.OSUser, UID: b.UID, Key: b.Key, Proof: b.Proof,
		NoGo: b.NoGo, Reason: b.Reason, At: b.At, Generation: gen,
	}
	if b.Label != "" && b.Label != name {
		v.Label = b.Label
	}
	if !b.NoGo {
		if r.SeparateApprover && r.isDriver(d, b, id) {
			return refuse(RefuseDriver, "%s drives this launch and separate_approver is set: another approver must say GO", id)
		}
		for _, c := range before.Counted {
			if r.countKey(c) != r.countKey(v) {
				continue
			}
			if c.Name == v.Name {
				return refuse(RefuseAlreadyVoted, "%s already voted GO (%s, at %s); %s", name, c.Identity, c.At.UTC().Format("15:04:05Z"), before.Needs())
			}
			return refuse(RefuseAlreadyVoted, "%s already voted GO as %s: one identity counts once, whatever the name; %s", id, c.Name, before.Needs())
		}
	}
	after := Count(r, d, gen, append(append([]Vote(nil), votes...), v))
	a := Answer{Accepted: true, CountedAs: name, Identity: id, Needed: after.Needed, Open: after.Open, Closed: after.NoGo != nil}
	if b.NoGo {
		a.Message = fmt.Sprintf("NO-GO recorded for %s (%s, proven by %s): the gate is closed: %s", name, id, b.Proof, b.Reason)
	} else {
		a.Message = fmt.Sprintf("GO counted for %s (%s, proven by %s); %s", name, id, b.Proof, after.Needs())
	}
	return Decision{Accepted: true, Vote: v, Status: after, Answer: a}
}

// whoVotes finds the approver a ballot counts for, or why it counts for
// nobody.
func (r Rules) whoVotes(b Ballot, id string) (string, Refusal, string) {
	if r.withPeople() {
		p := r.provenPerson(b)
		named := r.person(b.Label)
		switch {
		case p == nil && b.Label == "":
			return "", RefuseNotApprover, fmt.Sprintf("%s is none of the [[people]] of this runbook", id)
		case p == nil && named == nil:
			return "", RefuseNotApprover, fmt.Sprintf("nobody called %q is among the [[people]] of this runbook (and %s proves none of them)", b.Label, id)
		case p == nil:
			return "", RefuseIdentity, fmt.Sprintf("%s does not prove %s (%s is proven by %s)", id, named.Name, named.Name, proofWords(named.OSUser))
		case b.Label != "" && b.Label != p.Name:
			return "", RefuseIdentity, fmt.Sprintf("you are %s, which proves %s, not %s", id, p.Name, b.Label)
		case !r.mayApprove(p):
			return "", RefuseNotApprover, fmt.Sprintf("%s is not an approver of this launch%s", p.Name, listWords(r.Approvers))
		}
		return p.Name, "", ""
	}
	name := b.Label
	if name == "" && len(r.Approvers) > 0 && b.Proof.osUserProof() && contains(r.Approvers, b.OSUser) {
		name = b.OSUser
	}
	switch {
	case name == "" && len(r.Approvers) > 0:
		return "", RefuseNeedsName, fmt.Sprintf("say which approver you are with --as NAME%s", listWords(r.Approvers))
	case name == "":
		name = strings.TrimPrefix(strings.TrimPrefix(id, "os_user "), "ssh-key ")
	case len(r.Approvers) > 0 && !contains(r.Approvers, name):
		return "", RefuseNotApprover, fmt.Sprintf("%q is not an approver of this launch%s", name, listWords(r.Approvers))
	}
	return name, "", ""
}

// isDriver reports whether the ballot comes from the driver's identity
// (or, with people, from the person who drives).
func (r Rules) isDriver(d Driver, b Ballot, id string) bool {
	if contains(driverIdentities(d), id) {
		return true
	}
	if r.withPeople() {
		drv := r.driverPerson(d)
		return drv != nil && drv == r.provenPerson(b)
	}
	return false
}

// Needs words what the gate still needs from voters, for the gate screen
// and the headless line: "the quorum is reached", or how many more GO
// votes and who may still cast them.
func (s Status) Needs() string {
	switch {
	case s.NoGo != nil:
		return fmt.Sprintf("closed by a NO-GO from %s: %s", s.NoGo.Name, s.NoGo.Reason)
	case s.Open:
		return "the quorum is reached"
	case len(s.MayVote) > 0:
		return fmt.Sprintf("%d more GO needed (may still vote: %s)", s.Needed, strings.Join(s.MayVote, ", "))
	}
	return fmt.Sprintf("%d more GO needed", s.Needed)
}

func listWords(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return " (approvers: " + strings.Join(names, ", ") + ")"
}

func proofWords(osUser string) string {
	if osUser == "" {
		return "an SSH key only"
	}
	return "os_user " + osUser
}
