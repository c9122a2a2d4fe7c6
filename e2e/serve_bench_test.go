package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const benchFloodRunbook = `
[launch]
name = "bench"

[[cutover]]
id = "flood"
run = "seq 1 2000000"
`

// floodRounds is how many alternating runs, alone then watched, one
// iteration of BenchmarkServeFlood takes; it reports their medians.
const floodRounds = 3

// BenchmarkServeFlood runs a step printing `seq 1 2000000` under golive
// serve with the driver alone, then with 20 watchers too, each an OpenSSH
// client in its own 200x50 pseudo-terminal (script(1)), floodRounds times
// in turn. It reports the medians of the step's wall time (from the
// journal) and their ratio, serve's own CPU, the watchers' clients' CPU,
// and the bytes each watcher's session wrote, to set against an attached
// tmux client's ~2.5 MB. With GOLIVE_BENCH_BASE set, the binary it names
// runs the same rounds in turn with this tree's, and its figures are
// reported with the prefix base-.
//
//	go test ./e2e -run '^$' -bench ServeFlood -benchtime 1x
func BenchmarkServeFlood(b *testing.B) {
	if _, err := exec.LookPath("script"); err != nil {
		b.Skip("script(1) is not installed")
	}
	bins := benchBins()
	alone, watched := map[string][]floodResult{}, map[string][]floodResult{}
	for i := 0; i < b.N; i++ {
		for r := 0; r < floodRounds; r++ {
			for _, bin := range bins {
				alone[bin.prefix] = append(alone[bin.prefix], floodOnce(b, bin.path, 0))
				watched[bin.prefix] = append(watched[bin.prefix], floodOnce(b, bin.path, 20))
			}
		}
	}
	for _, bin := range bins {
		al, wa, p := alone[bin.prefix], watched[bin.prefix], bin.prefix
		a, w := medianOf(al, func(r floodResult) float64 { return float64(r.stepMs) }), medianOf(wa, func(r floodResult) float64 { return float64(r.stepMs) })
		b.ReportMetric(a, p+"alone-step-ms")
		b.ReportMetric(w, p+"watched-step-ms")
		b.ReportMetric(w/a, p+"x-wall")
		b.ReportMetric(medianOf(al, func(r floodResult) float64 { return float64(r.serveCPUms) }), p+"alone-serve-cpu-ms")
		b.ReportMetric(medianOf(wa, func(r floodResult) float64 { return float64(r.serveCPUms) }), p+"watched-serve-cpu-ms")
		b.ReportMetric(medianOf(wa, func(r floodResult) float64 { return float64(r.clientsCPUms) }), p+"clients-cpu-ms")
		b.ReportMetric(medianOf(wa, func(r floodResult) float64 { return float64(r.bytes) / 20 }), p+"B/watcher")
		for i := range al {
			b.Logf("%sround %d: alone %d ms (serve CPU %d ms, machine %d ms), 20 watchers %d ms (serve CPU %d ms, clients %d ms, machine %d ms, %d B/watcher)", p, i+1,
				al[i].stepMs, al[i].serveCPUms, al[i].machineCPUms, wa[i].stepMs, wa[i].serveCPUms, wa[i].clientsCPUms, wa[i].machineCPUms, wa[i].bytes/20)
		}
	}
}

// benchBin is a golive binary a benchmark measures; prefix names its
// figures.
type benchBin struct{ prefix, path string }

// benchBins is the binary built from this tree and, when
// GOLIVE_BENCH_BASE names one, a build of another commit to measure side
// by side with it.
func benchBins() []benchBin {
	bins := []benchBin{{"", golive}}
	if base := os.Getenv("GOLIVE_BENCH_BASE"); base != "" {
		bins = append(bins, benchBin{"base-", base})
	}
	return bins
}

func medianOf[T any](xs []T, f func(T) float64) float64 {
	v := make([]float64, len(xs))
	for i, x := range xs {
		v[i] = f(x)
	}
	sort.Float64s(v)
	if len(v) == 0 {
		return 0
	}
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

// floodResult is what one flood run measured.
type floodResult struct {
	stepMs     int64 // the step's wall time, from the journal
	bytes      int64 // what all watchers' sessions wrote, as serve says when each closes
	serveCPUms int64 // golive serve's own CPU (user + system) from the driver's connection to the step's end
	// clientsCPUms is the watchers' terminals' CPU meanwhile: script(1)
	// and the OpenSSH client under it.
	clientsCPUms int64
	// machineCPUms is every process's CPU meanwhile, other work on the
	// machine included.
	machineCPUms int64
}

// floodOnce runs the flood launch with watchers watching and measures it.
func floodOnce(b *testing.B, bin string, watchers int) floodResult {
	roles := map[string]string{"alice": `["driver", "approver"]`}
	for i := 0; i < watchers; i++ {
		roles[fmt.Sprintf("w%02d", i)] = `["watcher"]`
	}
	r := startBenchServe(b, bin, benchFloodRunbook, roles, "--rehearse", "--yes")
	for i := 0; i < watchers; i++ {
		r.open(fmt.Sprintf("w%02d", i), 200, 50)
	}
	if watchers > 0 {
		// Every watcher's session is open (the lines carry session IDs,
		// which are given at connection, not in the order of opening).
		r.waitCount(60*time.Second, "session-opened ", watchers)
	}
	cpu0, ccpu0, mcpu0 := procCPU(r.srv.Process.Pid), r.clientsCPU(), machineCPU()
	r.open("alice", 200, 50) // the driver releases the hold: the flood starts
	r.waitOut(300*time.Second, "cutover flood finished")
	cpu, ccpu, mcpu := procCPU(r.srv.Process.Pid)-cpu0, r.clientsCPU()-ccpu0, machineCPU()-mcpu0
	// Each watcher's session says, as it closes, what it wrote.
	for _, c := range r.clients[:watchers] {
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
	}
	var total int64
	if watchers > 0 {
		r.waitCount(60*time.Second, "wrote ", watchers)
		for _, line := range strings.Split(r.out.String(), "\n") {
			var id, cols, rows, writes int
			var name, after string
			var n int64
			if _, err := fmt.Sscanf(line, "golive: session %d of %s closed after %s %dx%d, wrote %d bytes in %d writes", &id, &name, &after, &cols, &rows, &n, &writes); err == nil && name != "alice" {
				total += n
			}
		}
	}
	return floodResult{stepMs: r.stepMs("flood"), bytes: total, serveCPUms: cpu.Milliseconds(), clientsCPUms: ccpu.Milliseconds(), machineCPUms: mcpu.Milliseconds()}
}

// benchServe is a golive serve run by a benchmark, with the OpenSSH
// clients it opened.
type benchServe struct {
	b       *testing.B
	dir     string
	people  map[string]person
	srv     *exec.Cmd
	out     *syncBuffer // serve's stdout and stderr
	port    string
	clients []*benchClient
}

// benchClient is one OpenSSH client in a pseudo-terminal of script(1).
type benchClient struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser // held open: the client waits for keys
	term  *termOutput    // what its terminal received
}

// termOutput keeps what a client's terminal received and when it grew.
type termOutput struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	screen *vterm        // what the terminal shows, when the benchmark needs it
	grew   chan struct{} // one slot: something arrived
}

func newTermOutput() *termOutput { return &termOutput{grew: make(chan struct{}, 1)} }

func (t *termOutput) Write(p []byte) (int, error) {
	t.mu.Lock()
	t.buf.Write(p)
	if t.screen != nil {
		t.screen.Write(p)
	}
	t.mu.Unlock()
	select {
	case t.grew <- struct{}{}:
	default:
	}
	return len(p), nil
}

// Len is how many bytes arrived so far.
func (t *termOutput) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.Len()
}

// waitFor waits until what arrived after offset from holds want and
// returns when it saw it.
func (t *termOutput) waitFor(b *testing.B, from int, want string, timeout time.Duration) time.Time {
	deadline := time.After(timeout)
	for {
		t.mu.Lock()
		found := bytes.Contains(t.buf.Bytes()[from:], []byte(want))
		t.mu.Unlock()
		if found {
			return time.Now()
		}
		select {
		case <-t.grew:
		case <-deadline:
			b.Fatalf("the terminal never showed %q within %v", want, timeout)
		}
	}
}

// waitScreen waits until the screen satisfies ok and returns when it did;
// the terminal must have been opened with a screen (openScreen).
func (t *termOutput) waitScreen(b *testing.B, what string, ok func(*vterm) bool, timeout time.Duration) time.Time {
	deadline := time.After(timeout)
	for {
		t.mu.Lock()
		found := ok(t.screen)
		text := t.screen.Text()
		t.mu.Unlock()
		if found {
			return time.Now()
		}
		select {
		case <-t.grew:
		case <-deadline:
			b.Fatalf("the screen never showed %s within %v; it shows:\n%s", what, timeout, text)
		}
	}
}

// startBenchServe writes the runbook with a key pair per person of roles
// and runs the golive binary bin's serve on it with args, on a free
// loopback port.
func startBenchServe(b *testing.B, bin, runbook string, roles map[string]string, args ...string) *benchServe {
	if _, err := exec.LookPath("script"); err != nil {
		b.Skip("script(1) is not installed")
	}
	dir := b.TempDir()
	people, toml := newPeople(b, dir, roles)
	path := filepath.Join(dir, "bench.toml")
	if err := os.WriteFile(path, []byte(runbook+toml), 0o644); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	r := &benchServe{b: b, dir: dir, people: people, out: &syncBuffer{}, port: addr[strings.LastIndexByte(addr, ':')+1:]}
	r.srv = exec.Command(bin, append(append([]string{"serve", "--listen", addr}, args...), path)...)
	r.srv.Dir = dir
	r.srv.Stdout, r.srv.Stderr = r.out, r.out
	r.srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := r.srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(r.stop)
	waitText(b, 20*time.Second, "serve", "connect with", r.out.String)
	return r
}

// stop ends the clients and serve, by their process groups.
func (r *benchServe) stop() {
	for _, c := range r.clients {
		syscall.Kill(-c.cmd.Process.Pid, syscall.SIGKILL)
		c.cmd.Wait()
	}
	killTree(r.srv.Process.Pid)
	r.srv.Wait()
}

// open connects name's OpenSSH client in a cols x rows pseudo-terminal.
func (r *benchServe) open(name string, cols, rows int) *benchClient {
	return r.openTerm(name, cols, rows, nil)
}

// openScreen opens as open does and keeps what the terminal shows.
func (r *benchServe) openScreen(name string, cols, rows int) *benchClient {
	return r.openTerm(name, cols, rows, newVterm(cols, rows))
}

func (r *benchServe) openTerm(name string, cols, rows int, screen *vterm) *benchClient {
	p := r.people[name]
	ssh := fmt.Sprintf("stty cols %d rows %d; exec ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityAgent=none -o LogLevel=ERROR -i %s -p %s 127.0.0.1", cols, rows, p.key, r.port)
	c := &benchClient{cmd: exec.Command("script", "-qfc", ssh, "/dev/null"), term: newTermOutput()}
	c.term.screen = screen
	c.cmd.Stdout, c.cmd.Stderr = c.term, io.Discard
	stdin, err := c.cmd.StdinPipe()
	if err != nil {
		r.b.Fatal(err)
	}
	c.stdin = stdin
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := c.cmd.Start(); err != nil {
		r.b.Fatal(err)
	}
	// Answer the renderer's questions (background colour, device
	// attributes) as a terminal would; script(1) passes no answer.
	stdin.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"))
	r.clients = append(r.clients, c)
	return c
}

func (r *benchServe) waitOut(timeout time.Duration, want string) {
	waitText(r.b, timeout, "serve", want, r.out.String)
}

// waitCount waits until serve's output holds want at least n times.
func (r *benchServe) waitCount(timeout time.Duration, want string, n int) {
	deadline := time.Now().Add(timeout)
	for strings.Count(r.out.String(), want) < n {
		if time.Now().After(deadline) {
			r.b.Fatalf("%q seen fewer than %d times within %v:\n%s", want, n, timeout, r.out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// clientsCPU is the CPU of the clients' process trees so far.
func (r *benchServe) clientsCPU() time.Duration {
	var sum time.Duration
	for _, c := range r.clients {
		sum += treeCPU(c.cmd.Process.Pid)
	}
	return sum
}

// stepMs is step id's duration_ms in the journal.
func (r *benchServe) stepMs(id string) int64 {
	journals, _ := filepath.Glob(filepath.Join(r.dir, ".golive", "*", "*", "journal.jsonl"))
	for _, j := range journals {
		data, err := os.ReadFile(j)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, `"type":"step_finished"`) && strings.Contains(line, `"id":"`+id+`"`) {
				i := strings.Index(line, `"duration_ms":`)
				if i < 0 {
					continue
				}
				rest := line[i+len(`"duration_ms":`):]
				n, _ := strconv.ParseInt(rest[:strings.IndexAny(rest, ",}")], 10, 64)
				return n
			}
		}
	}
	r.b.Fatalf("no step_finished of %s in %v", id, journals)
	return 0
}

// procCPU is the user + system CPU process pid has spent so far, its
// waited-for children not included; zero for a process gone.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after its ')' are fixed.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// machineCPU is the CPU all processors have spent busy so far: user,
// nice, system, interrupts and steal of /proc/stat.
func machineCPU() time.Duration {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(strings.SplitN(string(data), "\n", 2)[0])
	var busy int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 { // idle and iowait
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return time.Duration(busy) * time.Second / clockTicks
}

// treeCPU is the CPU of pid and its descendants so far.
func treeCPU(pid int) time.Duration {
	sum := procCPU(pid)
	kids, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", pid, pid))
	for _, f := range strings.Fields(string(kids)) {
		if k, err := strconv.Atoi(f); err == nil {
			sum += treeCPU(k)
		}
	}
	return sum
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times, which is
// 100 on every Linux this runs on.
const clockTicks = 100
