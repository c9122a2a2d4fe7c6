package runbook

import (
	"fmt"
	"io"
	"os"
	"syscall"
)

// MaxSourceBytes is the largest runbook golive reads. Real runbooks are a
// few kilobytes; the cap keeps /dev/zero or a mistaken log file from
// eating memory before anything can be said about it.
const MaxSourceBytes = 16 << 20

// readSource reads a runbook file, refusing at once anything that is not
// a regular file (a FIFO would block, a device never end) or that is
// larger than MaxSourceBytes. Refusals are Problems, so they are exit 2
// with the file named.
func readSource(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("read runbook: %w", err)
	}
	if p := sourceProblem(path, st); p != nil {
		return nil, Problems{*p}
	}
	// O_NONBLOCK: if the path was swapped for a FIFO since the Stat, the
	// open must not wait for a writer; the second check below catches it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("read runbook: %w", err)
	}
	defer f.Close()
	st, err = f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read runbook: %w", err)
	}
	if p := sourceProblem(path, st); p != nil {
		return nil, Problems{*p}
	}
	src, err := io.ReadAll(io.LimitReader(f, MaxSourceBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read runbook: %w", err)
	}
	if len(src) > MaxSourceBytes {
		return nil, Problems{{Pos{File: path}, tooBig}}
	}
	return src, nil
}

var tooBig = fmt.Sprintf("larger than %d MB: a runbook is a small TOML file; check that this is the right file", MaxSourceBytes>>20)

// sourceProblem refuses what is not a regular file of sane size.
func sourceProblem(path string, st os.FileInfo) *Problem {
	switch {
	case st.IsDir():
		return &Problem{Pos{File: path}, "is a directory: name the runbook file inside it"}
	case !st.Mode().IsRegular():
		return &Problem{Pos{File: path}, fmt.Sprintf("not a regular file (%s): a runbook must be a TOML file", fileKind(st.Mode()))}
	case st.Size() > MaxSourceBytes:
		return &Problem{Pos{File: path}, tooBig}
	}
	return nil
}

func fileKind(m os.FileMode) string {
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a FIFO"
	case m&os.ModeCharDevice != 0:
		return "a character device"
	case m&os.ModeDevice != 0:
		return "a device"
	case m&os.ModeSocket != 0:
		return "a socket"
	}
	return m.Type().String()
}
