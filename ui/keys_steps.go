package ui

import "github.com/charmbracelet/bubbles/key"

// stepKeys act on the selected step in the steps view.
type stepKeys struct {
	Confirm, Tick, Untick, Next, Rerun, Focus, Retry, Skip, Back, Abort, Wait, Stop, Done, Jump, Promote key.Binding
	// RetryHosts and RetryRest re-run a fleet step on some of its hosts.
	RetryHosts, RetryRest key.Binding
}

func newStepKeys() stepKeys {
	return stepKeys{
		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "run step")),
		Tick:    key.NewBinding(key.WithKeys(" ", "enter"), key.WithHelp("space", "tick item")),
		Untick:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "untick item")),
		Next:    key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "checklist item")),
		Focus:   key.NewBinding(key.WithKeys("i"), key.WithHelp("i", "type into step")),
		Retry:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "retry")),
		Rerun:   key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "re-run")),
		Skip:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "skip")),
		Back:    key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "roll back")),
		Abort:   key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "abort")),
		Wait:    key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "wait longer")),
		Jump:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "go to what waits")),
		Stop:    key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "stop (terminate) step")),
		Done:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "mark done")),
		Promote: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "promote to the next stage")),

		RetryHosts: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "retry failed hosts")),
		RetryRest:  key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "retry the rest")),
	}
}
