package pane

import (
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// defaultPager is used when $PAGER is unset. Plain less shows control
// characters as ^[ instead of passing them to the terminal, which is what
// a log of untrusted output needs; an operator who wants colours sets
// PAGER="less -R" knowing what it lets through.
const defaultPager = "less"

// openPager suspends the cockpit and opens the step's log in $PAGER.
func (m *Model) openPager() tea.Cmd {
	if m.LogPath == "" {
		m.status = "no log for this step"
		return nil
	}
	args := strings.Fields(os.Getenv("PAGER"))
	if len(args) == 0 {
		args = []string{defaultPager}
	}
	c := exec.Command(args[0], append(args[1:], m.LogPath)...)
	id := m.ID
	return tea.ExecProcess(c, func(err error) tea.Msg { return PagerClosedMsg{ID: id, Err: err} })
}
