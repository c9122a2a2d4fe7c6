package checks

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// openPTY opens a new pseudo-terminal pair. The terminal's end is opened
// from the master's descriptor (TIOCGPTPEER), not by its /dev/pts path:
// when pseudo-terminals come and go quickly, the kernel can still be
// removing the /dev/pts entry of a closed terminal whose number the new
// one reuses, and opening by path then fails with "no such file or
// directory" (seen between two steps of a launch on a loaded machine).
// Kernels before 4.13 lack the ioctl and get the path.
func openPTY() (master, tty *os.File, err error) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	defer func() {
		if err != nil {
			m.Close()
		}
	}()
	rc, err := m.SyscallConn()
	if err != nil {
		return nil, nil, err
	}
	var (
		n     uint32
		peer  = -1
		ioErr error
	)
	if cerr := rc.Control(func(fd uintptr) {
		if ioErr = unix.IoctlSetPointerInt(int(fd), unix.TIOCSPTLCK, 0); ioErr != nil {
			return
		}
		if n, ioErr = unix.IoctlGetUint32(int(fd), unix.TIOCGPTN); ioErr != nil {
			return
		}
		r, _, errno := unix.Syscall(unix.SYS_IOCTL, fd, unix.TIOCGPTPEER, uintptr(unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC))
		if errno == 0 {
			peer = int(r)
		}
	}); cerr != nil {
		return nil, nil, cerr
	}
	if ioErr != nil {
		return nil, nil, fmt.Errorf("pseudo-terminal: %w", ioErr)
	}
	name := fmt.Sprintf("/dev/pts/%d", n)
	if peer >= 0 {
		return m, os.NewFile(uintptr(peer), name), nil
	}
	t, err := os.OpenFile(name, os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, err
	}
	return m, t, nil
}

// rawOutput turns the terminal's output processing (OPOST) off, so the
// kernel passes the step's bytes on as written. With it on, the kernel
// turned every '\n' into "\r\n" character by character in the step's
// own write (n_tty_write was the step's largest cost under a flood, 13%
// of all samples with golive's), only for the pane to take "\r\n" as
// the '\n' it already starts a new line at column 0 for, and for the log
// to keep a '\r' on every line. What the pane shows does not change;
// the log keeps the step's own line ends.
func rawOutput(tty *os.File) error {
	rc, err := tty.SyscallConn()
	if err != nil {
		return err
	}
	var ioErr error
	if cerr := rc.Control(func(fd uintptr) {
		t, err := unix.IoctlGetTermios(int(fd), unix.TCGETS)
		if err != nil {
			ioErr = err
			return
		}
		t.Oflag &^= unix.OPOST
		ioErr = unix.IoctlSetTermios(int(fd), unix.TCSETS, t)
	}); cerr != nil {
		return cerr
	}
	if ioErr != nil {
		return fmt.Errorf("pseudo-terminal: %w", ioErr)
	}
	return nil
}
