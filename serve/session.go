package serve

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
)

// liveSession is the server's side of one connected session.
type liveSession struct {
	out *meter

	mu   sync.Mutex
	info Session // ID, Person, addresses and renderer never change; the size does
}

func (l *liveSession) snapshot() Session {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.info
}

// resize records a new size and returns the updated Session, or false when
// the size is the one already known.
func (l *liveSession) resize(w ssh.Window) (Session, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.info.Width == w.Width && l.info.Height == w.Height {
		return l.info, false
	}
	l.info.Width, l.info.Height = w.Width, w.Height
	return l.info, true
}

// SessionState is a connected session as it is now, with its traffic.
type SessionState struct {
	Session
	Traffic Traffic
}

// handle is the server's only session handler: it admits the session under
// the cap, runs its program to the end, and reports open and close.
func (s *Server) handle(sess ssh.Session) {
	pty, winch, ok := sess.Pty()
	if !ok {
		// The request policy grants a shell only after a PTY; this guards
		// against a library change.
		wish.Fatal(sess, msgOnlyCockpit)
		return
	}
	endGrace(sess.Context())
	person, ok := s.personOf(sess)
	if !ok {
		wish.Fatalln(sess, "golive serve: this key is no longer known.")
		return
	}
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	live := &liveSession{
		out: &meter{w: sess},
		info: Session{
			Person:     person,
			RemoteAddr: sess.RemoteAddr().String(),
			Width:      pty.Window.Width,
			Height:     pty.Window.Height,
			Term:       pty.Term,
			Opened:     time.Now(),
			Done:       ctx.Done(),
		},
	}
	if !s.sessions.add(live) {
		s.refuse(sess.Context(), RefusedSessionCap, "")
		wish.Fatalln(sess, fmt.Sprintf("golive serve: %d sessions are connected, the most it takes; try again when one has left.", s.opts.MaxSessions))
		return
	}
	defer s.sessions.remove(live.info.ID)

	// The renderer asks the client's terminal for its background colour,
	// so it is made here, on the session's own goroutine.
	renderer := bm.MakeRenderer(sess)
	live.mu.Lock()
	live.info.Renderer, live.info.Profile = renderer, renderer.ColorProfile()
	live.mu.Unlock()

	info := live.snapshot()
	s.opts.OnOpen(info)
	defer func() { s.opts.OnClose(live.snapshot()) }()

	fr := newFrames(s.opts.NewModel(info), live.out, info.Width, info.Height, s.opts.Frame, s.turn, ctx.Done())
	program := tea.NewProgram(fr, s.programOptions(ctx, sess, pty.Term)...)
	go s.forwardResizes(ctx, program, live, winch)
	_, err := program.Run()
	if ctx.Err() == nil {
		// A model that panicked is not asked to draw again.
		fr.finish(finishWait, err == nil)
	}
	if err != nil && ctx.Err() == nil {
		wish.Errorln(sess, "golive serve: the session ended:", err)
	}
}

// finishWait is the longest a session that ends waits to give its
// client's terminal back (the main screen, the cursor).
const finishWait = 2 * time.Second

func (s *Server) programOptions(ctx context.Context, sess ssh.Session, term string) []tea.ProgramOption {
	opts := []tea.ProgramOption{
		tea.WithContext(ctx),
		tea.WithInput(sess),
		// The session draws its frames itself (see frames); bubbletea
		// writes nothing.
		tea.WithoutRenderer(),
		tea.WithOutput(io.Discard),
		tea.WithEnvironment(append(sess.Environ(), "TERM="+term)),
		// The server process has one set of signals and many programs:
		// none of them may take SIGINT or SIGTERM from the caller.
		tea.WithoutSignalHandler(),
	}
	return append(opts, s.opts.ProgramOptions...)
}

// forwardResizes drains the session's window changes at once, so the SSH
// request loop never waits on the program, and hands the program only the
// latest size when it is ready for one.
func (s *Server) forwardResizes(ctx context.Context, program *tea.Program, live *liveSession, winch <-chan ssh.Window) {
	ready := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-ready:
				info := live.snapshot()
				program.Send(tea.WindowSizeMsg{Width: info.Width, Height: info.Height})
			}
		}
	}()
	first := true
	for w := range winch {
		info, changed := live.resize(w)
		if changed && ctx.Err() == nil {
			s.opts.OnResize(info)
		}
		if changed || first {
			select {
			case ready <- struct{}{}:
			default:
			}
		}
		first = false
	}
}
