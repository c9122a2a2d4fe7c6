//go:build unix

package checks

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// drainTime bounds how long output is still read once no process of the
// group is left. Only a process that escaped the group (a daemon that
// called setsid) can hold the output open that long; its output is then
// dropped rather than letting Wait hang.
const drainTime = 2 * time.Second

// pollEvery is how often an ending group is looked at.
const pollEvery = 20 * time.Millisecond

// Start starts spec.Command as Shell -c Command in a process group of its
// own, with its output copied to the spec's writers as it comes.
func Start(spec ProcSpec) (*Proc, error) {
	if strings.TrimSpace(spec.Command) == "" && len(spec.Argv) == 0 {
		return nil, errors.New("no command to run")
	}
	if spec.Shell == "" {
		spec.Shell = "/bin/sh"
	}
	if spec.Grace <= 0 {
		spec.Grace = DefaultGrace
	}
	if spec.Cols <= 0 {
		spec.Cols = 80
	}
	if spec.Rows <= 0 {
		spec.Rows = 24
	}
	if spec.Stdout == nil {
		spec.Stdout = io.Discard
	}
	cmd := exec.Command(spec.Shell, "-c", spec.Command)
	if len(spec.Argv) > 0 {
		cmd = exec.Command(spec.Argv[0], spec.Argv[1:]...)
	}
	cmd.ExtraFiles = spec.ExtraFiles
	cmd.Dir = spec.Dir
	cmd.Env = procEnv(spec.Env, spec.PTY)
	p := &Proc{
		spec:        spec,
		cmd:         cmd,
		exited:      make(chan struct{}),
		readersDone: make(chan struct{}),
		done:        make(chan struct{}),
	}
	var err error
	if spec.PTY {
		err = p.startPTY()
	} else {
		err = p.startPipes()
	}
	if err != nil {
		name := spec.Shell
		if len(spec.Argv) > 0 {
			name = spec.Argv[0]
		}
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	p.pid = cmd.Process.Pid
	p.start = time.Now()
	p.startReaders()
	go p.wait()
	return p, nil
}

// procEnv returns env with the pager and terminal variables golive forces.
func procEnv(env []string, withPTY bool) []string {
	if env == nil {
		env = os.Environ()
	}
	term := "dumb"
	if withPTY {
		term = "xterm-256color"
	}
	forced := map[string]string{"PAGER": "cat", "GIT_PAGER": "cat", "TERM": term}
	out := make([]string, 0, len(env)+len(forced))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if _, ok := forced[name]; ok {
			continue
		}
		out = append(out, kv)
	}
	for _, name := range []string{"PAGER", "GIT_PAGER", "TERM"} {
		out = append(out, name+"="+forced[name])
	}
	return out
}

// startPipes starts the command with stdout and stderr on pipes of ours
// (not exec's copying goroutines, which would make Wait hang while a
// background grandchild holds a pipe).
func (p *Proc) startPipes() error {
	stdin, closeIn, err := p.stdinFile()
	if err != nil {
		return err
	}
	defer closeIn()
	outR, outW, err := os.Pipe()
	if err != nil {
		return err
	}
	p.outputs = append(p.outputs, outR)
	p.cmd.Stdout = outW
	p.cmd.Stderr = outW
	var errW *os.File
	if p.spec.Stderr != nil {
		var errR *os.File
		errR, errW, err = os.Pipe()
		if err != nil {
			outR.Close()
			outW.Close()
			return err
		}
		p.outputs = append(p.outputs, errR)
		p.cmd.Stderr = errW
	}
	p.cmd.Stdin = stdin
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = p.cmd.Start()
	outW.Close()
	if errW != nil {
		errW.Close()
	}
	if err != nil {
		p.closeOutputs()
		if p.stdin != nil {
			p.stdin.Close()
		}
		return err
	}
	return nil
}

// startPTY starts the command on a new pseudo-terminal, as the leader of
// a new session whose controlling terminal it is.
func (p *Proc) startPTY() error {
	if !p.spec.Stdin {
		devnull, err := os.Open(os.DevNull)
		if err != nil {
			return err
		}
		defer devnull.Close()
		p.cmd.Stdin = devnull
	}
	// Ctty names the child's descriptor of the terminal: its stdout is
	// always the terminal, its stdin only when interactive.
	attrs := &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 1}
	ptmx, tty, err := openPTY()
	if err != nil {
		return err
	}
	defer tty.Close()
	if err := setWinsize(ptmx, p.spec.Cols, p.spec.Rows); err != nil {
		ptmx.Close()
		return err
	}
	if err := rawOutput(tty); err != nil {
		ptmx.Close()
		return err
	}
	for _, f := range []*io.Writer{&p.cmd.Stdout, &p.cmd.Stderr} {
		if *f == nil {
			*f = tty
		}
	}
	if p.cmd.Stdin == nil {
		p.cmd.Stdin = tty
	}
	p.cmd.SysProcAttr = attrs
	if err := p.cmd.Start(); err != nil {
		ptmx.Close()
		return err
	}
	ptmx = pollable(ptmx)
	p.ptmx = ptmx
	p.outputs = []*os.File{ptmx}
	return nil
}

// pollable returns the terminal's master as a non-blocking file the Go
// runtime's poller waits on, closing ptmx; ptmx itself when it is one
// already (openPTY keeps it so on Linux) or when that fails.
// A read of a blocking master holds a thread in the kernel, and under a
// flood the runtime's monitor then wakes every 20 µs to hand that
// thread's work to another: a tenth of golive's CPU, for nothing.
func pollable(ptmx *os.File) *os.File {
	rc, err := ptmx.SyscallConn()
	if err != nil || nonblocking(rc) {
		return ptmx
	}
	dup := -1
	cerr := rc.Control(func(fd uintptr) {
		dup, err = unix.FcntlInt(fd, unix.F_DUPFD_CLOEXEC, 0)
	})
	if cerr != nil || err != nil || dup < 0 {
		return ptmx
	}
	if err := unix.SetNonblock(dup, true); err != nil {
		_ = unix.Close(dup)
		return ptmx
	}
	_ = ptmx.Close()
	return os.NewFile(uintptr(dup), ptmx.Name())
}

// nonblocking reports whether a read of rc's descriptor returns at once
// when there is nothing to read.
func nonblocking(rc syscall.RawConn) bool {
	nb := false
	_ = rc.Control(func(fd uintptr) {
		fl, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
		nb = err == nil && fl&unix.O_NONBLOCK != 0
	})
	return nb
}

// stdinFile returns what the child reads: /dev/null, or the read end of a
// pipe fed by Write when the spec is interactive. closeIn closes the
// parent's copy of it once the child has its own.
func (p *Proc) stdinFile() (f *os.File, closeIn func(), err error) {
	if !p.spec.Stdin {
		f, err = os.Open(os.DevNull)
		if err != nil {
			return nil, nil, err
		}
		return f, func() { f.Close() }, nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	p.stdin = w
	return r, func() { r.Close() }, nil
}

// startReaders starts one goroutine per output stream.
func (p *Proc) startReaders() {
	writers := []io.Writer{p.spec.Stdout}
	if p.spec.Stderr != nil && !p.spec.PTY {
		writers = append(writers, p.spec.Stderr)
	}
	left := make(chan struct{}, len(p.outputs))
	for i, f := range p.outputs {
		go p.copyOut(f, writers[i], left)
	}
	go func() {
		for range p.outputs {
			<-left
		}
		close(p.readersDone)
	}()
}

// copyOut copies one stream to its writer until it ends. With a PTY, EIO
// is how the master reports that every holder of the terminal closed it.
// The chunk read is written before the next read: handing it to a writer
// goroutine instead, so that reading overlapped the log and the pane, cost
// more in switches between the two than the overlap gained on two cores
// (perf stat of the progress flood: 100k context switches instead of 78k,
// and 0.1 s more CPU), and the PTY's own buffer already lets the step run
// on while the chunk is written.
func (p *Proc) copyOut(f *os.File, w io.Writer, left chan<- struct{}) {
	defer func() { left <- struct{}{} }()
	buf := make([]byte, 32*1024)
	var queries *queryAnswerer
	if f == p.ptmx {
		queries = &queryAnswerer{}
	}
	rc, rcErr := f.SyscallConn()
	nb := rcErr == nil && nonblocking(rc)
	polled := f.SetReadDeadline(time.Time{}) == nil
	for {
		n, err := f.Read(buf)
		if err == nil && n >= gatherFrom {
			switch {
			case polled:
				n = p.gatherPolled(f, buf, n)
			case rcErr == nil:
				n = gather(rc, nb, buf, n)
			}
		}
		if n > 0 {
			if queries != nil {
				if reply := queries.answers(buf[:n]); reply != nil {
					_, _ = f.Write(reply)
				}
			}
			_, _ = w.Write(buf[:n])
		}
		if err == nil {
			continue
		}
		if !errors.Is(err, io.EOF) && !errors.Is(err, syscall.EIO) &&
			!errors.Is(err, os.ErrDeadlineExceeded) && !errors.Is(err, os.ErrClosed) {
			p.mu.Lock()
			p.readErr = err
			p.mu.Unlock()
		}
		return
	}
}

// A read of at least gatherFrom bytes means a flood: the reader then
// gathers what follows for up to gatherFor before passing it on, so that
// the log, the masker and the pane take one 32 KiB write instead of a
// dozen of a few KiB (a pseudo-terminal hands out at most 4 KiB a read).
// A trickle of output is passed on at once.
const (
	gatherFrom = 1024
	gatherFor  = 2 * time.Millisecond
	gatherNap  = 200 * time.Microsecond
)

// gatherPolled is gather for a stream the runtime's poller waits on (a
// pipe, or the PTY master made pollable): it adds to buf[:n] what comes
// within gatherFor, woken by the poller when output arrives instead of
// napping and looking again, as a loaded machine made it do many times
// for each read. An error or the end of the stream is left for the next
// Read to report.
func (p *Proc) gatherPolled(f *os.File, buf []byte, n int) int {
	if f.SetReadDeadline(time.Now().Add(gatherFor)) != nil {
		return n
	}
	for n < len(buf)-4096 {
		m, err := f.Read(buf[n:])
		n += m
		if err != nil {
			break
		}
	}
	_ = f.SetReadDeadline(time.Time{})
	if p.draining.Load() {
		// wait set a deadline to drain by meanwhile: keep it.
		_ = f.SetReadDeadline(time.Now())
	}
	return n
}

// gather adds to buf[:n] what can be read without blocking, napping
// briefly when nothing is there yet, until buf is nearly full or
// gatherFor has passed. It returns the new length; an error or the end
// of the stream is left for the next Read to report.
func gather(rc syscall.RawConn, nb bool, buf []byte, n int) int {
	deadline := time.Now().Add(gatherFor)
	for n < len(buf)-4096 {
		got, stop := 0, false
		_ = rc.Read(func(fd uintptr) bool {
			// A descriptor in blocking mode (nb false) is read only when
			// poll says there is something, or a quiet stream would hold
			// what was gathered until it spoke again.
			if !nb {
				ready, hup := readable(int(fd))
				if !ready {
					stop = hup
					return true
				}
			}
			for {
				m, err := syscall.Read(int(fd), buf[n:])
				switch {
				case err == syscall.EINTR:
					continue
				case m > 0:
					got = m
				case err != syscall.EAGAIN:
					stop = true // end of stream or an error: Read reports it
				}
				return true
			}
		})
		n += got
		if stop {
			return n
		}
		if got == 0 {
			if !time.Now().Before(deadline) {
				return n
			}
			time.Sleep(gatherNap)
		}
	}
	return n
}

// readable polls fd without waiting: whether a read would return at once
// with data, and whether the other side hung up with nothing left.
func readable(fd int) (ready, hup bool) {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(fds, 0)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n == 0 {
			return false, false
		}
		re := fds[0].Revents
		return re&unix.POLLIN != 0, re&(unix.POLLHUP|unix.POLLERR|unix.POLLNVAL) != 0
	}
}

// wait reaps the leader, ends what it left in its group (unless the spec
// is Background), drains the output for a bounded time, and closes done.
func (p *Proc) wait() {
	err := p.cmd.Wait()
	end := time.Now()
	res := ProcResult{Exit: -1}
	var st syscall.WaitStatus
	ok := false
	if p.cmd.ProcessState != nil {
		st, ok = p.cmd.ProcessState.Sys().(syscall.WaitStatus)
	}
	if ok {
		switch {
		case st.Exited():
			res.Exit = st.ExitStatus()
		case st.Signaled():
			res.Exit = 128 + int(st.Signal())
			res.Signal = signalName(st.Signal())
		}
	} else if err != nil {
		res.Err = err
	}
	close(p.exited)

	if p.checkGroup() && !p.spec.Background {
		p.mu.Lock()
		stopping := p.stopping
		p.mu.Unlock()
		if !stopping {
			// The leader is gone but left processes behind: the step
			// is over, so they end too. SIGHUP is what they would get
			// had their terminal gone away.
			p.signalGroup(syscall.SIGHUP)
			p.signalGroup(syscall.SIGINT)
			p.endGroupAfter(p.spec.Grace)
		}
	}
	for p.checkGroup() {
		time.Sleep(pollEvery * 5)
	}
	select {
	case <-p.readersDone:
	case <-time.After(drainTime):
		p.draining.Store(true)
		for _, f := range p.outputs {
			_ = f.SetReadDeadline(time.Now())
		}
		<-p.readersDone
	}
	p.closeOutputs()
	if p.stdin != nil {
		p.stdin.Close()
	}
	p.mu.Lock()
	res.Duration = end.Sub(p.start)
	if res.Err == nil {
		res.Err = p.readErr
	}
	p.res = res
	p.mu.Unlock()
	close(p.done)
}

// endGroupAfter waits up to grace for the group to end by itself, then
// kills whatever is left of it.
func (p *Proc) endGroupAfter(grace time.Duration) {
	deadline := time.Now().Add(grace)
	for p.checkGroup() {
		if !time.Now().Before(deadline) {
			p.signalGroup(syscall.SIGKILL)
			return
		}
		time.Sleep(pollEvery)
	}
}

// closeOutputs closes what the readers drained. It holds mu so that a
// Resize never reads the PTY's descriptor while it is being closed.
func (p *Proc) closeOutputs() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.outClosed = true
	for _, f := range p.outputs {
		_ = f.Close()
	}
}

// Pid returns the group leader's pid, which is also the group's id.
func (p *Proc) Pid() int { return p.pid }

// Done is closed once the process exited, nothing of its group is left,
// and its output is drained.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited is closed as soon as the leader exited; processes it left behind
// may still be ending.
func (p *Proc) Exited() <-chan struct{} { return p.exited }

// Wait blocks until Done and returns how the process ended.
func (p *Proc) Wait() ProcResult {
	<-p.done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.res
}

// Stop ends the whole group: SIGINT, then SIGKILL after the spec's Grace
// to whatever is left (also when the leader already exited but left
// children behind). It waits until the process is Done.
func (p *Proc) Stop() ProcResult {
	p.mu.Lock()
	p.stopping = true
	p.mu.Unlock()
	p.signalGroup(syscall.SIGINT)
	p.endGroupAfter(p.spec.Grace)
	return p.Wait()
}

// Kill sends SIGKILL to the whole group at once and waits until Done.
func (p *Proc) Kill() ProcResult {
	p.mu.Lock()
	p.stopping = true
	p.mu.Unlock()
	p.signalGroup(syscall.SIGKILL)
	return p.Wait()
}

// Resize sets the pseudo-terminal's size; without a PTY it does nothing.
func (p *Proc) Resize(cols, rows int) error {
	if p.ptmx == nil || cols <= 0 || rows <= 0 {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.outClosed {
		return nil
	}
	return setWinsize(p.ptmx, cols, rows)
}

// setWinsize sets a terminal's size through its raw descriptor: Fd would
// put the master back in blocking mode.
func setWinsize(f *os.File, cols, rows int) error {
	rc, err := f.SyscallConn()
	if err != nil {
		return err
	}
	var ierr error
	if err := rc.Control(func(fd uintptr) {
		ierr = unix.IoctlSetWinsize(int(fd), unix.TIOCSWINSZ, &unix.Winsize{Col: uint16(cols), Row: uint16(rows)})
	}); err != nil {
		return err
	}
	return ierr
}

// Write feeds an interactive process's input: the terminal with a PTY,
// else its stdin pipe.
func (p *Proc) Write(b []byte) (int, error) {
	if !p.spec.Stdin {
		return 0, errors.New("the process is not interactive: its input is /dev/null")
	}
	if p.ptmx != nil {
		return p.ptmx.Write(b)
	}
	return p.stdin.Write(b)
}

// CloseStdin ends an interactive process's input with pipes (with a PTY,
// write the terminal's end-of-file character, Ctrl-D, instead).
func (p *Proc) CloseStdin() error {
	if p.stdin == nil {
		return nil
	}
	return p.stdin.Close()
}

// signalName names a signal the way operators write it.
func signalName(s syscall.Signal) string {
	switch s {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGKILL:
		return "SIGKILL"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	case syscall.SIGQUIT:
		return "SIGQUIT"
	case syscall.SIGPIPE:
		return "SIGPIPE"
	case syscall.SIGSEGV:
		return "SIGSEGV"
	case syscall.SIGABRT:
		return "SIGABRT"
	}
	return s.String()
}
