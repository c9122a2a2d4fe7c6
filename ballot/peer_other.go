//go:build !linux

package ballot

import (
	"errors"
	"net"
	"os"
)

// Peer credentials on Unix sockets are read the Linux way only; elsewhere
// the voting socket is not offered.
const peerCredSupported = false

var errAddrInUse = errors.New("address in use")

func peerUID(*net.UnixConn) (int, error) { return -1, errors.ErrUnsupported }

func ownerUID(os.FileInfo) (int, bool) { return 0, false }
