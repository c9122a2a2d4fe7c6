//go:build unix && !linux

package checks

import (
	"os"

	"github.com/creack/pty"
)

// openPTY opens a new pseudo-terminal pair.
func openPTY() (master, tty *os.File, err error) { return pty.Open() }

// rawOutput leaves the terminal's output processing as the system sets
// it: on Linux it is turned off (see pty_linux.go).
func rawOutput(*os.File) error { return nil }
