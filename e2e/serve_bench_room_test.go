package e2e

import (
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// idleMonitorRunbook reaches the monitor at once and soaks for longer
// than any benchmark, with 10 http probes every second against url. The
// thresholds are far above what a loopback answer takes even on a
// saturated machine, so that no breach ends the soak in a rollback.
func idleMonitorRunbook(url string) string {
	var s strings.Builder
	s.WriteString("\n[launch]\nname = \"bench\"\n\n[[cutover]]\nid = \"switch\"\nrun = \"true\"\n\n[monitor]\nduration = \"30m\"\ninterval = \"1s\"\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&s, "\n[[monitor.probe]]\nid = \"p%d\"\nhttp = { url = %q }\nexpect = [\"status == 200\"]\nwarn = \"latency > 2s\"\ncrit = \"latency > 5s\"\n", i, url)
	}
	return s.String()
}

// probeTarget is a real HTTP server on loopback for the probes.
func probeTarget(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/healthz"
}

// watcherRoles is the driver alice and n watchers w00, w01, ...
func watcherRoles(n int) map[string]string {
	roles := map[string]string{"alice": `["driver", "approver"]`}
	for i := 0; i < n; i++ {
		roles[fmt.Sprintf("w%02d", i)] = `["watcher"]`
	}
	return roles
}

// openWatchers connects n watchers at 200x50 and waits until each one's
// terminal shows its own cockpit.
func (r *benchServe) openWatchers(n int) []*benchClient {
	var cs []*benchClient
	for i := 0; i < n; i++ {
		cs = append(cs, r.open(fmt.Sprintf("w%02d", i), 200, 50))
	}
	for i, c := range cs {
		c.term.waitFor(r.b, 0, fmt.Sprintf("you: w%02d", i), 60*time.Second)
	}
	return cs
}

// idleWindow is how long BenchmarkServeIdleMonitor counts bytes.
const idleWindow = 10 * time.Second

// idleWarm is how long BenchmarkServeIdleMonitor lets the soak run before
// it counts: a probe row's sparkline at 200 columns holds 134 samples,
// and only once it is full does every sample shift it, as through the
// rest of a soak.
const idleWarm = 140 * time.Second

// BenchmarkServeIdleMonitor connects 5 watchers at 200x50 to a launch
// soaking in its monitor with 10 http probes every second, and reports
// the bytes per second each watcher's terminal received over idleWindow,
// once the sparklines are full (idleWarm). With GOLIVE_BENCH_BASE set,
// that binary runs its own launch at the same time (bytes do not depend
// on the machine's load) and its figure is prefixed base-.
//
//	go test ./e2e -run '^$' -bench ServeIdleMonitor -benchtime 1x -timeout 30m
func BenchmarkServeIdleMonitor(b *testing.B) {
	const watchers = 5
	rates := map[string][]float64{}
	for i := 0; i < b.N; i++ {
		type run struct {
			prefix string
			r      *benchServe
			cs     []*benchClient
			before []int
		}
		var runs []*run
		for _, bin := range benchBins() {
			r := startBenchServe(b, bin.path, idleMonitorRunbook(probeTarget(b)), watcherRoles(watchers), "--rehearse", "--yes")
			r.open("alice", 200, 50)
			r.waitOut(60*time.Second, "monitor - started")
			runs = append(runs, &run{prefix: bin.prefix, r: r, cs: r.openWatchers(watchers)})
		}
		time.Sleep(idleWarm)
		for _, x := range runs {
			for _, c := range x.cs {
				x.before = append(x.before, c.term.Len())
			}
		}
		time.Sleep(idleWindow)
		for _, x := range runs {
			if strings.Contains(x.r.out.String(), "rollback - started") {
				b.Fatalf("%sthe soak ended in a rollback, so the monitor was not idle:\n%s", x.prefix, x.r.out.String())
			}
			var total int
			for j, c := range x.cs {
				total += c.term.Len() - x.before[j]
			}
			rates[x.prefix] = append(rates[x.prefix], float64(total)/float64(len(x.cs))/idleWindow.Seconds())
			x.r.stop()
		}
	}
	for p, v := range rates {
		b.ReportMetric(medianOf(v, func(x float64) float64 { return x }), p+"B/s/session")
	}
}

// BenchmarkServeSessionMemory reports serve's resident memory per
// connected session: its RSS with the driver alone at the monitor, then
// with 20 watchers' cockpits (200x50, real OpenSSH clients) drawn, the
// difference divided by 20. With GOLIVE_BENCH_BASE set, that binary is
// measured in turn as well (figures prefixed base-).
//
//	go test ./e2e -run '^$' -bench ServeSessionMemory -benchtime 1x
func BenchmarkServeSessionMemory(b *testing.B) {
	const watchers = 20
	per, total := map[string][]float64{}, map[string][]float64{}
	for i := 0; i < b.N; i++ {
		for _, bin := range benchBins() {
			r := startBenchServe(b, bin.path, idleMonitorRunbook(probeTarget(b)), watcherRoles(watchers), "--rehearse", "--yes")
			r.open("alice", 200, 50).term.waitFor(b, 0, "you: alice", 60*time.Second)
			r.waitOut(60*time.Second, "monitor - started")
			rss0 := procRSS(b, r.srv.Process.Pid)
			r.openWatchers(watchers)
			rss1 := procRSS(b, r.srv.Process.Pid)
			per[bin.prefix] = append(per[bin.prefix], float64(rss1-rss0)/watchers/(1<<20))
			total[bin.prefix] = append(total[bin.prefix], float64(rss1)/(1<<20))
			r.stop()
		}
	}
	for p := range per {
		b.ReportMetric(medianOf(per[p], func(x float64) float64 { return x }), p+"MB/session")
		b.ReportMetric(medianOf(total[p], func(x float64) float64 { return x }), p+"MB-total")
	}
}

// procRSS is the resident set size of process pid, in bytes.
func procRSS(b *testing.B, pid int) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			return kb << 10
		}
	}
	b.Fatal("no VmRSS in /proc status")
	return 0
}

const floodForeverRunbook = `
[launch]
name = "bench"

[[cutover]]
id = "flood"
run = "while :; do seq 1 1000000; done"
`

// latencyKeys is how many keys BenchmarkServeDriverKeyLatency times.
const latencyKeys = 40

// BenchmarkServeDriverKeyLatency measures, while a step floods and 20
// watchers (200x50, real OpenSSH clients) watch it, how long a key of the
// driver takes from its OpenSSH client to its effect on the driver's
// terminal: N opens the note prompt, then each letter typed must appear
// in it. It reports the median and the worst of latencyKeys letters.
//
//	go test ./e2e -run '^$' -bench ServeDriverKeyLatency -benchtime 1x
func BenchmarkServeDriverKeyLatency(b *testing.B) {
	const watchers = 20
	lat := map[string][]time.Duration{}
	for i := 0; i < b.N; i++ {
		for _, bin := range benchBins() {
			lat[bin.prefix] = append(lat[bin.prefix], keyLatencies(b, bin.path, watchers)...)
		}
	}
	for p, l := range lat {
		sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		b.ReportMetric(float64(l[len(l)/2].Microseconds())/1000, p+"median-ms")
		b.ReportMetric(float64(l[len(l)-1].Microseconds())/1000, p+"worst-ms")
	}
}

// keyLatencies runs one flood of BenchmarkServeDriverKeyLatency with
// golive binary bin and returns each letter's latency.
func keyLatencies(b *testing.B, bin string, watchers int) []time.Duration {
	var lat []time.Duration
	r := startBenchServe(b, bin, floodForeverRunbook, watcherRoles(watchers), "--rehearse", "--yes")
	r.openWatchers(watchers)
	d := r.openScreen("alice", 200, 50)
	r.waitOut(60*time.Second, "cutover flood started")
	d.term.waitFor(b, 0, "you: alice", 60*time.Second)
	d.stdin.Write([]byte("N"))
	prompt := -1 // the row of the note prompt
	d.term.waitScreen(b, "the note prompt", func(t *vterm) bool {
		for y := range t.h {
			if strings.Contains(t.Line(y), "Note for the journal") {
				prompt = y
				return true
			}
		}
		return false
	}, 30*time.Second)
	// Each letter counts once the prompt's row shows all typed so far:
	// the screen as the driver sees it, whatever the renderer sent.
	typed := make([]byte, 0, latencyKeys)
	for k := 0; k < latencyKeys; k++ {
		c := byte('a' + rand.Intn(26))
		typed = append(typed, c)
		sent := time.Now()
		d.stdin.Write([]byte{c})
		want := string(typed)
		lat = append(lat, d.term.waitScreen(b, "the typed "+want, func(t *vterm) bool {
			for y := max(0, prompt-1); y < min(t.h, prompt+2); y++ {
				if strings.Contains(t.Line(y), want) {
					return true
				}
			}
			return false
		}, 30*time.Second).Sub(sent))
	}
	d.stdin.Write([]byte("\x1b")) // the note is not sent
	r.stop()
	return lat
}
