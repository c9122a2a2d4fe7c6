package serve

import (
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
)

// lockout counts refused keys per remote host. An address that offered
// MaxAuthFailures refused keys is refused outright until AuthLockout has
// passed since its last refused key.
type lockout struct {
	max    int
	window time.Duration

	mu       sync.Mutex
	failures map[string]failureCount
}

type failureCount struct {
	n    int
	last time.Time
}

func newLockout(max int, window time.Duration) *lockout {
	return &lockout{max: max, window: window, failures: map[string]failureCount{}}
}

// locked reports whether host is locked out now, and for how long still.
func (l *lockout) locked(host string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.failures[host]
	if !ok {
		return false, 0
	}
	left := l.window - now.Sub(f.last)
	if left <= 0 {
		delete(l.failures, host)
		return false, 0
	}
	return f.n >= l.max, left
}

// fail records one refused key from host.
func (l *lockout) fail(host string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.failures[host]
	if now.Sub(f.last) > l.window {
		f.n = 0
	}
	f.n++
	f.last = now
	l.failures[host] = f
}

func hostOf(addr net.Addr) string {
	if addr == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// lockedBanner is shown before authentication to an address that is locked
// out, the only place the SSH protocol lets the server say why it refuses.
func (s *Server) lockedBanner(ctx ssh.Context) string {
	locked, left := s.lockout.locked(hostOf(ctx.RemoteAddr()), time.Now())
	if !locked {
		return ""
	}
	return fmt.Sprintf("golive serve: too many refused keys from %s; try again in %s.\r\n",
		hostOf(ctx.RemoteAddr()), left.Round(time.Second))
}

// authenticate is the public key handler: the key must belong to a person
// and the address must not be locked out.
func (s *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	host := hostOf(ctx.RemoteAddr())
	now := time.Now()
	if locked, _ := s.lockout.locked(host, now); locked {
		s.opts.OnRefuse(Refusal{What: RefusedLockedOut, RemoteAddr: ctx.RemoteAddr().String(), Detail: Fingerprint(key)})
		return false
	}
	if _, ok := s.opts.Lookup(key); ok {
		return true
	}
	s.lockout.fail(host, now)
	s.opts.OnRefuse(Refusal{What: RefusedUnknownKey, RemoteAddr: ctx.RemoteAddr().String(), Detail: Fingerprint(key)})
	return false
}

// personOf looks the authenticated key up again, so a Session's person is
// always the one the proving key belongs to now.
func (s *Server) personOf(sess ssh.Session) (Person, bool) {
	key := sess.PublicKey()
	if key == nil {
		return Person{}, false
	}
	p, ok := s.opts.Lookup(key)
	if !ok {
		return Person{}, false
	}
	p.Fingerprint = Fingerprint(key)
	return p, true
}
