// Package ballot is how approvals reach a launch and how they are counted.
//
// A vote counts for the identity that cast it, proven by the system and
// never by what was typed. On this host that is the OS user: `golive
// approve` connects to the driving process over a Unix socket and the
// driver reads the peer's uid from the kernel (SO_PEERCRED). The socket
// is abstract (Linux), named after the launch's state root, so another OS
// user can reach it while the state directory stays private to the driver
// (0700, files 0600) and no file has to be read to find it.
//
// The package has two halves with no dependency between them: the
// channel (Listen, Server, Cast) moves a Ballot from a voter to the
// engine and an Answer back; the tally (Decide, Count) is a pure function
// that says whether a ballot counts, for whom, and what is still needed.
// The engine sits between them: it takes a Delivery from the server,
// decides with the tally on its folded state, journals the vote, and
// replies.
//
// The engine's part, in order:
//
//   - at start: srv, err := Listen(StateRoot); record Self() as the
//     driver; Close the server when the launch ends;
//   - in its loop, always (not only at the gate): take each Delivery from
//     srv.Ballots(); away from the gate, Reply(NotAtGate(...)); at the
//     gate, d := Decide(RulesOf(rb), driver, generation, votes, ballot),
//     journal d.Vote (with the unmet conditions in Vote.Conditions) when
//     d.Accepted, then Reply(d.Answer);
//   - votes typed in the cockpit are Typed(...), --yes --approver NAME
//     are Auto(...): the same Decide counts them all;
//   - a waiver, an override or a re-run check bumps the generation, so
//     GO votes cast before it stop counting (Count reports them as
//     Stale); Count(...).Open says the quorum is reached.
package ballot
