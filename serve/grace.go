package serve

import (
	"net"
	"time"

	"github.com/charmbracelet/ssh"
)

// loginGrace is how long a connection may take from its first byte to its
// session, as sshd's LoginGraceTime: long enough to type a key's
// passphrase, short enough that half-open connections do not pile up.
const loginGrace = 2 * time.Minute

type rawConnKey struct{}

// startGrace gives a new connection loginGrace to authenticate and ask for
// its session.
func startGrace(ctx ssh.Context, conn net.Conn) net.Conn {
	_ = conn.SetDeadline(time.Now().Add(loginGrace))
	ctx.SetValue(rawConnKey{}, conn)
	return conn
}

// endGrace lifts the deadline once the session starts: a session may then
// stay, and stall, as long as its person keeps it.
func endGrace(ctx ssh.Context) {
	if conn, ok := ctx.Value(rawConnKey{}).(net.Conn); ok {
		_ = conn.SetDeadline(time.Time{})
	}
}
