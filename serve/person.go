package serve

import (
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"
)

// Person is who a public key belongs to, as the caller's lookup knows them.
// The server copies it into every Session the key opens.
type Person struct {
	// Name is the person's display name, e.g. "alice".
	Name string
	// Roles are the caller's role names for this person, e.g. "driver".
	Roles []string
	// Fingerprint is the SHA256 fingerprint of the key that proved the
	// identity; the server fills it in from the authenticated key.
	Fingerprint string
}

// Lookup maps an offered public key to its person. It must be fast, must
// not block, and must be safe to call from many goroutines at once: it runs
// during every connection's authentication, once per offered key.
type Lookup func(key gossh.PublicKey) (Person, bool)

// Fingerprint returns the key's fingerprint in OpenSSH's SHA256 form, the
// same text `ssh-keygen -lf` prints.
func Fingerprint(key gossh.PublicKey) string {
	return gossh.FingerprintSHA256(key)
}

// Session describes one connected person's terminal. It is a value: the
// server hands copies to the model factory and to the audit hooks.
type Session struct {
	// ID numbers sessions from 1 in the order they were opened.
	ID uint64
	// Person is who the session's key belongs to.
	Person Person
	// RemoteAddr is the client's address, host:port.
	RemoteAddr string
	// Width and Height are the terminal size: the PTY's initial size in the
	// factory and OnOpen, the new size in OnResize, the latest in OnClose
	// and Server.Sessions.
	Width, Height int
	// Term is the client's TERM from its PTY request.
	Term string
	// Profile is the colour profile derived from TERM and the client's
	// NO_COLOR (sent with `ssh -o SetEnv=NO_COLOR=1`).
	Profile termenv.Profile
	// Renderer is this session's lipgloss renderer; styles drawn for the
	// session must be made from it (Renderer.NewStyle), not from lipgloss'
	// default renderer, which belongs to the server's own terminal.
	Renderer *lipgloss.Renderer
	// Opened is when the session started.
	Opened time.Time
	// Done is closed when the session ends, whoever ends it.
	Done <-chan struct{}
}

// ProfileName names a colour profile the way a journal or report writes it.
func ProfileName(p termenv.Profile) string {
	switch p {
	case termenv.TrueColor:
		return "truecolor"
	case termenv.ANSI256:
		return "ansi256"
	case termenv.ANSI:
		return "ansi"
	default:
		return "ascii"
	}
}
