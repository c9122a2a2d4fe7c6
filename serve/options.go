package serve

import (
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Defaults for the Options left at their zero value.
const (
	// DefaultListen keeps the server on loopback unless the caller opens it
	// up on purpose.
	DefaultListen = "127.0.0.1:2222"
	// DefaultMaxSessions is the cap on sessions connected at once.
	DefaultMaxSessions = 32
	// DefaultMaxAuthFailures is how many refused keys one remote address
	// may offer before it is locked out; a client with several keys in its
	// agent offers each of them, so this is higher than OpenSSH's six.
	DefaultMaxAuthFailures = 20
	// DefaultAuthLockout is how long an address stays locked out after its
	// last refused key.
	DefaultAuthLockout = time.Minute
	// maxAuthTriesPerConn caps authentication attempts on one connection.
	maxAuthTriesPerConn = 6
)

// ModelFactory builds the model of one session. See the package comment for
// how the model must be fed so that a stalled client blocks nobody.
type ModelFactory func(Session) tea.Model

// Options configure a Server. Lookup, NewModel and HostKeyFile are required.
type Options struct {
	// Listen is the TCP address to listen on; DefaultListen if empty.
	Listen string
	// HostKeyFile holds the server's ed25519 host key in OpenSSH format. It
	// is created with mode 0600 on first use; an existing file readable by
	// group or others is refused, as OpenSSH refuses such a key.
	HostKeyFile string
	// Lookup tells who a public key belongs to.
	Lookup Lookup
	// NewModel builds each session's model.
	NewModel ModelFactory
	// MaxSessions caps the sessions connected at once; the next one is told
	// so and closed. DefaultMaxSessions if zero.
	MaxSessions int
	// MaxConnections caps the TCP connections open at once, authenticated
	// or not; one more is closed before the SSH handshake. Twice
	// MaxSessions if zero, so people can still connect while strangers'
	// connections wait out their login grace.
	MaxConnections int
	// MaxAuthFailures is how many refused keys one remote address may offer
	// within AuthLockout before it is locked out. DefaultMaxAuthFailures if
	// zero.
	MaxAuthFailures int
	// AuthLockout is how long a locked-out address waits after its last
	// refused key. DefaultAuthLockout if zero.
	AuthLockout time.Duration
	// Frame is the shortest time between two frames a session draws for
	// what changes on its own (new output, clocks); a key is drawn at
	// once. DefaultFrame if zero.
	Frame time.Duration
	// ProgramOptions are added to each session's tea.Program after the
	// server's own (input, output, environment, no signal handler).
	ProgramOptions []tea.ProgramOption

	// OnOpen is called when a session starts, before its model is built.
	OnOpen func(Session)
	// OnClose is called when a session has ended.
	OnClose func(Session)
	// OnResize is called when a session's terminal changes size; the
	// Session carries the new size.
	OnResize func(Session)
	// OnRefuse is called for everything the server refuses, before or after
	// authentication.
	OnRefuse func(Refusal)
}

func (o Options) withDefaults() (Options, error) {
	if o.Lookup == nil {
		return o, errors.New("serve: Options.Lookup is required")
	}
	if o.NewModel == nil {
		return o, errors.New("serve: Options.NewModel is required")
	}
	if o.HostKeyFile == "" {
		return o, errors.New("serve: Options.HostKeyFile is required")
	}
	if o.Frame <= 0 {
		o.Frame = DefaultFrame
	}
	if o.Listen == "" {
		o.Listen = DefaultListen
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.MaxConnections <= 0 {
		o.MaxConnections = 2 * o.MaxSessions
	}
	if o.MaxAuthFailures <= 0 {
		o.MaxAuthFailures = DefaultMaxAuthFailures
	}
	if o.AuthLockout <= 0 {
		o.AuthLockout = DefaultAuthLockout
	}
	noop := func(Session) {}
	if o.OnOpen == nil {
		o.OnOpen = noop
	}
	if o.OnClose == nil {
		o.OnClose = noop
	}
	if o.OnResize == nil {
		o.OnResize = noop
	}
	if o.OnRefuse == nil {
		o.OnRefuse = func(Refusal) {}
	}
	return o, nil
}
