package pane

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// FrameInterval is the shortest time between two OutputMsg of one pane
// (unless its Model.Frame says otherwise): the pane redraws at most about
// 30 times a second however fast a step prints, and 10 times a second
// once a flood goes on (FloodInterval). Each OutputMsg costs a View of the whole cockpit and a frame
// for the terminal to draw; under a flood 30 a second look as live as 50
// and leave that much more of the machine to the step.
const FrameInterval = 33 * time.Millisecond

// FloodInterval is the shortest time between two OutputMsg once output
// has kept coming for floodAfter frames in a row: a flood scrolls by too
// fast to read at 30 frames a second, and each frame costs the cockpit a
// View and the terminal a redraw of the whole pane, for as long as the
// flood lasts. Keys are drawn at once all the same; a pause in the
// output brings the frame rate back.
const FloodInterval = 100 * time.Millisecond

// floodAfter is how many frames in a row must find output already
// waiting for the pane to draw at FloodInterval.
const floodAfter = 4

// OutputMsg says a step printed something. ID is the step's id, so that
// other panes ignore it. Closed says the output ended; nothing more will
// follow, and the command is not re-armed.
type OutputMsg struct {
	ID     string
	Closed bool
}

// WaitOutput returns a command that waits for new output in b and then
// reports it as an OutputMsg carrying id. Reused, the command waits for
// output after what it last reported; the receiver re-arms it (Model does
// this itself). The frame rate is capped at one message per
// FrameInterval; writes in between are folded into the next message.
func WaitOutput(b *Buffer, id string) tea.Cmd { return b.wait(id, b.newWaiter(), FrameInterval) }

// waiter is what one pane's wait remembers between messages: the change
// it last reported and when. Each pane has its own, so many panes (one
// per SSH session) can show one Buffer and each gets every change at its
// own capped rate.
type waiter struct {
	seen uint64
	last time.Time
	// busy counts the frames in a row whose output came before the
	// frame interval had passed.
	busy int
}

// newWaiter starts a waiter at the buffer as it is now: what is in it
// already is drawn by the first View, not announced.
func (b *Buffer) newWaiter() *waiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	return &waiter{seen: b.seq}
}

func (b *Buffer) wait(id string, w *waiter, every time.Duration) tea.Cmd {
	return func() tea.Msg {
		for {
			b.mu.Lock()
			seq, changed := b.seq, b.changed
			b.mu.Unlock()
			if seq != w.seen {
				break
			}
			select {
			case <-changed:
			case <-b.done:
				// Deliver data written just before Close first.
				b.mu.Lock()
				seq = b.seq
				b.mu.Unlock()
				if seq != w.seen {
					w.seen = seq
					return OutputMsg{ID: id}
				}
				return OutputMsg{ID: id, Closed: true}
			}
		}
		wait := time.Until(w.last.Add(every))
		if wait > 0 {
			w.busy++
			if w.busy >= floodAfter && every < FloodInterval {
				wait += FloodInterval - every
			}
			time.Sleep(wait)
		} else {
			w.busy = 0
		}
		b.mu.Lock()
		w.seen = b.seq
		b.mu.Unlock()
		w.last = time.Now()
		return OutputMsg{ID: id}
	}
}
