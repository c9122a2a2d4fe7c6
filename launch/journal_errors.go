package launch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

var errJournalClosed = errors.New("the journal is closed")

// JournalWriteError is a write, sync or close of the journal that the
// disk refused. It names the journal and, when the filesystem is full,
// the filesystem and how much to free, so the operator can act on it.
// It wraps the system error: errors.Is(err, syscall.ENOSPC) works.
type JournalWriteError struct {
	Op    string // write, sync or close
	Path  string // the journal file
	Mount string // the mount point of its filesystem, when known
	Free  int64  // bytes free for an unprivileged writer there, -1 unknown
	Err   error
	// before says the write came before the launch started (the lock):
	// there is nothing to resume, the launch is run again.
	before bool
}

// NoSpace reports whether the filesystem of the journal is full.
func (e *JournalWriteError) NoSpace() bool {
	return errors.Is(e.Err, syscall.ENOSPC) || errors.Is(e.Err, syscall.EDQUOT)
}

func (e *JournalWriteError) Error() string {
	msg := fmt.Sprintf("%s %s: %v", e.Op, e.Path, unwrapPathErr(e.Err))
	if e.NoSpace() {
		where := e.Mount
		if where == "" {
			where = filepath.Dir(e.Path)
		}
		then := "resume with --resume"
		if e.before {
			then = "run it again"
		}
		msg += fmt.Sprintf("; the filesystem at %s is full (%s free): free some megabytes there, then %s", where, fmtBytes(e.Free), then)
	}
	return msg
}

func (e *JournalWriteError) Unwrap() error { return e.Err }

// unwrapPathErr drops the *PathError wrapping whose path Error already
// names.
func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// DiskFullBeforeStart returns err, a failed write to path before the
// launch started (taking the lock), as a *JournalWriteError that names the
// full filesystem, or nil when err does not say the filesystem is full.
func DiskFullBeforeStart(path string, err error) *JournalWriteError {
	if err == nil {
		return nil
	}
	w := newWriteError("write", path, err)
	if !w.NoSpace() {
		return nil
	}
	w.before = true
	return w
}

func newWriteError(op, path string, err error) *JournalWriteError {
	e := &JournalWriteError{Op: op, Path: path, Err: err, Free: -1}
	if e.NoSpace() {
		e.Mount, e.Free = mountOf(filepath.Dir(path))
	}
	return e
}

// mountOf returns the mount point of the filesystem holding dir (the
// highest ancestor on the same device) and the bytes free there.
func mountOf(dir string) (string, int64) {
	free := int64(-1)
	var fs syscall.Statfs_t
	if syscall.Statfs(dir, &fs) == nil {
		free = int64(fs.Bavail) * int64(fs.Bsize)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", free
	}
	var st syscall.Stat_t
	if syscall.Stat(abs, &st) != nil {
		return "", free
	}
	mount := abs
	for {
		parent := filepath.Dir(mount)
		var pst syscall.Stat_t
		if parent == mount || syscall.Stat(parent, &pst) != nil || pst.Dev != st.Dev {
			return mount, free
		}
		mount = parent
	}
}

func fmtBytes(n int64) string {
	switch {
	case n < 0:
		return "unknown"
	case n < 1<<10:
		return strconv.FormatInt(n, 10) + " B"
	case n < 1<<20:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n>>20, 10) + " MB"
}

// JournalDamage says a journal holds bad lines that are not a torn tail:
// something other than golive wrote into it, or the disk lost a block.
// The events of the good lines are still returned beside it.
type JournalDamage struct {
	Path  string
	Lines []int  // 1-based numbers of the bad lines
	Why   string // what is wrong with the first of them
}

func (d *JournalDamage) Error() string {
	nums := make([]string, 0, len(d.Lines))
	for i, n := range d.Lines {
		if i == 5 {
			nums = append(nums, fmt.Sprintf("and %d more", len(d.Lines)-5))
			break
		}
		nums = append(nums, strconv.Itoa(n))
	}
	word := "line"
	if len(d.Lines) > 1 {
		word = "lines"
	}
	where := d.Path
	if where == "" {
		where = "journal"
	}
	return fmt.Sprintf("%s: %s %s damaged (%s)", where, word, strings.Join(nums, ", "), d.Why)
}

// SetAside moves a launch directory out of the way (a damaged one, before
// a fresh launch), renaming it so that it no longer counts as a launch,
// and returns where it went. Nothing is deleted.
func SetAside(dir string) (string, error) {
	for i := 0; i < 100; i++ {
		to := dir + ".damaged"
		if i > 0 {
			to += "-" + strconv.Itoa(i)
		}
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.Rename(dir, to); err != nil {
			return "", fmt.Errorf("set aside %s: %w", dir, err)
		}
		return to, nil
	}
	return "", fmt.Errorf("set aside %s: too many damaged copies beside it", dir)
}
