//go:build unix

package checks

import (
	"bytes"
	"sync"
	"testing"
	"time"
)

// TestPTYsInQuickSuccession starts short steps on pseudo-terminals one
// after the other from two goroutines, as a launch's steps and a check's
// re-runs do: each new terminal tends to reuse the number of one just
// closed. Every start must succeed and every step's output arrive; when
// the terminal's end was opened by its /dev/pts path, one start in a few
// hundred failed on a loaded machine with "open /dev/pts/N: no such file
// or directory".
func TestPTYsInQuickSuccession(t *testing.T) {
	const each = 150
	var wg sync.WaitGroup
	errs := make(chan error, 2*each)
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				var out bytes.Buffer
				p, err := Start(ProcSpec{Command: "echo here", PTY: true, Stdout: &out})
				if err != nil {
					errs <- err
					continue
				}
				<-p.Done()
				if !bytes.Contains(out.Bytes(), []byte("here")) {
					t.Errorf("a step's output was lost: %q", out.String())
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	n := 0
	for err := range errs {
		if n == 0 {
			t.Errorf("a step on a pseudo-terminal did not start: %v", err)
		}
		n++
	}
	if n > 0 {
		t.Errorf("%d of %d starts failed", n, 2*each)
	}
}

// TestPTYMasterIsPolled: a step's terminal is read through the runtime's
// poller (non-blocking), so a flood's reads never hold a thread in the
// kernel, and setting its size did not put it back in blocking mode.
func TestPTYMasterIsPolled(t *testing.T) {
	p, err := Start(ProcSpec{Command: "sleep 5", PTY: true, Cols: 100, Rows: 30, Grace: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { p.Stop(); <-p.Done() }()
	if err := p.Resize(120, 40); err != nil {
		t.Fatal(err)
	}
	rc, err := p.ptmx.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	if !nonblocking(rc) {
		t.Fatal("the terminal's master is in blocking mode")
	}
}
