package runbook

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func mustParse(t *testing.T, src string, o LoadOptions) *Runbook {
	t.Helper()
	if o.Environ == nil {
		o.Environ = []string{}
	}
	r, err := Parse("good.toml", []byte(src), o)
	if err != nil {
		t.Fatalf("unexpected problems:\n%v", err)
	}
	return r
}

func TestLoadFullRunbook(t *testing.T) {
	src, err := os.ReadFile("testdata/full.toml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Load("testdata/full.toml", LoadOptions{Environ: []string{"HOME=/home/op"}})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	sum := sha256.Sum256(src)
	abs, _ := filepath.Abs("testdata")
	utc := func(s string) time.Time { tm, _ := time.Parse(time.RFC3339, s); return tm }

	l := r.Launch
	checks := []struct {
		name      string
		got, want any
	}{
		{"path", r.Path, "testdata/full.toml"},
		{"hash", r.Hash, hex.EncodeToString(sum[:])},
		{"dir from launch.workdir", r.Dir, filepath.Join(abs, "deploy")},
		{"launch workdir", l.Workdir, filepath.Join(abs, "deploy")},
		{"name", l.Name, "checkout-v2"},
		{"title", r.Title(), "Checkout v2 go-live"},
		{"owner", l.Owner, "release-eng"},
		{"window start", l.Window.Start, utc("2026-12-01T22:00:00Z")},
		{"window end", l.Window.End, utc("2026-12-01T23:30:00Z")},
		{"window pos", l.Window.Pos.String(), "testdata/full.toml:5:1"},
		{"freeze", len(l.Freeze), 1},
		{"freeze reason", l.Freeze[0].Reason, "Black Friday"},
		{"freeze start", l.Freeze[0].Start, utc("2026-11-27T00:00:00Z")},
		{"approvers", l.Approvers, []string{"alice", "bob"}},
		{"quorum", l.Quorum, 2},
		{"separate approver", l.SeparateApprover, true},
		{"shell", l.Shell, "/bin/bash"},
		{"max parallel", l.MaxParallel, 4},
		{"secrets", l.Secrets, []string{"DEPLOY_TOKEN"}},
		{"mask env", l.MaskEnv, false},
		{"env in order, expanded, $$ literal", r.Env, []EnvVar{
			{"NEW_URL", "https://checkout-v2.internal"},
			{"HEALTH", "https://checkout-v2.internal/healthz"},
			{"PORT", "8443"},
			{"PRICE", "$5"},
		}},
		{"rehearsal env", r.Rehearsal.Env, []EnvVar{{"NEW_URL", "http://127.0.0.1:18081"}}},
		{"ids in phase order", r.IDs(), []string{"new-health", "disk", "db", "resolve", "cert", "switch", "announce", "service", "latency", "error-rate"}},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %#v, want %#v", c.name, c.got, c.want)
		}
	}

	h := r.Preflight[0]
	if h.Kind != KindHTTP || h.Name != "New stack answers" || h.Timeout != 5*time.Second ||
		h.Retry != (Retry{Attempts: 10, Interval: 2 * time.Second}) || h.PTY {
		t.Errorf("http check fields: %+v", h)
	}
	wantHTTP := &HTTPCheck{URL: "https://checkout-v2.internal/healthz", Method: "POST",
		Headers: map[string]string{"X-Env": "$5"}, Body: "{}", Insecure: true, FollowRedirects: false}
	if !reflect.DeepEqual(h.HTTP, wantHTTP) {
		t.Errorf("http: got %+v, want %+v", h.HTTP, wantHTTP)
	}
	if len(h.Expect) != 3 || h.Expect[2].Operand.Duration != 300*time.Millisecond || h.Expect[1].Pos.String() != "testdata/full.toml:29:29" {
		t.Errorf("expect: %+v", h.Expect)
	}

	disk := r.Preflight[1]
	if disk.Run != "df -P / | awk 'NR==2 {print $4}' ${NOT_EXPANDED}" {
		t.Errorf("run commands must never be expanded, got %q", disk.Run)
	}
	if disk.Workdir != "/tmp" || disk.Timeout != 10*time.Second || disk.Retry.Attempts != 1 {
		t.Errorf("disk defaults: %+v", disk)
	}
	if r.Preflight[2].TCP != "127.0.0.1:5432" {
		t.Errorf("tcp: %q", r.Preflight[2].TCP)
	}
	if got := *r.Preflight[3].DNS; got != (DNSCheck{Name: "localhost", Type: "AAAA", Server: "127.0.0.1:53"}) {
		t.Errorf("dns: %+v", got)
	}
	if got := *r.Preflight[4].TLS; got != (TLSCheck{Address: "example.com:443", ServerName: "example.com"}) {
		t.Errorf("tls: %+v", got)
	}

	g := r.Gate
	if !g.Present || g.Prompt != "Switch traffic to v2?" || g.Timeout != 30*time.Minute || g.OnTimeout != OnWait || g.MaxCheckAge != 15*time.Minute {
		t.Errorf("gate: %+v", g)
	}

	sw := r.Cutover[0]
	if sw.Run != "./switch.sh v2" || sw.Rollback != "./switch.sh v1" || !sw.Confirm || sw.Timeout != 5*time.Minute ||
		sw.Grace != 30*time.Second || sw.OnTimeout != OnFail || sw.OnFailure != OnRollback || !sw.PTY || !sw.Rehearse {
		t.Errorf("switch: %+v", sw)
	}
	if v := sw.Verify; v == nil || v.Kind != KindHTTP || v.ID != "switch.verify" || v.Retry.Attempts != 5 || v.PTY || v.HTTP.URL != "https://checkout-v2.internal/healthz" {
		t.Errorf("verify: %+v", sw.Verify)
	}
	an := r.Cutover[1]
	if !reflect.DeepEqual(an.Manual, []string{"Post the go-live note in #launch", "Tell support about https://checkout-v2.internal"}) || an.Rehearse || an.Run != "" {
		t.Errorf("announce: %+v", an)
	}
	svc := r.Cutover[2]
	if !svc.Background || svc.PTY || svc.Workdir != filepath.Join(abs, "deploy", "svc") || len(svc.Expect) != 1 {
		t.Errorf("service: %+v", svc)
	}

	m := r.Monitor
	if m.Duration != 15*time.Minute || m.Interval != 5*time.Second || m.RollbackAfter != 4 || len(m.Probes) != 2 {
		t.Fatalf("monitor: %+v", m)
	}
	lat := m.Probes[0]
	if lat.Warn == nil || lat.Warn.Operand.Duration != 200*time.Millisecond || lat.Crit.Source != "latency > 500ms" || lat.Every != 30*time.Second {
		t.Errorf("latency probe: %+v", lat)
	}
	if p := m.Probes[1].Prometheus; p.Query != `sum(rate(http_requests_total{code=~"5.."}[1m]))` {
		t.Errorf("prometheus query: %q", p.Query)
	}

	if len(r.Notify) != 2 || r.Notify[0].Webhook != "https://hooks.example.com/launch" ||
		!slices.Equal(r.Notify[0].On, []string{"gate", "step_failed", "rollback", "verdict", "finished"}) ||
		r.Notify[1].Run != `notify-send "$GOLIVE_EVENT"` {
		t.Errorf("notify: %+v %+v", r.Notify[0], r.Notify[1])
	}
}

func TestDefaults(t *testing.T) {
	r := mustParse(t, `
[launch]
name = "tiny"

[[preflight]]
id = "up"
http = { url = "http://127.0.0.1:8080/" }

[[preflight]]
id = "sock"
tls = { address = "127.0.0.1:8443" }

[[preflight]]
id = "q"
dns = { name = "localhost" }

[[cutover]]
id = "go"
run = "true"
verify = { tcp = "127.0.0.1:8080" }

[monitor]
duration = "1m"

[[monitor.probe]]
id = "p"
run = "echo 1"
`, LoadOptions{})
	wd, _ := os.Getwd()
	l := r.Launch
	if l.Title != "tiny" || l.Quorum != 1 || l.Shell != "/bin/sh" || l.MaxParallel != 8 || l.Scrollback != DefaultScrollback || !l.MaskEnv || l.Workdir != wd || r.Dir != wd || l.Window != nil {
		t.Errorf("launch defaults: %+v (dir %s)", l, r.Dir)
	}
	c := r.Preflight[0]
	if c.Name != "up" || c.Timeout != 10*time.Second || c.Retry.Attempts != 1 || c.PTY || c.HTTP.Method != "GET" || !c.HTTP.FollowRedirects || len(c.Expect) != 0 {
		t.Errorf("check defaults: %+v %+v", c, c.HTTP)
	}
	if r.Preflight[1].TLS.ServerName != "127.0.0.1" || r.Preflight[2].DNS.Type != "A" || r.Preflight[2].DNS.Server != "" {
		t.Errorf("tls/dns defaults: %+v %+v", r.Preflight[1].TLS, r.Preflight[2].DNS)
	}
	if got := r.Preflight[0].Conditions(); len(got) != 1 || got[0].Source != "status < 400" {
		t.Errorf("default http conditions: %+v", got)
	}
	g := r.Gate
	if g.Present || g.Prompt != "Proceed with the cutover?" || g.OnTimeout != OnAbort || g.Timeout != 0 {
		t.Errorf("gate defaults: %+v", g)
	}
	s := r.Cutover[0]
	if s.Name != "go" || s.Grace != 10*time.Second || s.OnFailure != OnAsk || s.OnTimeout != OnAsk || !s.PTY || !s.Rehearse || s.Timeout != 0 {
		t.Errorf("step defaults: %+v", s)
	}
	if s.Verify.ID != "go.verify" || s.Verify.PTY || s.Verify.Timeout != 10*time.Second {
		t.Errorf("verify defaults: %+v", s.Verify)
	}
	m := r.Monitor
	if m.Interval != 10*time.Second || m.RollbackAfter != 3 || m.Probes[0].Every != 0 || m.Probes[0].Warn != nil {
		t.Errorf("monitor defaults: %+v", m)
	}
}

const varsRunbook = `
[launch]
name = "vars"

[env]
HOST = "${BASE_HOST}"
URL = "http://${HOST}:${PORT}"
RAW = "$HOME and $$HOME"

[rehearsal.env]
HOST = "127.0.0.1"
URL = "http://${HOST}:${PORT}"

[[preflight]]
id = "up"
http = { url = "${URL}/healthz" }
`

func TestVariables(t *testing.T) {
	environ := []string{"BASE_HOST=prod.internal", "PORT=80", "HOME=/home/op"}
	tests := []struct {
		name     string
		o        LoadOptions
		url      string
		environ  map[string]string
		rehearse bool
	}{
		{"real", LoadOptions{Environ: environ}, "http://prod.internal:80/healthz",
			map[string]string{"HOST": "prod.internal", "URL": "http://prod.internal:80", "RAW": "$HOME and $HOME", "PAGER": "cat", "GIT_PAGER": "cat"}, false},
		{"rehearsal overlay", LoadOptions{Environ: environ, Rehearse: true}, "http://127.0.0.1:80/healthz",
			map[string]string{"HOST": "127.0.0.1", "URL": "http://127.0.0.1:80"}, true},
		{"--set overrides and feeds [env]", LoadOptions{Environ: environ, Set: []EnvVar{{"PORT", "9090"}}}, "http://prod.internal:9090/healthz",
			map[string]string{"PORT": "9090", "URL": "http://prod.internal:9090"}, false},
		{"--set beats the overlay", LoadOptions{Environ: environ, Rehearse: true, Set: []EnvVar{{"URL", "http://x:1"}}}, "http://x:1/healthz",
			map[string]string{"URL": "http://x:1", "HOST": "127.0.0.1"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Parse("vars.toml", []byte(varsRunbook), tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Preflight[0].HTTP.URL; got != tc.url {
				t.Errorf("url: got %q, want %q", got, tc.url)
			}
			if r.Rehearse != tc.rehearse {
				t.Errorf("rehearse: %v", r.Rehearse)
			}
			env := environMap(r.Environ(tc.o.Environ))
			for k, v := range tc.environ {
				if env[k] != v {
					t.Errorf("Environ %s: got %q, want %q", k, env[k], v)
				}
			}
			if env["HOME"] != "/home/op" {
				t.Errorf("base environment lost: %v", env)
			}
		})
	}
}

func TestEnvironOrderAndUniqueness(t *testing.T) {
	r := &Runbook{
		Env:       []EnvVar{{"A", "env"}, {"PAGER", "less"}},
		Rehearsal: Rehearsal{Env: []EnvVar{{"A", "overlay"}}},
		Params:    []EnvVar{{"B", "set"}},
	}
	got := r.Environ([]string{"A=base", "PAGER=more", "Z=1", "A=base2"})
	want := []string{"A=env", "PAGER=less", "Z=1", "GIT_PAGER=cat", "B=set"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	r.Rehearse = true
	if env := environMap(r.Environ(nil)); env["A"] != "overlay" || env["PAGER"] != "less" {
		t.Errorf("rehearsal: %v", env)
	}
	var nilRB *Runbook
	if got := nilRB.Environ([]string{"X=1"}); !slices.Equal(got, []string{"X=1", "PAGER=cat", "GIT_PAGER=cat"}) {
		t.Errorf("nil runbook: %q", got)
	}
}

func TestLocalDatetimeWindow(t *testing.T) {
	r := mustParse(t, `
[launch]
name = "local"
window = { start = 2026-12-01T22:00:00, end = "2026-12-01T23:30:00+01:00" }
[[cutover]]
id = "s"
run = "true"
`, LoadOptions{})
	w := r.Launch.Window
	if w.Start.Location() != time.Local || w.Start.Hour() != 22 || !w.End.Equal(time.Date(2026, 12, 1, 22, 30, 0, 0, time.UTC)) {
		t.Errorf("window: %v .. %v", w.Start, w.End)
	}
}

func TestRunbookWithOnlyCutoverOrOnlyPreflight(t *testing.T) {
	for _, src := range []string{
		"[launch]\nname = \"a\"\n[[cutover]]\nid = \"s\"\nmanual = [\"do it\"]\n",
		"[launch]\nname = \"a\"\n[[preflight]]\nid = \"c\"\nrun = \"true\"\n",
	} {
		mustParse(t, src, LoadOptions{})
	}
}

func BenchmarkLoad(b *testing.B) {
	src, err := os.ReadFile("testdata/full.toml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := Parse("full.toml", src, LoadOptions{Environ: []string{}}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTargets(t *testing.T) {
	r := mustParse(t, `
[launch]
name = "t"
[[preflight]]
id = "r"
run = "echo hi"
[[preflight]]
id = "h"
http = { url = "http://127.0.0.1:1/x", method = "HEAD" }
[[preflight]]
id = "t"
tcp = "127.0.0.1:5432"
[[preflight]]
id = "d"
dns = { name = "localhost", type = "AAAA", server = "127.0.0.1:5353" }
[[preflight]]
id = "s"
tls = { address = "127.0.0.1:8443", server_name = "checkout.test" }
[[preflight]]
id = "p"
prometheus = { url = "http://127.0.0.1:9090", query = "up" }
[[cutover]]
id = "m"
manual = ["one", "two"]
[[launch.freeze]]
start = 2026-11-27T00:00:00Z
end = 2026-11-30T00:00:00Z
`, LoadOptions{})
	want := []string{"echo hi", "HEAD http://127.0.0.1:1/x", "127.0.0.1:5432", "AAAA localhost @127.0.0.1:5353",
		"127.0.0.1:8443 (checkout.test)", "http://127.0.0.1:9090 up"}
	for i, c := range r.Preflight {
		if got := c.Target(); got != want[i] {
			t.Errorf("%s: got %q, want %q", c.ID, got, want[i])
		}
	}
	if got := r.Cutover[0].Target(); got != "one; two" {
		t.Errorf("manual step: %q", got)
	}
	if len(r.Launch.Freeze) != 1 {
		t.Errorf("[[launch.freeze]]: %+v", r.Launch.Freeze)
	}
}

func TestScrollback(t *testing.T) {
	r, err := Parse("s.toml", []byte("[launch]\nname = \"s\"\nscrollback = 2000\n[[cutover]]\nid = \"a\"\nrun = \"true\"\n"), LoadOptions{Environ: []string{}})
	if err != nil || r.Launch.Scrollback != 2000 {
		t.Fatalf("scrollback = %v, %v; want 2000", r, err)
	}
	_, err = Parse("s.toml", []byte("[launch]\nname = \"s\"\nscrollback = 5\n[[cutover]]\nid = \"a\"\nrun = \"true\"\n"), LoadOptions{Environ: []string{}})
	if err == nil || !strings.Contains(err.Error(), "s.toml:3:14: scrollback in [launch] must be at least 100") {
		t.Fatalf("scrollback = 5: %v", err)
	}
}
