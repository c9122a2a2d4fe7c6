package ballot_test

import (
	"fmt"
	"time"

	"golive/ballot"
)

// The engine keeps the accepted votes in its folded state with the gate's
// conditions generation, bumps the generation on a waiver, an override
// or a re-run check, and asks Decide about each new ballot.
func ExampleDecide() {
	rules := ballot.Rules{Approvers: []string{"alice", "bob"}, Quorum: 2}
	driver := ballot.Driver{OSUser: "ops"}
	at := time.Date(2026, 12, 1, 22, 5, 0, 0, time.UTC)
	var votes []ballot.Vote
	gen := 1
	cast := func(user, as string) {
		b := ballot.Ballot{Label: as, UID: 1000, OSUser: user, Proof: ballot.ProofKernel, At: at}
		d := ballot.Decide(rules, driver, gen, votes, b)
		if d.Accepted {
			votes = append(votes, d.Vote) // journal d.Vote, then fold it
		}
		fmt.Println(d.Answer.Message)
	}
	cast("alice", "alice")
	cast("alice", "bob")
	gen++ // a waiver: alice's GO saw other conditions
	cast("bob", "bob")
	cast("alice", "alice")
	// Output:
	// GO counted for alice (os_user alice, proven by kernel); 1 more GO needed (may still vote: bob)
	// os_user alice already voted GO as alice: one identity counts once, whatever the name; 1 more GO needed (may still vote: bob)
	// GO counted for bob (os_user bob, proven by kernel); 1 more GO needed (may still vote: alice)
	// GO counted for alice (os_user alice, proven by kernel); the quorum is reached
}
