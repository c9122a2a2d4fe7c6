package launch

import (
	"time"

	"golive/ballot"
)

// kernelBallot is a vote as the voting socket hands it over: the OS user
// proven by the kernel, the name claimed.
func kernelBallot(as, osUser string, uid int) *ballot.Ballot {
	return &ballot.Ballot{Label: as, UID: uid, OSUser: osUser, Proof: ballot.ProofKernel, At: time.Now().UTC()}
}

// vote casts a proven ballot with CmdVote and returns the engine's answer.
func (r *rig) vote(b *ballot.Ballot) ballot.Answer {
	r.t.Helper()
	reply := make(chan ballot.Answer, 1)
	r.e.Send(Command{Kind: CmdVote, Ballot: b, Reply: reply})
	select {
	case a := <-reply:
		return a
	case <-time.After(waitLimit):
		r.t.Fatalf("no answer to the vote; events:\n%s", r.dump())
		return ballot.Answer{}
	}
}
