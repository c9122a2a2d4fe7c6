package ballot

import (
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
)

// addressPrefix starts every voting socket's name, so `ss -xl` shows
// what the socket is for.
const addressPrefix = "@golive-ballot-"

// Address is the name of the abstract Unix socket on which the launch
// whose state root is dir (.golive/NAME) takes votes. It is derived from
// the absolute path alone, so a voter finds it without reading anything
// inside the state directory, which stays private to the driver.
func Address(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(filepath.Clean(abs)))
	return addressPrefix + hex.EncodeToString(sum[:12]), nil
}

// addresses are the names one state root may be reached by: its absolute
// path as given and, when it differs, with symbolic links resolved. The
// driver listens on all of them, so a voter who names the directory
// through a link still finds it.
func addresses(dir string) ([]string, error) {
	first, err := Address(dir)
	if err != nil {
		return nil, err
	}
	out := []string{first}
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		if a, err := Address(real); err == nil && a != first {
			out = append(out, a)
		}
	}
	return out, nil
}
