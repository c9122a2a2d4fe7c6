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
