package pane

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// FrameInterval is the shortest time between two OutputMsg of one Buffer:
// the pane redraws at most about 30 times a second however fast a step
// prints. Each OutputMsg costs a View of the whole cockpit and a frame
// for the terminal to draw; under a flood 30 a second look as live as 50
// and leave that much more of the machine to the step.
const FrameInterval = 33 * time.Millisecond

// OutputMsg says a step printed something. ID is the step's id, so that
// other panes ignore it. Closed says the output ended; nothing more will
// follow, and the command is not re-armed.
type OutputMsg struct {
	ID     string
	Closed bool
}

// WaitOutput returns a command that waits for new output in b and then
// reports it as an OutputMsg carrying id. The receiver re-arms it (Model
// does this itself). The frame rate is capped at one message per
// FrameInterval; writes in between are folded into the next message.
func WaitOutput(b *Buffer, id string) tea.Cmd {
	return func() tea.Msg {
		select {
		case <-b.signal:
		case <-b.done:
			// Deliver data written just before Close first.
			select {
			case <-b.signal:
				return OutputMsg{ID: id}
			default:
				return OutputMsg{ID: id, Closed: true}
			}
		}
		b.mu.Lock()
		wait := time.Until(b.last.Add(FrameInterval))
		b.mu.Unlock()
		if wait > 0 {
			time.Sleep(wait)
		}
		b.mu.Lock()
		b.last = time.Now()
		b.mu.Unlock()
		return OutputMsg{ID: id}
	}
}
