package ui

import (
	"errors"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
)

// ErrQuit says the operator chose to quit instead of answering.
var ErrQuit = errors.New("quit")

// AskResume asks, full screen, whether to resume the unfinished launch
// described by summary (r) or start a fresh one (f); q quits with ErrQuit.
func AskResume(summary string) (resume bool, err error) {
	lipgloss.HasDarkBackground() // see NewModel

	res, err := tea.NewProgram(newResumeModel(summary), tea.WithAltScreen()).Run()
	if err != nil {
		return false, err
	}
	rm := res.(*resumeModel)
	switch rm.answer {
	case "r":
		return true, nil
	case "f":
		return false, nil
	}
	return false, ErrQuit
}

// resumeModel is the tiny program behind AskResume.
type resumeModel struct {
	summary       string
	answer        string
	width, height int
}

func newResumeModel(summary string) *resumeModel { return &resumeModel{summary: clean(summary)} }

func (r *resumeModel) Init() tea.Cmd { return nil }

func (r *resumeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		r.width, r.height = msg.Width, msg.Height
	case tea.KeyMsg:
		switch msg.String() {
		case "r", "R":
			r.answer = "r"
			return r, tea.Quit
		case "f", "F":
			r.answer = "f"
			return r, tea.Quit
		case "q", "Q", "ctrl+c", "esc":
			r.answer = "q"
			return r, tea.Quit
		}
	}
	return r, nil
}

func (r *resumeModel) View() string {
	if r.answer != "" {
		return ""
	}
	st := newStyles(lipgloss.DefaultRenderer())
	w := max(20, min(r.width-4, 76))
	body := strings.Join([]string{
		st.title.Render("Unfinished launch found"),
		"",
		st.r.NewStyle().Width(w).Render(r.summary),
		"",
		st.bold.Render("[r]") + " resume it   " + st.bold.Render("[f]") + " start fresh   " + st.bold.Render("[q]") + " quit",
	}, "\n")
	if r.width == 0 {
		return body
	}
	return center(body, r.width, r.height)
}
