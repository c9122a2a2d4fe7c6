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
package ballot
