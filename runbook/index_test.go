package runbook

import (
	"strings"
	"testing"
)

func TestIndexPositions(t *testing.T) {
	src := "\uFEFF# runbook\n" + `[launch]
name = "x"   # trailing comment
"quoted.key" = 1
a.b.c = 2
note = """
multi [[not-a-header]]
line = "not a key"
"""
lit = '''
[also not]'''

[[preflight]]
id = "a"
expect = [
  "exit == 0", # first
  'stdout contains "x"',
]
http = { url = "http://h/", headers = { "X-A" = "1", B = { C = "d" } } }

[[preflight]]
id = "b"

[[monitor.probe]]
id = "p"

[[monitor.probe]]
id = "q"
window = [{ start = 1 }, { start = 2, end = 3 }]

[a.b]
c = "é"
d = "after"
`
	ix := newIndex("f.toml", src)
	keys := []struct {
		path string
		want string
	}{
		{"launch", "f.toml:2:1"},
		{"launch/name", "f.toml:3:1"},
		{"launch/quoted.key", "f.toml:4:1"},
		{"launch/a/b/c", "f.toml:5:1"},
		{"launch/note", "f.toml:6:1"},
		{"launch/lit", "f.toml:10:1"},
		{"preflight/0", "f.toml:13:1"},
		{"preflight/0/id", "f.toml:14:1"},
		{"preflight/0/http/headers/X-A", "f.toml:19:41"},
		{"preflight/0/http/headers/B/C", "f.toml:19:60"},
		{"preflight/1/id", "f.toml:22:1"},
		{"monitor", "f.toml:24:1"},
		{"monitor/probe/0/id", "f.toml:25:1"},
		{"monitor/probe/1", "f.toml:27:1"},
		{"monitor/probe/1/window/1/end", "f.toml:29:39"},
		{"a/b", "f.toml:31:1"},
		{"a/b/d", "f.toml:33:1"},
		{"preflight/0/nope", "f.toml:13:1"}, // falls back to the nearest ancestor
		{"nothing", "f.toml:1:1"},
	}
	for _, k := range keys {
		if got := ix.key(strings.Split(k.path, "/")).String(); got != k.want {
			t.Errorf("key %s: got %s, want %s", k.path, got, k.want)
		}
	}
	vals := []struct{ path, want string }{
		{"launch/name", "f.toml:3:8"},
		{"preflight/0/expect/0", "f.toml:16:3"},
		{"preflight/0/expect/1", "f.toml:17:3"},
		{"preflight/0/http/url", "f.toml:19:16"},
		{"monitor/probe/1/window/0", "f.toml:29:11"},
		{"a/b/c", "f.toml:32:5"},
	}
	for _, v := range vals {
		if got := ix.val(strings.Split(v.path, "/")).String(); got != v.want {
			t.Errorf("value %s: got %s, want %s", v.path, got, v.want)
		}
	}
	if got := ix.pos(strings.Index(src, `"after"`)).Col; got != 5 {
		t.Errorf("column after a multi-byte character line: %d", got)
	}
	if got := ix.pos(strings.Index(src, "é\"") + len("é")).Col; got != 7 {
		t.Errorf("columns count characters, not bytes: %d", got)
	}
}

func TestIndexNeverPanicsOnGarbage(t *testing.T) {
	for _, src := range []string{"[", "[[", "a =", "a = {", "a = [", `a = "`, "a = '''", `a = """\`, "= 1", "[a.\"b", "a = [{x = [1, {", "\x00\xff", "]]]", "a.b.=1"} {
		newIndex("g", src)
	}
}
