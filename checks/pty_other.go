//go:build unix && !linux

package checks

import (
	"os"

	"github.com/creack/pty"
)

// openPTY opens a new pseudo-terminal pair.
func openPTY() (master, tty *os.File, err error) { return pty.Open() }
