package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cutSecret is a secret placed after cutFill in every observed text, so a
// reason that quotes the text cuts it (at 60 characters) in its middle.
const (
	cutSecret = "Zq7Kx3VbrLmgPwsRtjHn"
	cutFill   = "--------------------------------------------------" // 50
)

// cutHead is the start of the runbooks of TestSecretCutByAReasonNeverLeaks.
const cutHead = `[launch]
name = "NAME"
secrets = ["CUT"]

[env]
CUT = "` + cutSecret + `"
FILL = "` + cutFill + `"
`

// cutChecks fails pre-flight checks of every kind of reason built from
// observed text: run stdout and stderr, an HTTP body, header and json
// field, and a text that is not a number.
const cutChecks = `
[[preflight]]
id = "out"
pty = false
run = "printf '%s%s' \"$FILL\" \"$CUT\""
expect = ["stdout == \"x\""]

[[preflight]]
id = "err"
pty = false
run = "printf '%s%s' \"$FILL\" \"$CUT\" >&2"
expect = ["stderr == \"x\""]

[[preflight]]
id = "body"
http = { url = "URL/" }
expect = ["body == \"x\""]

[[preflight]]
id = "header"
http = { url = "URL/" }
expect = ["header \"X-Tok\" == \"x\""]

[[preflight]]
id = "json"
http = { url = "URL/json" }
expect = ["json \"tok\" == \"x\""]

[[preflight]]
id = "number"
http = { url = "URL/" }
expect = ["body > 5"]
`

// cutLaunch fails a step's expect, a step's verify and a probe's expect
// on the same text, so steps, verify and monitor reasons are covered.
const cutLaunch = `
[[preflight]]
id = "ok"
run = "true"

[[cutover]]
id = "step"
pty = false
on_failure = "continue"
run = "printf '%s%s' \"$FILL\" \"$CUT\""
expect = ["stdout == \"x\""]

[[cutover]]
id = "verified"
pty = false
on_failure = "continue"
run = "true"
verify = { run = "printf '%s%s' \"$FILL\" \"$CUT\"", expect = ["stdout == \"x\""] }

[monitor]
duration = "3s"
interval = "200ms"
rollback_after = 1000

[[monitor.probe]]
id = "probe"
http = { url = "URL/" }
expect = ["body == \"x\""]
`

// TestSecretCutByAReasonNeverLeaks: a reason quotes at most 60 characters
// of what a check saw; a secret that straddles that cut is masked before
// the cut, so not even its first part appears in headless lines, the
// journal, the report or check's JSON.
func TestSecretCutByAReasonNeverLeaks(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Tok", cutFill+cutSecret)
		if r.URL.Path == "/json" {
			json.NewEncoder(w).Encode(map[string]string{"tok": cutFill + cutSecret})
			return
		}
		w.Write([]byte(cutFill + cutSecret))
	}))
	defer srv.Close()
	dir := t.TempDir()
	leak := cutSecret[:8]
	var texts []string
	for name, body := range map[string]string{"cutchecks": cutChecks, "cutlaunch": cutLaunch} {
		src := strings.Replace(cutHead, "NAME", name, 1) + strings.ReplaceAll(body, "URL", srv.URL)
		rb := writeFile(t, dir, name+".toml", src)
		out, errOut, _ := runGolive(t, dir, "run", "--headless", "--rehearse", "--yes", rb)
		texts = append(texts, "run "+name+":\n"+out+errOut)
		files, _ := filepath.Glob(filepath.Join(dir, ".golive", name, "*", "journal*"))
		if len(files) == 0 {
			t.Fatalf("%s: no journal was written:\n%s\n%s", name, out, errOut)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, f+":\n"+string(b))
		}
		for _, args := range [][]string{{"report", rb}, {"report", "--format", "json", rb}, {"check", "--format", "json", rb}} {
			o, e, _ := runGolive(t, dir, args...)
			texts = append(texts, strings.Join(args[:len(args)-1], " ")+" "+name+":\n"+o+e)
		}
	}
	all := strings.Join(texts, "\n")
	// The reasons are there, masked: the test would prove nothing if no
	// reason quoted the text at all.
	for _, want := range []string{`stdout "` + cutFill, `stderr "`, `body "`, `header "X-Tok" "`, `json "tok" "`, "not a number",
		"cutover step failed", "verify: stdout", "monitor probe sample crit"} {
		if !strings.Contains(all, want) {
			t.Errorf("no reason %q was written:\n%s", want, all)
		}
	}
	for _, text := range texts {
		if strings.Contains(text, leak) {
			t.Errorf("the start of the secret %q leaks in:\n%s", leak, text)
		}
	}
}
