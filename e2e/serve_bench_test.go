package e2e

import (
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// BenchmarkServeFlood runs a step printing `seq 1 2000000` under golive
// serve with the driver alone, then with 20 watchers too, each an OpenSSH
// client in its own 200x50 pseudo-terminal (script(1)). It reports the
// step's wall time from the journal and the bytes each watcher's client
// received, to set against an attached tmux client's ~2.5 MB.
//
//	go test ./e2e -run '^$' -bench ServeFlood -benchtime 1x
func BenchmarkServeFlood(b *testing.B) {
	if _, err := exec.LookPath("script"); err != nil {
		b.Skip("script(1) is not installed")
	}
	for _, watchers := range []int{0, 20} {
		b.Run(fmt.Sprintf("watchers=%d", watchers), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				ms, bytes := floodOnce(b, watchers)
				b.ReportMetric(float64(ms), "step-ms")
				if watchers > 0 {
					b.ReportMetric(float64(bytes)/float64(watchers), "B/watcher")
				}
			}
		})
	}
}

// floodOnce runs the flood launch and returns the step's duration and
// the bytes all watchers received.
func floodOnce(b *testing.B, watchers int) (int64, int64) {
	dir := b.TempDir()
	roles := map[string]string{"alice": `["driver", "approver"]`}
	for i := 0; i < watchers; i++ {
		roles[fmt.Sprintf("w%02d", i)] = `["watcher"]`
	}
	people, toml := newPeople(b, dir, roles)
	path := filepath.Join(dir, "bench.toml")
	if err := os.WriteFile(path, []byte(benchFloodRunbook+toml), 0o644); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	port := addr[strings.LastIndexByte(addr, ':')+1:]
	srv := exec.Command(golive, "serve", "--listen", addr, "--rehearse", "--yes", path)
	srv.Dir = dir
	out := &syncBuffer{}
	srv.Stdout, srv.Stderr = out, out
	srv.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	defer func() { syscall.Kill(-srv.Process.Pid, syscall.SIGKILL); srv.Wait() }()
	waitText(b, 20*time.Second, "serve", "connect with", out.String)

	var clients []*exec.Cmd
	var stdins []io.WriteCloser // held open: a client waits for keys
	open := func(p person) {
		ssh := fmt.Sprintf("stty cols 200 rows 50; exec ssh -tt -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o IdentitiesOnly=yes -o IdentityAgent=none -o LogLevel=ERROR -i %s -p %s 127.0.0.1", p.key, port)
		c := exec.Command("script", "-qfc", ssh, "/dev/null")
		c.Stdout, c.Stderr = io.Discard, io.Discard
		stdin, err := c.StdinPipe()
		if err != nil {
			b.Fatal(err)
		}
		stdins = append(stdins, stdin)
		c.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		if err := c.Start(); err != nil {
			b.Fatal(err)
		}
		// Answer the renderer's questions (background colour, device
		// attributes) as a terminal would; script(1) passes no answer.
		stdin.Write([]byte("\x1b]11;rgb:0000/0000/0000\x07\x1b[?62;22c"))
		clients = append(clients, c)
	}
	defer func() {
		for _, c := range clients {
			syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
			c.Wait()
		}
	}()
	for name, p := range people {
		if name != "alice" {
			open(p)
		}
	}
	if watchers > 0 {
		waitText(b, 60*time.Second, "serve", fmt.Sprintf("session-opened %d ", watchers), out.String)
	}
	b.ResetTimer()
	open(people["alice"]) // the driver releases the hold: the flood starts
	waitText(b, 300*time.Second, "serve", "cutover flood finished", out.String)
	b.StopTimer()
	// Each watcher's session says, as it closes, what it wrote.
	for _, c := range clients[:len(clients)-1] {
		syscall.Kill(-c.Process.Pid, syscall.SIGKILL)
	}
	var total int64
	if watchers > 0 {
		waitCount(b, 60*time.Second, "sessions closed", out.String, "wrote ", watchers)
		for _, line := range strings.Split(out.String(), "\n") {
			var id, cols, rows, writes int
			var name, after string
			var n int64
			if _, err := fmt.Sscanf(line, "golive: session %d of %s closed after %s %dx%d, wrote %d bytes in %d writes", &id, &name, &after, &cols, &rows, &n, &writes); err == nil && name != "alice" {
				total += n
			}
		}
	}
	var ms int64
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "cutover flood finished") {
			var d time.Duration
			fields := strings.Fields(line)
			d, err = time.ParseDuration(fields[len(fields)-1])
			if err == nil {
				ms = d.Milliseconds()
			}
		}
	}
	return ms, total
}

// waitCount waits until read() holds want at least n times.
func waitCount(b *testing.B, timeout time.Duration, what string, read func() string, want string, n int) {
	deadline := time.Now().Add(timeout)
	for strings.Count(read(), want) < n {
		if time.Now().After(deadline) {
			b.Fatalf("%s: %q seen fewer than %d times within %v:\n%s", what, want, n, timeout, read())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
