package launch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// LockFile is the name of the one-driver lock inside a state root.
const LockFile = "lock"

// LockedError says another live driver holds the launch lock.
type LockedError struct {
	Holder string // USER@HOST
	PID    int
	Since  string // RFC 3339
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("locked by %s pid %d since %s", e.Holder, e.PID, e.Since)
}

// lockInfo is what the lock file says about its holder, so that a refused
// driver can be told who holds the launch.
type lockInfo struct {
	Driver string `json:"driver"`
	PID    int    `json:"pid"`
	Since  string `json:"since"`
	Host   string `json:"host"`
}

// Lock is the one-driver lock of a runbook's state root.
//
// It is an flock(2) on the state root directory itself, held for as long
// as the process keeps the directory open: the kernel releases it when the
// process dies, however it dies, so a stale lock is simply one nobody
// holds and is taken over. Locking the directory rather than a file in it
// means the lock survives its file being deleted or replaced (rm of
// root/lock during a launch must not let a second driver in). The file
// root/lock only names the holder in a refusal; when it is gone, the
// holder is found through the kernel's lock table instead.
type Lock struct {
	dir  *os.File // the locked state root
	path string   // root/lock, the holder's details
}

// AcquireLock takes the lock of root for driver (USER@HOST) and this
// process, taking over a stale lock of a dead process. It returns a
// *LockedError when a live process holds it.
func AcquireLock(root, driver string) (*Lock, error) {
	if err := os.MkdirAll(root, stateDirMode); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	path := filepath.Join(root, LockFile)
	d, err := os.Open(root)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		d.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, lockedBy(root, path)
		}
		return nil, fmt.Errorf("lock %s: %w", root, err)
	}
	host, _ := os.Hostname()
	info := lockInfo{Driver: driver, PID: os.Getpid(), Since: time.Now().UTC().Format(time.RFC3339), Host: host}
	data, _ := json.Marshal(info)
	if err := writeLockInfo(path, append(data, '\n')); err != nil {
		d.Close()
		return nil, fmt.Errorf("lock: %w", err)
	}
	return &Lock{dir: d, path: path}, nil
}

// writeLockInfo replaces the holder's details atomically, so a refused
// driver never reads half of them.
func writeLockInfo(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, stateFileMode); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// lockedBy builds the refusal from the holder's lock file when the
// kernel's lock table agrees it is the holder's, else from that table: the
// file may have been deleted or replaced.
func lockedBy(root, path string) *LockedError {
	le := readLocked(path)
	k := kernelHolder(root)
	switch {
	case k == nil:
		// No kernel lock table to ask: trust the file.
		return le
	case le.PID == k.PID:
		return le // the file's driver name is the richer one
	}
	return k
}

// readLocked reads the holder's lock file; missing details are said as
// unknown rather than guessed.
func readLocked(path string) *LockedError {
	le := &LockedError{Holder: "unknown", Since: "unknown"}
	data, err := os.ReadFile(path)
	if err != nil {
		return le
	}
	var info lockInfo
	if json.Unmarshal(data, &info) != nil {
		return le
	}
	if info.Driver != "" {
		le.Holder = info.Driver
	} else if info.Host != "" {
		le.Holder = "unknown@" + info.Host
	}
	le.PID = info.PID
	if info.Since != "" {
		le.Since = info.Since
	}
	return le
}

// LockHolder reports whether a live driver holds the lock of root, and who,
// without taking the lock. Readers (report, watch) use it to tell a launch
// in progress from an interrupted one.
func LockHolder(root string) (*LockedError, bool) {
	d, err := os.Open(root)
	if err != nil {
		return nil, false
	}
	defer d.Close()
	// A shared lock is refused while a driver holds its exclusive one.
	if err := syscall.Flock(int(d.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return lockedBy(root, filepath.Join(root, LockFile)), true
		}
		return nil, false
	}
	syscall.Flock(int(d.Fd()), syscall.LOCK_UN)
	return nil, false
}

// Release gives the lock up: the holder's details are removed while the
// lock is still held, so the next driver never reads a departed holder's
// details, then the directory is unlocked.
func (l *Lock) Release() error {
	if l == nil || l.dir == nil {
		return nil
	}
	var errs []string
	if err := os.Remove(l.path); err != nil && !errors.Is(err, os.ErrNotExist) {
		errs = append(errs, err.Error())
	}
	if err := syscall.Flock(int(l.dir.Fd()), syscall.LOCK_UN); err != nil {
		errs = append(errs, err.Error())
	}
	if err := l.dir.Close(); err != nil {
		errs = append(errs, err.Error())
	}
	l.dir = nil
	if len(errs) > 0 {
		return fmt.Errorf("release lock: %s", strings.Join(errs, "; "))
	}
	return nil
}
