package e2e

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"golive/internal/testprom"
)

// dnsServer answers A queries for svc.golive.test. on loopback UDP and
// NXDOMAIN for anything else.
func dnsServer(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := dns.NewServeMux()
	mux.HandleFunc(".", func(w dns.ResponseWriter, r *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(r)
		q := r.Question[0]
		if q.Name == "svc.golive.test." && q.Qtype == dns.TypeA {
			rr, _ := dns.NewRR("svc.golive.test. 60 IN A 127.0.0.42")
			m.Answer = append(m.Answer, rr)
		} else {
			m.Rcode = dns.RcodeNameError
		}
		w.WriteMsg(m)
	})
	srv := &dns.Server{PacketConn: pc, Handler: mux}
	go srv.ActivateAndServe()
	t.Cleanup(func() { srv.Shutdown() })
	return pc.LocalAddr().String()
}

// `check --format json|junit` on a runbook that mixes passing and failing
// checks of every kind, against real servers on loopback.
func TestCheckFormatsOverEveryKind(t *testing.T) {
	web := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/down" {
			http.Error(w, "maintenance", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok","version":"v2"}`)
	}))
	defer web.Close()
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer tlsSrv.Close()
	tlsAddr := strings.TrimPrefix(tlsSrv.URL, "https://")
	closed := freeAddr(t)
	dnsAddr := dnsServer(t)
	prom := testprom.Start(t, time.Second)

	rb := fmt.Sprintf(`
[launch]
name = "kinds"

[[preflight]]
id = "run-ok"
run = "echo 42"
expect = ["value == 42"]

[[preflight]]
id = "run-bad"
run = "echo oops >&2; exit 3"

[[preflight]]
id = "http-ok"
http = { url = "%[1]s/health" }
expect = ["status == 200", "json \"version\" == \"v2\""]

[[preflight]]
id = "http-bad"
http = { url = "%[1]s/down" }
expect = ["status == 200"]

[[preflight]]
id = "tcp-ok"
tcp = "%[2]s"

[[preflight]]
id = "tcp-bad"
tcp = "%[3]s"
timeout = "2s"

[[preflight]]
id = "dns-ok"
dns = { name = "svc.golive.test", type = "A", server = "%[4]s" }
expect = ["answers contains \"127.0.0.42\""]

[[preflight]]
id = "dns-bad"
dns = { name = "nothing.golive.test", type = "A", server = "%[4]s" }
timeout = "2s"

[[preflight]]
id = "tls-ok"
tls = { address = "%[2]s", insecure = true }
expect = ["days_left > 0"]

[[preflight]]
id = "tls-bad"
tls = { address = "%[2]s" }

[[preflight]]
id = "prom-ok"
prometheus = { url = "%[5]s", query = "max(up)" }
expect = ["value == 1"]

[[preflight]]
id = "prom-error"
prometheus = { url = "%[5]s", query = "sum(rate(" }
`, web.URL, tlsAddr, closed, dnsAddr, prom)
	dir := t.TempDir()
	path := writeFile(t, dir, "kinds.toml", rb)

	out, errOut, code := runGolive(t, dir, "check", "--format", "json", path)
	if code != 1 {
		t.Fatalf("check: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	var doc struct {
		Checks []struct {
			ID         string `json:"id"`
			Name       string `json:"name"`
			Status     string `json:"status"`
			Attempts   int    `json:"attempts"`
			DurationMS *int64 `json:"duration_ms"`
			Reason     string `json:"reason"`
		} `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("stdout is not only JSON: %v\n%s", err, out)
	}
	want := map[string]string{
		"run-ok": "pass", "run-bad": "fail", "http-ok": "pass", "http-bad": "fail",
		"tcp-ok": "pass", "tcp-bad": "fail", "dns-ok": "pass", "dns-bad": "fail",
		"tls-ok": "pass", "tls-bad": "fail", "prom-ok": "pass", "prom-error": "error",
	}
	reasons := map[string]string{
		"http-bad": "503", "tcp-bad": "refused", "tls-bad": "certificate", "run-bad": "exit",
	}
	if len(doc.Checks) != len(want) {
		t.Errorf("%d checks in the document, want %d", len(doc.Checks), len(want))
	}
	for _, c := range doc.Checks {
		if c.Status != want[c.ID] {
			t.Errorf("%s: status %q, want %q (reason %q)", c.ID, c.Status, want[c.ID], c.Reason)
		}
		if c.Status != "pass" && c.Reason == "" {
			t.Errorf("%s: %s without a reason", c.ID, c.Status)
		}
		if w := reasons[c.ID]; w != "" && !strings.Contains(c.Reason, w) {
			t.Errorf("%s: reason %q does not mention %q", c.ID, c.Reason, w)
		}
		if c.DurationMS == nil || c.Attempts < 1 || c.Name == "" {
			t.Errorf("%s: incomplete record %+v", c.ID, c)
		}
	}

	out, _, code = runGolive(t, dir, "check", "--format", "junit", path)
	if code != 1 {
		t.Fatalf("check --format junit: exit %d, want 1", code)
	}
	var suites struct {
		Suites []struct {
			Tests    int `xml:"tests,attr"`
			Failures int `xml:"failures,attr"`
			Errors   int `xml:"errors,attr"`
			Cases    []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Error   *struct{} `xml:"error"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal([]byte(out), &suites); err != nil || len(suites.Suites) != 1 {
		t.Fatalf("not JUnit XML (%v):\n%s", err, out)
	}
	s := suites.Suites[0]
	if s.Tests != 12 || s.Failures != 5 || s.Errors != 1 || len(s.Cases) != 12 {
		t.Errorf("junit suite: tests %d failures %d errors %d cases %d; want 12 5 1 12", s.Tests, s.Failures, s.Errors, len(s.Cases))
	}
}
