package launch

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golive/ballot"
)

// voteWords is a Vote's headless detail: GO or NO-GO, whose vote it
// counted as, the proven identity and how it was proven, e.g.
// "GO bob os_user=bob proof=kernel generation=1".
func voteWords(e Event) string {
	var d detailBuf
	b := e.Ballot
	if b == nil { // a journal written before votes carried their record
		d.add("GO")
		d.add(e.Who)
		if e.OSUser != "" && e.OSUser != e.Who {
			d.add("(os user " + plain(e.OSUser) + ")")
		}
		if e.Auto {
			d.add("auto")
		}
		return d.String()
	}
	if b.NoGo {
		d.add("NO-GO")
	} else {
		d.add("GO")
	}
	d.add(plain(b.Name))
	switch {
	case b.Key != "":
		d.kv("key", b.Key)
	case b.OSUser != "":
		d.kv("os_user", plain(b.OSUser))
	}
	if b.Label != "" {
		d.kv("as", strconv.Quote(plain(b.Label)))
	}
	d.kv("proof", string(b.Proof))
	d.kv("generation", strconv.Itoa(b.Generation))
	if b.Proof == ballot.ProofAuto {
		d.add("auto")
	}
	d.reason(b.Reason)
	return strings.TrimSpace(d.String())
}

// voteMD is one vote in the Markdown report: GO or NO-GO, whose vote it
// counted as, the proven identity and how it was proven, when, the
// conditions generation, whether it still counted, and what the gate was
// waiting for when it was cast.
func voteMD(v VoteRec) string {
	word := "GO"
	if v.NoGo {
		word = "NO-GO"
	}
	id := v.Identity
	if id == "" {
		id = "os_user " + v.OSUser
	}
	s := fmt.Sprintf("%s %s (%s, proof %s) at %s, conditions generation %d", word, md(v.Name), md(id), v.Proof, v.At.UTC().Format(time.RFC3339), v.Generation)
	if v.Label != "" {
		s += fmt.Sprintf(", given as %q", md(v.Label))
	}
	if !v.NoGo && !v.Counted {
		s += ", cast before the conditions changed (not counted)"
	}
	if v.Reason != "" {
		s += ": " + md(v.Reason)
	}
	if len(v.Conditions) > 0 {
		s += "; the gate was waiting for: " + md(strings.Join(v.Conditions, "; "))
	}
	return s
}

// voteNotice is a vote as a notification says it: "GO from bob (os_user
// bob, proven by kernel)".
func voteNotice(e Event) string {
	if e.Ballot == nil {
		return "GO from " + e.Who
	}
	word := "GO"
	if e.Ballot.NoGo {
		word = "NO-GO"
	}
	s := fmt.Sprintf("%s from %s (%s, proven by %s)", word, e.Ballot.Name, e.Ballot.Identity, e.Ballot.Proof)
	if e.Ballot.Reason != "" {
		s += ": " + e.Ballot.Reason
	}
	return s
}
