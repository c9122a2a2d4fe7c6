package pane

import (
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// defaultPager is used when $PAGER is unset. The pager is handed the log
// rendered as plain text (see renderLog), so no pager option is needed to
// keep the terminal safe.
const defaultPager = "less"

// openPager suspends the cockpit and opens the step's log in $PAGER,
// rendered as the pane shows it: a progress bar is its last state, not a
// row of ^M. The rendering is done in the command, off the cockpit's
// update loop, into a private temporary file removed when the pager ends.
func (m *Model) openPager() tea.Cmd {
	if m.LogPath == "" {
		m.status = "no log for this step"
		return nil
	}
	args := strings.Fields(os.Getenv("PAGER"))
	if len(args) == 0 {
		args = []string{defaultPager}
	}
	id, logPath := m.ID, m.LogPath
	return func() tea.Msg {
		shown, err := renderLogFile(logPath)
		if err != nil {
			return PagerClosedMsg{ID: id, Err: err}
		}
		c := exec.Command(args[0], append(args[1:], shown)...)
		return tea.ExecProcess(c, func(err error) tea.Msg {
			os.Remove(shown)
			return PagerClosedMsg{ID: id, Err: err}
		})()
	}
}

// renderLogFile renders the log at path into a new temporary file (mode
// 0600: the log may hold what only the driver should read) and returns
// its name.
func renderLogFile(path string) (string, error) {
	src, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("reading the log: %w", err)
	}
	defer src.Close()
	dst, err := os.CreateTemp("", "golive-log-*.txt")
	if err != nil {
		return "", fmt.Errorf("rendering the log: %w", err)
	}
	if err := renderLog(src, dst); err != nil {
		dst.Close()
		os.Remove(dst.Name())
		return "", fmt.Errorf("rendering the log: %w", err)
	}
	if err := dst.Close(); err != nil {
		os.Remove(dst.Name())
		return "", fmt.Errorf("rendering the log: %w", err)
	}
	return dst.Name(), nil
}
