package serve

import (
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"

	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	gossh "golang.org/x/crypto/ssh"
)

// Server is golive's SSH server. Build it with New, then Listen and Serve;
// Close ends every session.
type Server struct {
	opts        Options
	ssh         *ssh.Server
	fingerprint string
	lockout     *lockout
	sessions    *registry
	conns       atomic.Int64  // open connections, for MaxConnections
	turn        chan struct{} // one session draws a frame not following a key at a time

	mu       sync.Mutex
	listener net.Listener
}

// New loads or creates the host key and builds the server; it does not
// listen yet.
func New(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	keyPEM, signer, err := loadOrCreateHostKey(opts.HostKeyFile)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:        opts,
		fingerprint: Fingerprint(signer.PublicKey()),
		lockout:     newLockout(opts.MaxAuthFailures, opts.AuthLockout),
		sessions:    newRegistry(opts.MaxSessions),
		turn:        make(chan struct{}, 1),
	}
	s.ssh, err = wish.NewServer(
		wish.WithAddress(opts.Listen),
		wish.WithHostKeyPEM(keyPEM),
		wish.WithVersion("golive"),
		wish.WithPublicKeyAuth(s.authenticate),
		wish.WithBannerHandler(s.lockedBanner),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return s.handle }),
	)
	if err != nil {
		return nil, err
	}
	s.ssh.ServerConfigCallback = func(ssh.Context) *gossh.ServerConfig {
		return &gossh.ServerConfig{MaxAuthTries: maxAuthTriesPerConn}
	}
	s.ssh.ConnCallback = s.admitConn
	s.ssh.ChannelHandlers = map[string]ssh.ChannelHandler{
		chanSession: s.sessionChannel,
		chanDirect:  s.refuseDirect,
	}
	s.ssh.RequestHandlers = map[string]ssh.RequestHandler{
		reqForward:   s.refuseForward,
		reqCancelFwd: s.refuseForward,
	}
	s.ssh.SubsystemHandlers = map[string]ssh.SubsystemHandler{}
	return s, nil
}

// Fingerprint is the host key's SHA256 fingerprint, for the caller to print
// at start so people can check it on their first connection.
func (s *Server) Fingerprint() string { return s.fingerprint }

// Listen binds the listen address. Addr then tells the address bound,
// which differs from Options.Listen when its port is 0.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("serve: cannot listen on %s: %w", s.opts.Listen, err)
	}
	s.mu.Lock()
	s.listener = ln
	s.mu.Unlock()
	return nil
}

// Addr is the bound address, nil before Listen.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listener == nil {
		return nil
	}
	return s.listener.Addr()
}

// Serve accepts connections until Close; it returns nil after Close.
func (s *Server) Serve() error {
	s.mu.Lock()
	ln := s.listener
	s.mu.Unlock()
	if ln == nil {
		return errors.New("serve: Serve called before Listen")
	}
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops listening and closes every connection; the sessions' programs
// end as their connections do. It does not wait on any session.
func (s *Server) Close() error {
	return s.ssh.Close()
}

// Sessions returns the connected sessions with their traffic so far. It
// takes only the registry's short lock, never a session's.
func (s *Server) Sessions() []SessionState {
	live := s.sessions.list()
	out := make([]SessionState, 0, len(live))
	for _, l := range live {
		out = append(out, SessionState{Session: l.snapshot(), Traffic: l.out.traffic()})
	}
	return out
}
