package ui

// mode says where keys go. Exactly one mode is active: the modal ones
// (prompt, confirm, focus, search, help) take every key until they end;
// otherwise the current view's keys apply (normal, gate, monitor).
type mode int

const (
	modeNormal  mode = iota // step list and output pane
	modeGate                // the gate screen
	modeMonitor             // the monitor view
	modeSummary             // the end of the launch
	modePrompt              // a text input is open
	modeConfirm             // a y/n question is open
	modeFocus               // keys go to an interactive step
	modeSearch              // the pane's search input is open
	modeHelp                // the full help is shown
)
