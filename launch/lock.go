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
// It is an flock(2) on root/lock, held for as long as the process keeps
// the file open: the kernel releases it when the process dies, however it
// dies, so a stale lock is simply one nobody holds and is taken over. The
// file's JSON content only serves to name the holder in a refusal.
type Lock struct {
	f    *os.File
	path string
}

// AcquireLock takes the lock of root for driver (USER@HOST) and this
// process, taking over a stale lock of a dead process. It returns a
// *LockedError when a live process holds it.
func AcquireLock(root, driver string) (*Lock, error) {
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	path := filepath.Join(root, LockFile)
	// A holder releasing at the same moment removes the file; locking the
	// removed file would let two drivers in, so retry on a fresh one.
	for range 10 {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, fmt.Errorf("lock: %w", err)
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, readLocked(path)
			}
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if !sameFile(f, path) {
			f.Close()
			continue
		}
		host, _ := os.Hostname()
		info := lockInfo{Driver: driver, PID: os.Getpid(), Since: time.Now().UTC().Format(time.RFC3339), Host: host}
		data, _ := json.Marshal(info)
		if err := writeLockInfo(f, append(data, '\n')); err != nil {
			f.Close()
			return nil, fmt.Errorf("lock: %w", err)
		}
		return &Lock{f: f, path: path}, nil
	}
	return nil, fmt.Errorf("lock %s: the lock file keeps changing", path)
}

func writeLockInfo(f *os.File, data []byte) error {
	if err := f.Truncate(0); err != nil {
		return err
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return err
	}
	return f.Sync()
}

// sameFile reports whether the open file f is still the one at path.
func sameFile(f *os.File, path string) bool {
	a, err := f.Stat()
	if err != nil {
		return false
	}
	b, err := os.Stat(path)
	if err != nil {
		return false
	}
	return os.SameFile(a, b)
}

// readLocked builds the refusal from the holder's lock file. The holder
// may still be writing it; missing details are said as unknown rather
// than guessed.
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
	path := filepath.Join(root, LockFile)
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	// A shared lock is refused while a driver holds its exclusive one.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return readLocked(path), true
		}
		return nil, false
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return nil, false
}

// Release gives the lock up: the file is removed while still held, so the
// next driver never reads a departed holder's details, then unlocked.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	var errs []string
	if sameFile(l.f, l.path) {
		if err := os.Remove(l.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err.Error())
		}
	}
	if err := syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN); err != nil {
		errs = append(errs, err.Error())
	}
	if err := l.f.Close(); err != nil {
		errs = append(errs, err.Error())
	}
	l.f = nil
	if len(errs) > 0 {
		return fmt.Errorf("release lock: %s", strings.Join(errs, "; "))
	}
	return nil
}
