package serve

import (
	"bytes"
	"io"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// DefaultFrame is the shortest time between two frames of a session when
// Options.Frame is zero.
const DefaultFrame = 50 * time.Millisecond

// Quiet is what a session's model may implement to say that a message
// changed nothing it draws (a timer that only re-arms itself), so that
// the session computes no frame for it.
type Quiet interface {
	Quiet(tea.Msg) bool
}

// frames is a session's renderer. It replaces bubbletea's, which draws
// after every message and rewrites every changed line whole, with a grid
// of cells as tmux keeps one: the model's View is computed at most once a
// frame, only when a message may have changed it, and only the cells that
// differ from what the client shows are sent, with the cursor moved over
// the rest. A key is drawn at once, so whoever types sees it without
// waiting for the next frame.
//
// Frames that follow a key are drawn at once. The others (new output,
// clocks) take turns with every other session's: one session draws at a
// time, so however many watch, they keep at most one core busy and the
// launch's own work (a step's output read into its log) always finds the
// other, and a key is never drawn behind a queue of other sessions'
// frames.
//
// The frames are written by a goroutine of their own. While it is still
// writing one (a slow or stopped client), no other frame is computed: the
// next one, drawn when the client has taken the last, goes straight from
// what the client shows to the present, so a stalled session costs
// nothing but its own connection and catches up in one frame.
type frames struct {
	inner tea.Model
	every time.Duration

	grid    *grid
	buf     bytes.Buffer // the next bytes for the client
	started bool         // the client is in the alternate screen

	turn    chan struct{} // the server's one token for frames not following a key
	out     chan []byte   // one slot: the frame for the writer
	written chan struct{} // one slot: the writer has sent the frame
	done    <-chan struct{}

	dirty bool      // a message may have changed the view since the last frame
	keyed bool      // a key waits to be drawn (the writer was busy)
	busy  bool      // the writer has not sent the last frame yet
	armed bool      // a frameMsg is on its way
	last  time.Time // when the last frame was drawn
}

// frameMsg says the next frame is due.
type frameMsg struct{}

// writtenMsg says the writer has sent the last frame to the client.
type writtenMsg struct{}

// newFrames wraps inner in a renderer writing to w for a terminal of the
// given type and size; its writer ends when done is closed.
func newFrames(inner tea.Model, w io.Writer, width, height int, every time.Duration, turn chan struct{}, done <-chan struct{}) *frames {
	f := &frames{inner: inner, every: every, turn: turn, out: make(chan []byte, 1), written: make(chan struct{}, 1), done: done, dirty: true}
	f.grid = newGrid(width, height)
	go f.write(w)
	return f
}

// write sends each frame to the client; it is the only goroutine that may
// block on a client that does not read.
func (f *frames) write(w io.Writer) {
	for {
		select {
		case p := <-f.out:
			_, _ = w.Write(p)
			f.written <- struct{}{}
		case <-f.done:
			return
		}
	}
}

func (f *frames) Init() tea.Cmd {
	return tea.Batch(f.inner.Init(), f.schedule(false))
}

func (f *frames) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	key := false
	switch msg := msg.(type) {
	case frameMsg:
		f.armed = false
		return f, f.schedule(false)
	case writtenMsg:
		f.busy = false
		return f, f.schedule(f.keyed)
	case tea.WindowSizeMsg:
		f.grid.resize(msg.Width, msg.Height)
		key = true
	case tea.KeyMsg:
		key = true
	}
	var cmd tea.Cmd
	f.inner, cmd = f.inner.Update(msg)
	if q, ok := f.inner.(Quiet); !ok || !q.Quiet(msg) {
		f.dirty = true
	}
	return f, tea.Batch(cmd, f.schedule(key))
}

// View is empty: the program runs without bubbletea's renderer, and the
// frames are drawn by draw.
func (f *frames) View() string { return "" }

// schedule draws the next frame: at once after a key (or a resize),
// else when one is due, in its turn among the sessions; or asks for a
// frameMsg for when one will be.
func (f *frames) schedule(key bool) tea.Cmd {
	if key && f.dirty && f.busy {
		f.keyed = true
	}
	if !f.dirty || f.busy {
		return nil // a writtenMsg schedules what waits
	}
	if key {
		return f.draw()
	}
	if wait := f.every - time.Since(f.last); wait > 0 {
		if f.armed {
			return nil
		}
		f.armed = true
		return tea.Tick(wait, func(time.Time) tea.Msg { return frameMsg{} })
	}
	select {
	case f.turn <- struct{}{}:
	case <-f.done:
		return nil
	}
	start := time.Now()
	defer func() {
		// Keep the turn as long again before the next session's: frames
		// nobody typed for use at most half a core between them, so
		// twenty sessions redrawing at once (a driver connecting as a
		// step starts) leave the step and its reader the rest.
		time.Sleep(time.Since(start))
		<-f.turn
	}()
	return f.draw()
}

// draw computes the frame and hands what changed to the writer.
func (f *frames) draw() tea.Cmd {
	f.dirty, f.keyed, f.last = false, false, time.Now()
	if !f.started {
		f.buf.WriteString(ansi.SetModeAltScreenSaveCursor + ansi.HideCursor)
		f.started = true
	}
	f.grid.diff(f.inner.View(), &f.buf)
	if f.buf.Len() == 0 {
		return nil
	}
	f.busy = true
	f.out <- bytes.Clone(f.buf.Bytes())
	f.buf.Reset()
	written, done := f.written, f.done
	return func() tea.Msg {
		select {
		case <-written:
			return writtenMsg{}
		case <-done:
			return nil
		}
	}
}

// finish draws the last frame, when last is set, and gives the client's
// terminal back: the main screen and its cursor. The program has ended,
// so nothing else touches the model. It waits for the writer at most
// until the session ends or wait has passed, so a stopped client does not
// hold it.
func (f *frames) finish(wait time.Duration, last bool) {
	if !f.started {
		return
	}
	timeout := time.After(wait)
	if f.busy {
		select {
		case <-f.written:
		case <-f.done:
			return
		case <-timeout:
			return
		}
	}
	if last {
		f.grid.diff(f.inner.View(), &f.buf)
	}
	f.buf.WriteString(ansi.ResetStyle + ansi.ShowCursor + ansi.ResetModeAltScreenSaveCursor)
	f.out <- bytes.Clone(f.buf.Bytes())
	select {
	case <-f.written:
	case <-f.done:
	case <-timeout:
	}
}
