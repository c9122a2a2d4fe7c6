package checks

import (
	"slices"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

// ev builds one event line as the plugin writes it.
func ev(t *testing.T, line string) FleetEvent {
	t.Helper()
	e, err := ParseFleetEvent([]byte(line))
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	return e
}

func TestFleetFold(t *testing.T) {
	f := NewFleet()
	var changes []HostChange
	for _, line := range []string{
		`{"ev":"play","t":100,"play":"Roll","batch":1,"batches":2,"hosts":["a","b"],"all":["a","b","c"]}`,
		`{"ev":"task","t":100,"task":"deploy"}`,
		`{"ev":"start","t":100,"host":"a","task":"deploy"}`,
		`{"ev":"start","t":100,"host":"b","task":"deploy"}`,
		`{"ev":"result","t":101,"host":"a","task":"deploy","status":"changed","changed":true}`,
		`{"ev":"result","t":102,"host":"b","task":"deploy","status":"failed","msg":"disk full\nmore"}`,
		`{"ev":"result","t":103,"host":"a","task":"health","status":"ok"}`,
		`{"ev":"play","t":104,"play":"Roll","batch":2,"batches":2,"hosts":["c"]}`,
		`{"ev":"result","t":105,"host":"c","task":"deploy","status":"unreachable","msg":"no route"}`,
		`{"ev":"stats","t":106,"stats":{"a":{"ok":2,"changed":1},"b":{"failures":1},"c":{"unreachable":1}}}`,
	} {
		changes = append(changes, f.Apply(ev(t, line))...)
	}
	if got := f.Summary(); got != "batch 2/2 · 3 hosts: 1 changed, 1 failed, 1 unreachable" {
		t.Errorf("summary %q", got)
	}
	b, _ := f.Host("b")
	if b.FailedTask != "deploy" || b.Msg != "disk full\nmore" || len(b.Results) != 1 {
		t.Errorf("b = %+v", b)
	}
	a, _ := f.Host("a")
	if a.Status != HostChanged || a.Updated.Sub(a.Started) != 3*time.Second {
		t.Errorf("a = %s, ran %s", a.Status, a.Updated.Sub(a.Started))
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, HostLine(time.Date(2026, 1, 1, 22, 4, 11, 0, time.UTC), "cutover", "deploy", c))
	}
	want := []string{
		"22:04:11 cutover deploy host a changed",
		`22:04:11 cutover deploy host b failed "disk full …"`,
		`22:04:11 cutover deploy host c unreachable "no route"`,
	}
	if !slices.Equal(lines, want) {
		t.Errorf("lines\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if ok, why := f.Verdict(2, runbook.MaxFail{}); ok || !strings.Contains(why, "2 of 3 hosts failed or unreachable (b, c); max_fail 0") {
		t.Errorf("verdict %v %q", ok, why)
	}
	if ok, _ := f.Verdict(2, runbook.MaxFail{N: 2}); !ok {
		t.Error("two bad hosts broke a budget of two")
	}
	if ok, why := f.Verdict(1, runbook.MaxFail{N: 5}); ok || why != "ansible-playbook exited 1" {
		t.Errorf("an Ansible error passed: %v %q", ok, why)
	}

	c := f.Clone()
	f.Apply(ev(t, `{"ev":"result","t":107,"host":"a","task":"again","status":"ok"}`))
	if ca, _ := c.Host("a"); len(ca.Results) != 2 {
		t.Error("a clone shares results with its fleet")
	}
}

func TestFleetRescueAndIgnore(t *testing.T) {
	f := NewFleet("a", "b", "c")
	for _, line := range []string{
		`{"ev":"result","t":1,"host":"a","task":"x","status":"failed","ignored":true}`,
		`{"ev":"result","t":1,"host":"b","task":"x","status":"failed","msg":"boom"}`,
		`{"ev":"result","t":2,"host":"b","task":"rescue","status":"changed","changed":true}`,
		`{"ev":"stats","t":3,"stats":{"a":{"ok":1,"ignored":1},"b":{"changed":1,"rescued":1}}}`,
	} {
		f.Apply(ev(t, line))
	}
	if a, _ := f.Host("a"); a.Status != HostOK {
		t.Errorf("an ignored failure left a %s", a.Status)
	}
	if b, _ := f.Host("b"); b.Status != HostChanged || b.Msg != "" {
		t.Errorf("a rescued host is %s (%q)", b.Status, b.Msg)
	}
	if got := f.Unfinished(); !slices.Equal(got, []string{"c"}) {
		t.Errorf("unfinished %v, want c (never ran)", got)
	}
	if ok, why := f.Verdict(0, runbook.MaxFail{}); ok || !strings.Contains(why, "1 of 3 hosts never ran (c)") {
		t.Errorf("a host that never ran passed: %v %q", ok, why)
	}
}

func TestInventorySelect(t *testing.T) {
	inv, err := ParseInventory([]byte(`{"_meta":{"hostvars":{}},"all":{"children":["ungrouped","app","db"]},
		"app":{"children":["web"]},"db":{"hosts":["db1"]},"web":{"hosts":["web1","web2","web3","web4"]},"ungrouped":{"hosts":["lone"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"":              "lone,web1,web2,web3,web4,db1",
		"web":           "web1,web2,web3,web4",
		"web1":          "web1",
		"web[1:2]":      "web2,web3",
		"web[0]":        "web1",
		"web[-1]":       "web4",
		"app:!web2":     "web1,web3,web4",
		"web,db":        "web1,web2,web3,web4,db1",
		"all:&db":       "db1",
		"web*":          "web1,web2,web3,web4",
		"~web[13]":      "web1,web3",
		"nothing":       "",
		"web1,web1,db1": "web1,db1",
	}
	for p, want := range cases {
		got, err := inv.Select(p)
		if err != nil || strings.Join(got, ",") != want {
			t.Errorf("Select(%q) = %v %v, want %s", p, got, err, want)
		}
	}
}

func TestReadFleetEventsMasks(t *testing.T) {
	f := NewFleet()
	stream := `{"ev":"result","t":1,"host":"a","task":"login","status":"failed","msg":"bad token s3cr3t-value"}
not json at all
{"ev":"result","t":2,"host":"b","task":"login","status":"ok"}
`
	var seen int
	readFleetEvents(strings.NewReader(stream), f, runbook.NewMaskerValues("s3cr3t-value"), func(FleetEvent, []HostChange, *Fleet) { seen++ })
	if a, _ := f.Host("a"); a.Msg != "bad token •••" {
		t.Errorf("message %q, want the secret masked", a.Msg)
	}
	if seen != 2 || len(f.Hosts) != 2 {
		t.Errorf("%d events, %d hosts; want 2 and 2 (the bad line skipped)", seen, len(f.Hosts))
	}
}
