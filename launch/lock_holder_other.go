//go:build !linux

package launch

// kernelHolder needs /proc/locks; elsewhere the lock file's details are
// all a refusal can name.
func kernelHolder(string) *LockedError { return nil }
