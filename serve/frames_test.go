package serve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// scenes is what sceneModel drew, by scene number, as plain text.
type scenes struct {
	mu   sync.Mutex
	text map[int][]string
}

func (s *scenes) get(n int) ([]string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.text[n]
	return t, ok
}

// sceneModel draws a new scene on every n key, changing its screen the
// ways a cockpit does: output scrolling up, one value changing, a
// sparkline taking a sample, styled words, wide characters, lines growing
// and shrinking, blank lines.
type sceneModel struct {
	w, h   int
	n      int
	rng    *rand.Rand
	lines  []string
	spark  []rune
	drawn  *scenes
	stored bool
}

func newSceneModel(s Session, drawn *scenes) *sceneModel {
	m := &sceneModel{w: s.Width, h: s.Height, rng: rand.New(rand.NewPCG(7, 11)), drawn: drawn}
	m.lines = make([]string, m.h-2)
	for i := range m.lines {
		m.lines[i] = fmt.Sprintf("line %d ✓ 你好 \x1b[1;32mok\x1b[0m", i)
	}
	for range m.w - 30 {
		m.spark = append(m.spark, []rune("▁▂▃▄▅▆▇█")[m.rng.IntN(8)])
	}
	return m
}

func (m *sceneModel) Init() tea.Cmd { return nil }

func (m *sceneModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok && k.String() == "n" {
		m.n++
		m.stored = false
		m.change()
	}
	return m, nil
}

func (m *sceneModel) change() {
	m.spark = append(m.spark[1:], []rune("▁▂▃▄▅▆▇█")[m.rng.IntN(8)])
	h := len(m.lines)
	switch m.rng.IntN(5) {
	case 0:
		k := 1 + m.rng.IntN(3)
		m.lines = append(m.lines[k:], make([]string, k)...)
		for i := h - k; i < h; i++ {
			m.lines[i] = fmt.Sprintf("out %d %s", m.n, strings.Repeat("x", m.rng.IntN(m.w)))
		}
	case 1:
		y := m.rng.IntN(h)
		m.lines[y] = ansi.Truncate(m.lines[y], ansi.StringWidth(m.lines[y])/2, "") + string(rune('a'+m.rng.IntN(26)))
	case 2:
		m.lines[m.rng.IntN(h)] = strings.Repeat(" ", m.rng.IntN(20)) + "\x1b[1;31mWARN\x1b[0m 界 " + fmt.Sprint(m.n)
	case 3:
		m.lines[m.rng.IntN(h)] = ""
	default:
		m.lines[m.rng.IntN(h)] = strings.Repeat("─", m.rng.IntN(m.w))
	}
}

func (m *sceneModel) View() string {
	rows := append([]string{fmt.Sprintf("scene %d", m.n), " p0  \x1b[33m" + string(m.spark) + "\x1b[0m  warn 0"}, m.lines...)
	for i := range rows {
		rows[i] = ansi.Truncate(rows[i], m.w, "")
	}
	if !m.stored {
		plain := make([]string, len(rows))
		for i, r := range rows {
			plain[i] = strings.TrimRight(ansi.Strip(r), " ")
		}
		m.drawn.mu.Lock()
		m.drawn.text[m.n] = plain
		m.drawn.mu.Unlock()
		m.stored = true
	}
	return strings.Join(rows, "\n")
}

// TestFramesShowEachSceneAsDrawn changes a screen in every way a cockpit
// does, one scene a key, and checks that a real terminal (tmux, through
// the OpenSSH client) shows each scene exactly, though only the changed
// cells were sent.
func TestFramesShowEachSceneAsDrawn(t *testing.T) {
	drawn := &scenes{text: map[int][]string{}}
	r := startRig(t, func(o *Options) {
		o.NewModel = func(s Session) tea.Model { return newSceneModel(s, drawn) }
	})
	x := newTmux(t)
	x.start("term", 80, 24, r.interactive(r.alice, "xterm-256color"))
	for n := 0; n <= 150; n++ {
		if n > 0 {
			x.run("send-keys", "-t", "term", "n")
		}
		waitFor(t, fmt.Sprintf("scene %d on screen", n), func() (bool, string) {
			want, ok := drawn.get(n)
			if !ok {
				return false, "not drawn yet"
			}
			got := strings.Split(strings.TrimRight(x.capture("term"), "\n"), "\n")
			for len(got) < len(want) {
				got = append(got, "")
			}
			for i, w := range want {
				if g := strings.TrimRight(got[i], " "); g != w {
					return false, fmt.Sprintf("row %d shows %q, scene %d has %q", i, g, n, w)
				}
			}
			return true, ""
		})
	}
	st, _ := stateOf(r.srv, "alice")
	t.Logf("151 scenes of 80x24 in %d bytes", st.Traffic.Bytes)
}
