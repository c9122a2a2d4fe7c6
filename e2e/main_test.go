// Package e2e runs the built golive binary as a user would: headless from
// a shell, and in a real terminal (tmux) driven by keys and read back with
// capture-pane.
package e2e

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// golive is the binary under test, built once for the package.
var golive string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "golive-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	golive = filepath.Join(dir, "golive")
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	build := exec.Command("go", "build", "-o", golive, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building golive: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// repoFile is a file of the repository, for tests that use the demo.
func repoFile(name string) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(filepath.Dir(file)), name)
}

// freeAddr returns a loopback address nobody listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// writeFile writes a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// copyDemo copies the demo runbook into a fresh directory, so its state
// and the files its steps write stay out of the repository.
func copyDemo(t *testing.T) (dir, path string) {
	t.Helper()
	src, err := os.ReadFile(repoFile("config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	dir = t.TempDir()
	return dir, writeFile(t, dir, "config.toml", string(src))
}

// runGolive runs the binary in dir and returns stdout, stderr and the exit
// code.
func runGolive(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(golive, args...)
	cmd.Dir = dir
	var o, e bytesBuffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	code = 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running golive %v: %v", args, err)
	}
	return o.String(), e.String(), code
}
