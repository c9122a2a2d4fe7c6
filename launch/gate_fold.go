package launch

import "golive/ballot"

// applyVote folds one Vote event. A vote journaled with its Ballot record
// is kept whole; an older journal's vote (name, OS user, auto) is read as
// the record it would have been, at the generation it was folded in
// (older journals had none: their votes counted whatever came after).
func (g *GateState) applyVote(e Event, vb VoteBody) {
	if vb.Ballot == nil {
		for _, v := range g.Votes {
			if v.Name == vb.Who {
				return // older journals kept the first vote of a name
			}
		}
		v := VoteRec{Name: vb.Who, OSUser: vb.OSUser, At: e.Time, Auto: vb.Auto, UID: -1, Proof: ballot.ProofKernel, Identity: "os_user " + vb.OSUser}
		if vb.Auto || vb.OSUser == "" {
			v.Proof, v.Identity = ballot.ProofAuto, "auto "+vb.Who
		}
		v.Generation, v.Counted, v.bare = g.Generation, true, true
		g.Votes = append(g.Votes, v)
		return
	}
	b := vb.Ballot
	g.Refusal = "" // a vote counted: an earlier refusal is history
	g.Votes = append(g.Votes, VoteRec{
		Name: b.Name, OSUser: b.OSUser, At: b.At, Auto: b.Proof == ballot.ProofAuto,
		Label: b.Label, Identity: b.Identity, UID: b.UID, Key: b.Key, Proof: b.Proof,
		NoGo: b.NoGo, Reason: b.Reason, Generation: b.Generation,
		Conditions: append([]string(nil), b.Conditions...),
		Counted:    !b.NoGo && b.Generation == g.Generation,
	})
}

// conditionsChanged starts a new generation of the gate's conditions: the
// GO votes cast so far no longer count.
func (g *GateState) conditionsChanged() {
	g.Generation++
	for i := range g.Votes {
		g.Votes[i].Counted = g.Votes[i].bare
	}
}

// ballotVotes are the accepted votes as the tally reads them.
func ballotVotes(st *State) []ballot.Vote {
	out := make([]ballot.Vote, 0, len(st.Gate.Votes))
	for _, v := range st.Gate.Votes {
		out = append(out, ballot.Vote{
			Name: v.Name, Label: v.Label, Identity: v.Identity, OSUser: v.OSUser, UID: v.UID, Key: v.Key,
			Proof: v.Proof, NoGo: v.NoGo, Reason: v.Reason, At: v.At, Generation: v.Generation,
			Conditions: v.Conditions,
		})
	}
	return out
}

// gateTally counts the fold's votes under the runbook's rules for the
// driver, at the gate's current generation.
func gateTally(st *State, r ballot.Rules, d ballot.Driver) ballot.Status {
	return ballot.Count(r, d, st.Gate.Generation, ballotVotes(st))
}
