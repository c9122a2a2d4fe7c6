package checks

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

// The check document reports the attempts made, not the most allowed.
func TestRecordsCountTheAttemptsMade(t *testing.T) {
	cs := []*runbook.Check{{ID: "first", Name: "passes at once"}, {ID: "third", Name: "passes late"}, {ID: "never", Name: "fails"}}
	results := []Result{
		{Status: Pass, Attempt: 1, Attempts: 5, Duration: 12 * time.Millisecond},
		{Status: Pass, Attempt: 3, Attempts: 5},
		{Status: Fail, Attempt: 5, Attempts: 5, Reason: "exit 1 token=s3cret"},
	}
	recs := Records(cs, results, func(s string) string { return strings.ReplaceAll(s, "s3cret", "***") })
	for i, want := range []int{1, 3, 5} {
		if recs[i].Attempts != want {
			t.Errorf("%s: attempts %d, want %d", recs[i].ID, recs[i].Attempts, want)
		}
	}
	if recs[2].Reason != "exit 1 token=***" || Failed(recs) != 1 {
		t.Errorf("reason %q, failed %d", recs[2].Reason, Failed(recs))
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, recs); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Checks []map[string]any `json:"checks"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Checks) != 3 || doc.Checks[0]["attempts"] != float64(1) || doc.Checks[0]["duration_ms"] != float64(12) {
		t.Fatalf("document %s", b.String())
	}
	b.Reset()
	if err := WriteJUnit(&b, "shop", recs, time.Second); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `fail after 5 attempt(s)`) || !strings.Contains(b.String(), `failures="1"`) {
		t.Fatalf("junit %s", b.String())
	}
}
