package runbook

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// badCases are broken runbooks with every problem they must report, as
// exact "FILE:LINE:COL: message" prefixes in source order.
var badCases = []struct {
	name string
	src  string
	want []string
}{
	{
		name: "contract-check runbook: unknown key on its own line",
		src:  "[launch]\nname = \"contract-bad\"\n\n[[preflight]]\nid = \"x\"\nrun = \"true\"\nbogus_key = 1\n",
		want: []string{`bad.toml:7:1: unknown key "bogus_key" in [[preflight]]; known keys: id, name, run, http, tcp, dns, tls, prometheus, expect, retry, timeout, pty, workdir`},
	},
	{
		name: "unknown keys everywhere, a typo gets a suggestion",
		src: `[launch]
name = "x"
colour = "red"

[[preflight]]
id = "a"
http = { url = "http://127.0.0.1:1/", methd = "GET" }
timout = "3s"

[[cutover]]
id = "s"
run = "true"
verify = { run = "true", extra = 1 }

[monitor]
duration = "1m"
soak = "2m"

[[monitor.probe]]
id = "p"
tcp = "127.0.0.1:1"
critical = "latency > 1s"

[bogus]
x = 1
`,
		want: []string{
			`bad.toml:3:1: unknown key "colour" in [launch]; known keys: name, title`,
			`bad.toml:7:39: unknown key "methd" in http of [[preflight]]: did you mean "method"?`,
			`bad.toml:8:1: unknown key "timout" in [[preflight]]: did you mean "timeout"?`,
			`bad.toml:13:26: unknown key "extra" in verify of [[cutover]]; known keys: id, name, run`,
			`bad.toml:17:1: unknown key "soak" in [monitor]; known keys: duration, interval, rollback_after, probe`,
			`bad.toml:22:1: unknown key "critical" in [[monitor.probe]]; known keys: id,`,
			`bad.toml:24:1: unknown key "bogus" in the top level; known keys: launch, env, rehearsal, preflight, gate, cutover, monitor, notify`,
		},
	},
	{
		name: "unclosed [[table] header is reported on its own line",
		src:  "[launch]\nname = \"x\"\n\n[[preflight]\nid = \"a\"\nrun = \"true\"\n",
		want: []string{`bad.toml:4:12: unclosed array-of-tables header "[[preflight]": end it with "]]"`},
	},
	{
		name: "unclosed [table header",
		src:  "[launch\nname = \"x\"\n",
		want: []string{`bad.toml:1:8: unclosed table header "[launch": end it with "]"`},
	},
	{
		name: "unterminated string",
		src:  "[launch]\nname = \"x\n[[preflight]]\n",
		want: []string{`bad.toml:2:10: unterminated string: close the quote`},
	},
	{
		name: "a key defined twice",
		src:  "[launch]\nname = \"x\"\nname = \"y\"\n",
		want: []string{`bad.toml:3:1: TOML syntax: Key 'launch.name' has already been defined.`},
	},
	{
		name: "invalid escape points at the backslash, even in a multi-line string",
		src:  "[launch]\nname = \"x\"\n[[cutover]]\nid = \"s\"\nrun = \"\"\"\nbar=1\nprintf '\\033[36m'\n\"\"\"\n",
		want: []string{`bad.toml:7:9: invalid escape "\\0" in a "..." string: write \\ for a backslash and \u001b for ESC`},
	},
	{
		name: "missing value",
		src:  "[launch]\nname = \n",
		want: []string{`bad.toml:2:8: TOML syntax: expected value but found '\n' instead`},
	},
	{
		name: "two kinds, zero kinds, duplicate id across phases",
		src: `[launch]
name = "x"

[[preflight]]
id = "a"
run = "true"
http = { url = "http://127.0.0.1:1/" }

[[preflight]]
id = "b"

[[cutover]]
id = "a"
run = "true"

[monitor]
duration = "1m"

[[monitor.probe]]
id = "b"
tcp = "127.0.0.1:1"
dns = { name = "localhost" }
tls = { address = "127.0.0.1:443" }
`,
		want: []string{
			`bad.toml:7:1: check "a" has two kinds (run and http): keep one`,
			`bad.toml:9:1: check "b" has no kind: add one of run, http, tcp, dns, tls, prometheus`,
			`bad.toml:13:1: duplicate id "a" (first at bad.toml:5:1)`,
			`bad.toml:20:1: duplicate id "b" (first at bad.toml:10:1)`,
			`bad.toml:23:1: probe "b" has 3 kinds (tcp, dns and tls): keep one`,
		},
	},
	{
		name: "missing launch and nothing to do",
		src:  "[env]\nA = \"1\"\n",
		want: []string{
			`bad.toml:1:1: missing [launch] table`,
			`bad.toml:1:1: nothing to do: add at least one [[preflight]] check or [[cutover]] step`,
		},
	},
	{
		name: "launch without a name, a bad id, an unsafe name",
		src: `[launch]
title = "T"

[[preflight]]
id = "no spaces"
run = "true"

[[cutover]]
run = "true"
`,
		want: []string{
			`bad.toml:1:1: [launch] needs a name`,
			`bad.toml:5:6: id "no spaces": use only letters, digits, '.', '_' and '-'`,
			`bad.toml:8:1: a step in [[cutover]] needs an id`,
		},
	},
	{
		name: "launch name that is no directory name",
		src:  "[launch]\nname = \"../etc\"\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n",
		want: []string{`bad.toml:2:8: launch name "../etc" cannot be a directory name`},
	},
	{
		name: "bad durations and conditions",
		src: `[launch]
name = "x"

[[preflight]]
id = "a"
http = { url = "http://127.0.0.1:1/" }
timeout = "5 minutes"
retry = { attempts = 0, interval = "-1s" }
expect = ["status = 200", "latency < 3", "body contains ok", "exit == 0", "header \"X\" matches \"(\""]

[gate]
timeout = 30
max_check_age = "15x"
`,
		want: []string{
			`bad.toml:7:11: timeout in [[preflight]]: invalid duration "5 minutes": write it like "300ms", "30s", "5m" or "1h30m"`,
			`bad.toml:8:22: attempts in retry of [[preflight]] must be at least 1, not 0`,
			`bad.toml:8:36: interval in retry of [[preflight]]: invalid duration "-1s": it must not be negative`,
			`bad.toml:9:11: bad condition "status = 200": unknown operator "="; use one of ==, !=, <, <=, >, >=, contains, !contains, matches`,
			`bad.toml:9:27: bad condition "latency < 3": latency compares with a duration like 300ms or 1.5s, not a number`,
			`bad.toml:9:42: bad condition "body contains ok": bad operand "ok"`,
			`bad.toml:9:62: condition "exit == 0" does not apply to an http check: its subjects are status, body, latency, header, json, value, duration`,
			`bad.toml:9:75: bad condition "header \"X\" matches \"(\"": bad regular expression "(": missing closing ): ` + "`(`",
			`bad.toml:12:1: timeout in [gate] must be a duration string like "30s", not an integer (30)`,
			`bad.toml:13:17: max_check_age in [gate]: invalid duration "15x"`,
		},
	},
	{
		name: "window and freeze that end before they start, quorum above approvers",
		src: `[launch]
name = "x"
window = { start = 2026-12-01T23:00:00Z, end = 2026-12-01T22:00:00Z }
freeze = [
  { start = 2026-11-27T00:00:00Z, end = 2026-11-30T00:00:00Z, reason = "ok" },
  { start = 2026-11-30T00:00:00Z, end = 2026-11-27T00:00:00Z },
]
approvers = ["alice", "bob", "alice"]
quorum = 3

[[cutover]]
id = "s"
run = "true"
`,
		want: []string{
			`bad.toml:3:1: window ends before it starts (start 2026-12-01T23:00:00Z, end 2026-12-01T22:00:00Z): swap them or fix the dates`,
			`bad.toml:6:3: freeze ends before it starts`,
			`bad.toml:8:30: approver "alice" is listed twice`,
			`bad.toml:9:10: quorum 3 is more than the 2 approvers: lower the quorum or add approvers`,
		},
	},
	{
		name: "type mismatches at their keys",
		src: `[launch]
name = 42
quorum = "2"
approvers = "alice"
mask_env = "no"

[[preflight]]
id = "a"
run = "true"
pty = 1
expect = "exit == 0"
`,
		want: []string{
			`bad.toml:2:1: name in [launch] must be a string, not an integer (42)`,
			`bad.toml:3:1: quorum in [launch] must be an integer, not a string ("2")`,
			`bad.toml:4:1: approvers in [launch] must be an array of strings, not a string ("alice")`,
			`bad.toml:5:1: mask_env in [launch] must be true or false, not a string ("no")`,
			`bad.toml:10:1: pty in [[preflight]] must be true or false, not an integer (1)`,
			`bad.toml:11:1: expect in [[preflight]] must be an array of strings, not a string ("exit == 0")`,
		},
	},
	{
		name: "undefined variables at their place, in every non-shell field",
		src: `[launch]
name = "x"

[env]
A = "${UNSET_ONE}"

[[preflight]]
id = "a"
http = { url = "http://${HOST}:1/", headers = { X = "${NOPE}" } }

[[preflight]]
id = "b"
tcp = "${ADDR}"

[[preflight]]
id = "c"
run = "echo ${NOT_A_GOLIVE_VAR}"
`,
		want: []string{
			`bad.toml:5:6: variable ${UNSET_ONE} is not defined: define it in [env], pass --set UNSET_ONE=VALUE, or export it (write $$ for a literal $)`,
			`bad.toml:9:24: variable ${HOST} is not defined`,
			`bad.toml:9:54: variable ${NOPE} is not defined`,
			`bad.toml:13:8: variable ${ADDR} is not defined`,
		},
	},
	{
		name: "stderr with a pseudo-terminal",
		src: `[launch]
name = "x"

[[preflight]]
id = "a"
run = "true"
pty = true
expect = ["stderr == \"\""]

[[cutover]]
id = "s"
run = "true"
expect = ["exit == 0", "stderr contains \"x\""]
`,
		want: []string{
			`bad.toml:8:11: condition "stderr == \"\"": check "a" runs in a pseudo-terminal, where stderr is merged into stdout; set pty = false or test stdout`,
			`bad.toml:13:24: condition "stderr contains \"x\"": step "s" runs in a pseudo-terminal`,
		},
	},
	{
		name: "step and policy problems",
		src: `[launch]
name = "x"

[[cutover]]
id = "nothing"

[[cutover]]
id = "p"
run = "true"
on_failure = "retry"
on_timeout = "abort"
verify = { expect = ["status == 200"] }

[gate]
on_timeout = "go"
`,
		want: []string{
			`bad.toml:4:1: step "nothing" does nothing: give it a run command or a manual checklist`,
			`bad.toml:10:14: on_failure in [[cutover]] is "retry"; use one of ask, rollback, abort, continue`,
			`bad.toml:11:14: on_timeout in [[cutover]] is "abort"; use one of ask, fail`,
			`bad.toml:12:1: the verify of step "p" has no kind`,
			`bad.toml:15:14: on_timeout in [gate] is "go"; use one of abort, wait`,
		},
	},
	{
		name: "kind settings",
		src: `[launch]
name = "x"

[[preflight]]
id = "a"
http = { url = "ftp://host/" }

[[preflight]]
id = "b"
dns = { name = "example.com", type = "PTR" }

[[preflight]]
id = "c"
tcp = "localhost"

[[preflight]]
id = "d"
tls = { server_name = "x" }

[[preflight]]
id = "e"
prometheus = { url = "http://127.0.0.1:9090" }
`,
		want: []string{
			`bad.toml:6:16: url "ftp://host/" is not an http(s) URL`,
			`bad.toml:10:38: unknown dns type "PTR"; use one of A, AAAA, CNAME, TXT, MX, NS, SRV`,
			`bad.toml:14:7: tcp "localhost" is not host:port`,
			`bad.toml:18:1: tls needs an address`,
			`bad.toml:22:1: prometheus needs a query`,
		},
	},
	{
		name: "monitor and notify",
		src: `[launch]
name = "x"

[[cutover]]
id = "s"
run = "true"

[monitor]
interval = "1s"

[[notify]]
on = ["gate", "vote", "waiver", "override", "lunch"]

[[notify]]
webhook = "https://hooks.example.com/x"
run = "true"
`,
		want: []string{
			`bad.toml:8:1: [monitor] needs a duration`,
			`bad.toml:8:1: [monitor] has no probes`,
			`bad.toml:11:1: [[notify]] needs a webhook`,
			`bad.toml:12:45: unknown notify event "lunch"`,
			`bad.toml:16:1: [[notify]] has both webhook and run: keep one`,
		},
	},
	{
		name: "probe warn and crit are conditions",
		src: `[launch]
name = "x"

[[cutover]]
id = "s"
run = "true"

[monitor]
duration = "1m"

[[monitor.probe]]
id = "p"
run = "echo 1"
warn = "value >> 1"
crit = "status > 500"
`,
		want: []string{
			`bad.toml:14:8: bad condition "value >> 1": unknown operator ">>"`,
			`bad.toml:15:8: condition "status > 500" does not apply to a run check: its subjects are exit, stdout, stderr, value, duration`,
		},
	},
	{
		name: "single brackets where a list of tables is needed",
		src:  "[launch]\nname = \"x\"\n\n[preflight]\nid = \"a\"\nrun = \"true\"\n",
		want: []string{
			`bad.toml:4:1: preflight must be a list of tables: write [[preflight]] (double brackets) for each check`,
		},
	},
	{
		name: "empty file",
		src:  "",
		want: []string{`bad.toml:1:1: empty runbook: start with a [launch] table`},
	},
	{
		name: "only comments is empty too",
		src:  "# nothing yet\n\n   # really\n",
		want: []string{`bad.toml:1:1: empty runbook`},
	},
	{
		name: "binary file",
		src:  "\x7fELF\x02\x01\x01\x00\x00\x00",
		want: []string{`bad.toml:1:8: not a text file: it contains NUL bytes`},
	},
	{
		name: "latin-1 text",
		src:  "[launch]\nname = \"caf\xe9\"\n",
		want: []string{`bad.toml:2:12: not a text file: byte 0xe9 is not UTF-8; a runbook must be UTF-8 TOML`},
	},
	{
		name: "UTF-16 with a byte order mark",
		src:  "\xff\xfe[\x00l\x00",
		want: []string{`bad.toml:1:1: not a text file: byte 0xff is not UTF-8`},
	},
	{
		name: "empty launch name, freeze written as one table, window without an end",
		src: `[launch]
name = ""
window = { start = 2026-12-01T22:00:00Z }
freeze = { start = 2026-11-27T00:00:00Z, end = 2026-11-30T00:00:00Z }
[[cutover]]
id = "s"
run = "true"
background = true
interactive = true
`,
		want: []string{
			`bad.toml:2:8: launch name is empty`,
			`bad.toml:3:1: window needs both start and end`,
			`bad.toml:4:1: freeze must be a list of tables: write freeze = [{ start = ..., end = ..., reason = "..." }]`,
			`bad.toml:8:1: step "s" cannot be both interactive and background`,
		},
	},
	{
		name: "env names and values",
		src:  "[launch]\nname = \"x\"\n[env]\n\"BAD-NAME\" = \"1\"\nLIST = [1]\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n",
		want: []string{
			`bad.toml:4:1: "BAD-NAME" in [env] is not a variable name`,
			`bad.toml:5:1: LIST in [env] must be a string, not an array`,
		},
	},
}

func TestBadRunbooks(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse("bad.toml", []byte(tc.src), LoadOptions{Environ: []string{}})
			if err == nil {
				t.Fatalf("loaded %q without a problem; want %d", r.Launch.Name, len(tc.want))
			}
			var ps Problems
			if !errors.As(err, &ps) {
				t.Fatalf("error %T %v is not Problems", err, err)
			}
			got := strings.Split(ps.Error(), "\n")
			for i := 0; i < max(len(got), len(tc.want)); i++ {
				switch {
				case i >= len(got):
					t.Errorf("missing problem %d: %s", i+1, tc.want[i])
				case i >= len(tc.want):
					t.Errorf("unexpected problem %d: %s", i+1, got[i])
				case !strings.HasPrefix(got[i], tc.want[i]):
					t.Errorf("problem %d:\n got: %s\nwant: %s...", i+1, got[i], tc.want[i])
				}
			}
		})
	}
}

// TestLoadContractRunbook loads the contract-check runbook from disk, by the
// relative path a user would type, and expects line 7.
func TestLoadContractRunbook(t *testing.T) {
	t.Chdir(t.TempDir())
	src := "[launch]\nname = \"contract-bad\"\n\n[[preflight]]\nid = \"x\"\nrun = \"true\"\nbogus_key = 1\n"
	if err := os.WriteFile("bad.toml", []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load("bad.toml", LoadOptions{})
	if err == nil || !strings.HasPrefix(err.Error(), "bad.toml:7:1: unknown key \"bogus_key\"") {
		t.Fatalf("got %v, want bad.toml:7:1: unknown key ...", err)
	}
}

func TestLoadUnreadable(t *testing.T) {
	_, err := Load("does-not-exist.toml", LoadOptions{})
	var ps Problems
	if err == nil || errors.As(err, &ps) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want a plain not-exist error", err)
	}
}

func TestBadSetParameter(t *testing.T) {
	src := "[launch]\nname = \"x\"\n[[cutover]]\nid = \"s\"\nrun = \"true\"\n"
	_, err := Parse("p.toml", []byte(src), LoadOptions{Environ: []string{}, Set: []EnvVar{{"NOT-OK", "1"}}})
	if err == nil || err.Error() != "p.toml: --set NOT-OK: not a variable name; use letters, digits and _" {
		t.Fatalf("got %v", err)
	}
}
