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
func voteWords(v VoteBody) string {
	var d detailBuf
	b := v.Ballot
	if b == nil { // a journal written before votes carried their record
		d.add("GO")
		d.add(v.Who)
		if v.OSUser != "" && v.OSUser != v.Who {
			d.add("(os user " + plain(v.OSUser) + ")")
		}
		if v.Auto {
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
func voteNotice(v VoteBody) string {
	b := v.Ballot
	if b == nil {
		return "GO from " + v.Who
	}
	word := "GO"
	if b.NoGo {
		word = "NO-GO"
	}
	s := fmt.Sprintf("%s from %s (%s, proven by %s)", word, b.Name, b.Identity, b.Proof)
	if b.Reason != "" {
		s += ": " + b.Reason
	}
	return s
}
