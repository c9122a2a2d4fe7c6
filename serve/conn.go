package serve

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// loginGrace is how long a connection may take from its first byte to its
// session, as sshd's LoginGraceTime: long enough to type a key's
// passphrase, short enough that half-open connections do not pile up.
const loginGrace = 2 * time.Minute

type rawConnKey struct{}

// admitConn is the connection callback: it closes a connection beyond
// MaxConnections at once, before any SSH byte is spent on it, and gives an
// admitted one loginGrace to authenticate and ask for its session.
func (s *Server) admitConn(ctx ssh.Context, conn net.Conn) net.Conn {
	if s.conns.Add(1) > int64(s.opts.MaxConnections) {
		s.conns.Add(-1)
		s.opts.OnRefuse(Refusal{What: RefusedConnectionCap, RemoteAddr: conn.RemoteAddr().String()})
		return nil
	}
	_ = conn.SetDeadline(time.Now().Add(loginGrace))
	counted := &countedConn{Conn: conn, release: func() { s.conns.Add(-1) }}
	ctx.SetValue(rawConnKey{}, counted)
	return counted
}

// endGrace lifts the deadline once the session starts: a session may then
// stay, and stall, as long as its person keeps it.
func endGrace(ctx ssh.Context) {
	if conn, ok := ctx.Value(rawConnKey{}).(net.Conn); ok {
		_ = conn.SetDeadline(time.Time{})
	}
}

// countedConn gives its place back once, however often it is closed.
type countedConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *countedConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
