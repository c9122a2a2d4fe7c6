package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"

	gossh "golang.org/x/crypto/ssh"
)

// hostKeyMode is the only mode a created host key file gets; an existing
// file with any group or other bit is refused.
const hostKeyMode fs.FileMode = 0o600

// loadOrCreateHostKey returns the PEM and signer of the host key in path,
// creating an ed25519 key there if the file does not exist.
func loadOrCreateHostKey(path string) ([]byte, gossh.Signer, error) {
	data, err := readHostKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		data, err = createHostKey(path)
	}
	if err != nil {
		return nil, nil, err
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: not an SSH private key (%v); move it away to have a new host key created", path, err)
	}
	return data, signer, nil
}

func readHostKey(path string) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s: host key is readable by others (mode %04o); run chmod 600 %s", path, info.Mode().Perm(), path)
	}
	return os.ReadFile(path)
}

// createHostKey writes a new ed25519 key with O_EXCL, so two servers
// starting at once never overwrite each other's key.
func createHostKey(path string) ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "golive serve host key")
	if err != nil {
		return nil, err
	}
	data := pem.EncodeToMemory(block)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, hostKeyMode)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot create the host key: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return nil, fmt.Errorf("%s: cannot write the host key: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("%s: cannot write the host key: %w", path, err)
	}
	return data, nil
}
