package serve

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
)

// feed is a publisher written the way the package comment asks: it keeps
// the latest value and pokes each subscriber's one-slot channel without
// ever waiting on it.
type feed struct {
	count atomic.Uint64
	mu    sync.Mutex
	subs  []chan struct{}
}

func (f *feed) subscribe() <-chan struct{} {
	ch := make(chan struct{}, 1)
	f.mu.Lock()
	f.subs = append(f.subs, ch)
	f.mu.Unlock()
	return ch
}

func (f *feed) publish() {
	f.count.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, ch := range f.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

type tickMsg struct{}

// cardModel draws who and how big its session is on the first line and,
// when fed, fills the rest of the screen with digits that change on every
// tick, in no order a renderer could shorten (runs, scrolled lines), so
// each frame rewrites nearly every cell.
type cardModel struct {
	s             Session
	width, height int
	feed          *feed
	poke          <-chan struct{}
	tick          uint64
}

func newCardModel(s Session, f *feed) *cardModel {
	m := &cardModel{s: s, width: s.Width, height: s.Height, feed: f}
	if f != nil {
		m.poke = f.subscribe()
	}
	return m
}

func (m *cardModel) wait() tea.Msg {
	select {
	case <-m.poke:
		return tickMsg{}
	case <-m.s.Done:
		return nil
	}
}

func (m *cardModel) Init() tea.Cmd {
	if m.feed == nil {
		return nil
	}
	return m.wait
}

func (m *cardModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tickMsg:
		m.tick = m.feed.count.Load()
		return m, m.wait
	case tea.KeyMsg:
		switch msg.String() {
		case "q":
			return m, tea.Quit
		case "p":
			panic("the card model was asked to panic")
		}
	}
	return m, nil
}

func (m *cardModel) View() string {
	head := m.s.Renderer.NewStyle().Bold(true).Render(
		fmt.Sprintf("card %s %dx%d %s tick=%d", m.s.Person.Name, m.width, m.height, ProfileName(m.s.Profile), m.tick))
	if m.feed == nil || m.width < 2 {
		return head
	}
	var b strings.Builder
	b.WriteString(head)
	for i := 1; i < m.height; i++ {
		b.WriteByte('\n')
		for j := 0; j < m.width-1; j++ {
			b.WriteByte(noise(m.tick, i, j))
		}
	}
	return b.String()
}

// noise is the digit of cell (i, j) at tick t, scattered by a multiplicative
// hash so that neighbouring cells, rows and ticks share no pattern.
func noise(t uint64, i, j int) byte {
	h := (t*0x9E3779B97F4A7C15 ^ uint64(i)*0xC2B2AE3D27D4EB4F ^ uint64(j)*0x165667B19E3779F9) * 0xFF51AFD7ED558CCD
	return byte('0' + (h>>33)%10)
}
