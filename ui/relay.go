package ui

import (
	tea "github.com/charmbracelet/bubbletea"

	"golive/launch"
)

// relayMsg says the relay has news: the cockpit pulls the latest state.
type relayMsg struct{}

// waitRelay waits, off the cockpit's loop, until the relay has news. It is
// armed again after every pull, so at most one wait is pending and a busy
// launch costs one pull per drawn frame, not one message per event.
func (m *Model) waitRelay() tea.Cmd {
	sub := m.sub
	if sub == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case <-sub.Wake():
			return relayMsg{}
		case <-sub.Done():
			return nil
		}
	}
}

// pullRelay takes the relay's latest state and re-arms the wait.
func (m *Model) pullRelay() tea.Cmd {
	if m.sub == nil {
		return nil
	}
	snap := m.sub.Pull()
	return tea.Batch(m.onSnapshot(snap.State), m.waitRelay())
}

// Close ends the cockpit's subscription to the relay, so nothing waits on
// it any more. Call it once the program has returned.
func (m *Model) Close() {
	if m.sub != nil {
		m.sub.Close()
	}
}

// subscribe taps the relay of o and starts from its state as it is now,
// so the first frame already shows the launch so far.
func subscribe(o Options) (*launch.Subscription, *launch.State) {
	if o.Relay == nil {
		return nil, nil
	}
	sub := o.Relay.Subscribe()
	return sub, sub.Pull().State
}
