package launch

import "fmt"

// LockedError says another live driver holds the launch lock.
type LockedError struct {
	Holder string // USER@HOST
	PID    int
	Since  string // RFC 3339
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("locked by %s pid %d since %s", e.Holder, e.PID, e.Since)
}

// Lock is the one-driver lock of a runbook's state root.
type Lock struct{}

// AcquireLock takes the lock of root for driver (USER@HOST) and this
// process, taking over a stale lock of a dead process. It returns a
// *LockedError when a live process holds it.
func AcquireLock(root, driver string) (*Lock, error) { panic("to be written") }

// Release gives the lock up.
func (l *Lock) Release() error { panic("to be written") }
