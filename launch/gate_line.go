package launch

import (
	"strconv"
	"strings"

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
