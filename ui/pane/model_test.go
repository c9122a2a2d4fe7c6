package pane

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// newTestModel returns a 40x11 pane (10 rows of output) over n lines
// "line 0" ... "line n-1".
func newTestModel(t testing.TB, n, limit int) (Model, *Buffer) {
	t.Helper()
	b := NewBuffer(limit)
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "line %d\n", i)
	}
	b.Write([]byte(sb.String()))
	m := New("deploy", b, "logs/deploy.log")
	m.SetSize(40, 11)
	return m, b
}

// screen returns the plain rows of a view, trailing blanks trimmed.
func screen(m Model) []string {
	rows := strings.Split(ansi.Strip(m.View()), "\n")
	for i := range rows {
		rows[i] = strings.TrimRight(rows[i], " ")
	}
	return rows
}

func press(m Model, keys ...string) Model {
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "up", "down", "pgup", "pgdown", "home", "end", "enter", "esc", "backspace":
			msg = tea.KeyMsg{Type: map[string]tea.KeyType{
				"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
				"home": tea.KeyHome, "end": tea.KeyEnd, "enter": tea.KeyEnter, "esc": tea.KeyEsc,
				"backspace": tea.KeyBackspace,
			}[k]}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		m, _ = m.Update(msg)
	}
	return m
}

func TestModelFollowAndScroll(t *testing.T) {
	m, b := newTestModel(t, 100, 0)
	rows := screen(m)
	if len(rows) != 11 || rows[9] != "line 99" || rows[0] != "line 90" || rows[10] != "following" {
		t.Fatalf("following view: %q", rows)
	}
	if w := ansi.StringWidth(strings.Split(m.View(), "\n")[3]); w != 40 {
		t.Errorf("rows are %d wide, want 40", w)
	}

	m = press(m, "up")
	if m.Following() {
		t.Fatal("still following after scrolling up")
	}
	rows = screen(m)
	if rows[9] != "line 98" || rows[10] != "scrolled: line 90 of 100" {
		t.Fatalf("after up: %q", rows)
	}

	// New output does not move a scrolled view.
	b.Write([]byte("line 100\nline 101\n"))
	rows = screen(m)
	if rows[9] != "line 98" || rows[10] != "scrolled: line 90 of 102" {
		t.Fatalf("after output while scrolled: %q", rows)
	}

	m = press(m, "pgup")
	if rows = screen(m); rows[0] != "line 80" {
		t.Fatalf("after page up: %q", rows)
	}
	m = press(m, "home")
	if rows = screen(m); rows[0] != "line 0" || rows[10] != "scrolled: line 1 of 102" {
		t.Fatalf("after home: %q", rows)
	}
	m = press(m, "f")
	if rows = screen(m); !m.Following() || rows[9] != "line 101" {
		t.Fatalf("after f: %q", rows)
	}

	// Scrolling down to the end follows again.
	m = press(m, "up", "up", "down")
	if m.Following() {
		t.Fatal("following after up, up, down")
	}
	m = press(m, "down")
	if !m.Following() {
		t.Fatal("not following after scrolling back to the end")
	}
	m = press(m, "k", "end")
	if !m.Following() {
		t.Fatal("End does not follow")
	}
}

func TestModelDroppedLines(t *testing.T) {
	m, _ := newTestModel(t, 1000, 100)
	dropped := 1000 - 100 - LiveLines + 1
	rows := screen(m)
	want := fmt.Sprintf("following · %d earlier lines only in the log: logs/deploy.log", dropped)
	if rows[10] != ansi.Truncate(want, 40, "…") {
		t.Errorf("footer %q, want %q", rows[10], want)
	}
	m = press(m, "home")
	rows = screen(m)
	if !strings.HasPrefix(rows[0], fmt.Sprintf("%d earlier lines", dropped)) || rows[1] != fmt.Sprintf("line %d", dropped) {
		t.Errorf("top after home: %q", rows[:2])
	}
}

func TestModelWrap(t *testing.T) {
	b := NewBuffer(0)
	b.Write([]byte("short\n\x1b[31m" + strings.Repeat("x", 90) + "\x1b[m\nend\n"))
	m := New("s", b, "")
	m.SetSize(40, 5)
	rows := strings.Split(m.View(), "\n")
	red := func(n int) string { return "\x1b[0;31m" + strings.Repeat("x", n) + "\x1b[m" }
	want := []string{red(40), red(40), red(10), "end", "following"}
	for i, w := range want {
		if strings.TrimRight(rows[i], " ") != w {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	m = press(m, "up")
	if got := screen(m)[:2]; got[0] != "short" || got[1] != strings.Repeat("x", 40) {
		t.Errorf("after up: %q", got)
	}
	m = press(m, "down")
	if got := screen(m)[0]; got != strings.Repeat("x", 40) || !m.Following() {
		t.Errorf("after down, top row %q, following %v", got, m.Following())
	}
	m = press(m, "up", "up")
	if got := screen(m)[0]; got != "short" || m.Following() {
		t.Errorf("after up up, top row %q, following %v", got, m.Following())
	}
}

func TestModelSearch(t *testing.T) {
	m, _ := newTestModel(t, 100, 0)
	m.SetSize(60, 11)
	m = press(m, "/", "l", "i", "n", "e", " ", "4", "x", "backspace")
	if !m.Searching() || screen(m)[10] != "/line 4█" {
		t.Fatalf("search prompt: %q", screen(m)[10])
	}
	m = press(m, "enter")
	if m.Searching() || m.Query() != "line 4" {
		t.Fatalf("after enter: searching %v, query %q", m.Searching(), m.Query())
	}
	rows := screen(m)
	// The nearest match above the bottom is "line 49", shown a third of
	// the way down.
	if rows[3] != "line 49" || !strings.Contains(rows[10], "match at line 50") {
		t.Fatalf("first match: %q", rows)
	}
	if !strings.Contains(m.View(), "\x1b[0;7mline 4\x1b[m9") {
		t.Errorf("match not highlighted: %q", m.View())
	}
	m = press(m, "N")
	if rows = screen(m); rows[3] != "line 48" {
		t.Fatalf("after N: %q", rows)
	}
	m = press(m, "n", "n")
	if rows = screen(m); rows[3] != "line 4" {
		t.Fatalf("after n n (wraps to the top): %q", rows)
	}
	m = press(m, "/", "L", "I", "N", "E", "enter")
	if rows = screen(m); !strings.Contains(rows[10], `no match for "LINE"`) {
		t.Fatalf("case-sensitive search with capitals: %q", rows[10])
	}
	m = press(m, "/", "x", "esc")
	if m.Searching() || m.Query() != "LINE" {
		t.Errorf("esc should cancel the prompt and keep the query, got %q", m.Query())
	}
}

func TestModelOutputMessages(t *testing.T) {
	m, b := newTestModel(t, 1, 0)
	if _, cmd := m.Update(OutputMsg{ID: "other"}); cmd != nil {
		t.Error("another step's output re-armed this pane")
	}
	if _, cmd := m.Update(OutputMsg{ID: "deploy", Closed: true}); cmd != nil {
		t.Error("closed output re-armed")
	}
	_, cmd := m.Update(OutputMsg{ID: "deploy"})
	if cmd == nil {
		t.Fatal("output did not re-arm the wait")
	}
	// Drain the signal of the initial write, then a burst of writes gives
	// one message.
	<-b.Changed()
	go func() {
		for range 100 {
			b.Write([]byte("x\n"))
		}
		b.Close()
	}()
	msg := cmd()
	if om, ok := msg.(OutputMsg); !ok || om.ID != "deploy" {
		t.Fatalf("got %#v", msg)
	}
	<-b.Done()
	for {
		om := m.Init()().(OutputMsg)
		if om.Closed {
			break
		}
	}
	if b.Len() != 101 {
		t.Errorf("Len = %d after the burst, want 101", b.Len())
	}
}

func TestModelHiddenStopsWaiting(t *testing.T) {
	m, b := newTestModel(t, 1, 0)
	if cmd := m.SetHidden(true); cmd != nil {
		t.Error("hiding a pane started a wait")
	}
	m, cmd := m.Update(OutputMsg{ID: "deploy"})
	if cmd != nil {
		t.Fatal("a hidden pane re-armed its output wait")
	}
	b.Write([]byte("while hidden\n"))
	cmd = m.SetHidden(false)
	if cmd == nil {
		t.Fatal("showing the pane again did not wait for output")
	}
	if om, ok := cmd().(OutputMsg); !ok || om.ID != "deploy" || om.Closed {
		t.Fatalf("got %#v, want the output written while hidden", om)
	}
	if cmd := m.SetHidden(false); cmd != nil {
		t.Error("showing a shown pane started a second wait")
	}
	if b.Len() != 2 {
		t.Errorf("Len = %d, want 2: the buffer takes output while hidden", b.Len())
	}
}

func TestWaitOutputCapsFrameRate(t *testing.T) {
	b := NewBuffer(0)
	cmd := WaitOutput(b, "s")
	b.Write([]byte("a"))
	cmd()
	b.Write([]byte("b"))
	start := time.Now()
	cmd()
	// The second message waits out the frame interval; the bound is a
	// lower one, which a slow machine cannot break.
	if d := time.Since(start); d < FrameInterval/2 {
		t.Errorf("second message after %v, want about %v", d, FrameInterval)
	}
}

func TestWaitOutputSlowsDownForAFlood(t *testing.T) {
	b := NewBuffer(0)
	cmd := WaitOutput(b, "s")
	// Output always waiting when a frame is due: a flood.
	for range floodAfter + 1 {
		b.Write([]byte("line\n"))
		cmd()
	}
	b.Write([]byte("more\n"))
	start := time.Now()
	cmd()
	// A lower bound, which a slow machine cannot break.
	if d := time.Since(start); d < FloodInterval*3/4 {
		t.Errorf("a frame of a flood after %v, want about %v", d, FloodInterval)
	}
}

func TestModelSmallSizes(t *testing.T) {
	m, _ := newTestModel(t, 10, 0)
	for _, size := range [][2]int{{0, 0}, {1, 1}, {1, 2}, {3, 2}} {
		m.SetSize(size[0], size[1])
		v := m.View()
		m = press(m, "up", "pgdown", "home", "/", "z", "enter", "n")
		if size[1] >= MinHeight && len(strings.Split(v, "\n")) != size[1] {
			t.Errorf("size %v: %d rows", size, len(strings.Split(v, "\n")))
		}
	}
}
