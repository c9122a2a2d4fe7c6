package runbook

import (
	"strings"
	"testing"
)

// A misspelt subject is answered with the closest subject of the check's
// own kind, and only that kind's subjects are listed.
func TestMisspeltSubjectSuggestsTheKindsOwn(t *testing.T) {
	src := `[launch]
name = "x"

[[preflight]]
id = "web"
http = { url = "http://127.0.0.1:1/" }
expect = ["latncy < 300ms"]
`
	_, err := Parse("x.toml", []byte(src), LoadOptions{})
	if err == nil {
		t.Fatal("a misspelt subject was accepted")
	}
	msg := err.Error()
	if !strings.Contains(msg, "x.toml:7:") || !strings.Contains(msg, "did you mean `latency`?") {
		t.Fatalf("no line or suggestion: %s", msg)
	}
	if strings.Contains(msg, "days_left") || strings.Contains(msg, "exit") {
		t.Errorf("subjects of other kinds listed: %s", msg)
	}
}
