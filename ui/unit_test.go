package ui

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"golive/launch"
	"golive/runbook"
)

func TestSparkline(t *testing.T) {
	st := newStyles(lipgloss.DefaultRenderer())
	tests := []struct {
		name   string
		values []float64
		width  int
		want   string
	}{
		{"rising", []float64{0, 1, 2, 3, 4, 5, 6, 7}, 8, "▁▂▃▄▅▆▇█"},
		{"flat sits mid-height", []float64{5, 5, 5}, 10, "▄▄▄"},
		{"keeps the newest", []float64{9, 9, 0, 7}, 2, "▁█"},
		{"empty", nil, 5, ""},
		{"no room", []float64{1, 2}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ansi.Strip(st.sparkline(tt.values, nil, tt.width))
			if got != tt.want {
				t.Fatalf("sparkline(%v, %d) = %q, want %q", tt.values, tt.width, got, tt.want)
			}
		})
	}
}

func TestSparkIndexBounds(t *testing.T) {
	for _, v := range []float64{-1e9, 0, 0.5, 1, 1e9} {
		if i := sparkIndex(v, 0, 1); i < 0 || i > 7 {
			t.Fatalf("sparkIndex(%v) = %d, outside 0..7", v, i)
		}
	}
}

func TestWindowStatus(t *testing.T) {
	start := time.Date(2026, 12, 1, 22, 0, 0, 0, time.UTC)
	l := runbook.Launch{
		Window: &runbook.Window{Start: start, End: start.Add(90 * time.Minute)},
		Freeze: []runbook.Freeze{{Start: start.Add(24 * time.Hour), End: start.Add(48 * time.Hour), Reason: "Holidays\x1b]0;pwned\x07"}},
	}
	tests := []struct {
		name      string
		now       time.Time
		text, lvl string
	}{
		{"before", start.Add(-(1*time.Hour + 2*time.Minute + 3*time.Second)), "window T-1:02:03", "warn"},
		{"inside", start.Add(10 * time.Minute), "window 1:20:00 left", "ok"},
		{"last quarter hour", start.Add(80 * time.Minute), "window 10:00 left", "warn"},
		{"after", start.Add(2 * time.Hour), "outside the deployment window", "crit"},
		{"freeze", start.Add(25 * time.Hour), "inside freeze Holidays (ends in 23:00:00)", "crit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, lvl := windowStatus(l, tt.now)
			if text != tt.text || lvl != tt.lvl {
				t.Fatalf("windowStatus = %q, %q; want %q, %q", text, lvl, tt.text, tt.lvl)
			}
		})
	}
	if text, _ := windowStatus(runbook.Launch{}, start); text != "any time (no window)" {
		t.Fatalf("no window: %q", text)
	}
	if !outsideWindow(l, start.Add(-time.Minute)) || outsideWindow(l, start.Add(time.Minute)) || !outsideWindow(l, start.Add(3*time.Hour)) {
		t.Fatal("outsideWindow disagrees with the window")
	}
}

func TestGlyphsDistinctWithoutColour(t *testing.T) {
	all := []launch.ItemStatus{
		launch.StatusPending, launch.StatusRunning, launch.StatusWaiting, launch.StatusPassed,
		launch.StatusFailed, launch.StatusError, launch.StatusSkipped, launch.StatusWaived,
		launch.StatusSimulated, launch.StatusInterrupted, launch.StatusRolledBack,
	}
	seen := map[string]launch.ItemStatus{}
	for _, s := range all {
		mark, _ := glyph(s)
		if ansi.StringWidth(mark) != 1 {
			t.Errorf("%s: glyph %q is not one cell wide", s, mark)
		}
		if prev, dup := seen[mark]; dup {
			t.Errorf("%s and %s share the glyph %q", s, prev, mark)
		}
		seen[mark] = s
	}
	if d, _ := glyph(launch.StatusDone); d != "✓" {
		t.Errorf("done glyph = %q", d)
	}
}

func TestFormat(t *testing.T) {
	for d, want := range map[time.Duration]string{
		850 * time.Millisecond:          "850ms",
		2100 * time.Millisecond:         "2.1s",
		65 * time.Second:                "1m05s",
		62 * time.Minute:                "1h02m",
		-3 * time.Second:                "3.0s",
		3*time.Hour + 4*time.Minute + 1: "3h04m",
	} {
		if got := fmtDur(d); got != want {
			t.Errorf("fmtDur(%v) = %q, want %q", d, got, want)
		}
	}
	if got := fmtClock(-time.Second); got != "00:00" {
		t.Errorf("negative clock = %q", got)
	}
	if got := fmtSigned(-12 * time.Second); got != "-12.0s" {
		t.Errorf("fmtSigned = %q", got)
	}
}

func TestCutoverETA(t *testing.T) {
	now := t0.Add(10 * time.Minute)
	items := []*launch.Item{
		{Phase: launch.PhasePreflight, ExpectedMS: 99999, Status: launch.StatusPending},
		{Phase: launch.PhaseCutover, ExpectedMS: 60000, Status: launch.StatusDone, Started: t0, Finished: t0.Add(90 * time.Second)},
		{Phase: launch.PhaseCutover, ExpectedMS: 120000, Status: launch.StatusRunning, Started: now.Add(-30 * time.Second)},
		{Phase: launch.PhaseCutover, ExpectedMS: 300000, Status: launch.StatusPending},
	}
	eta, drift, ok := cutoverETA(items, now)
	if !ok {
		t.Fatal("no ETA with baselines")
	}
	if want := now.Add(90*time.Second + 5*time.Minute); !eta.Equal(want) {
		t.Errorf("eta = %v, want %v", eta, want)
	}
	if drift != 30*time.Second {
		t.Errorf("drift = %v, want 30s", drift)
	}
	if _, _, ok := cutoverETA([]*launch.Item{{Phase: launch.PhaseCutover}}, now); ok {
		t.Error("an ETA without any baseline")
	}
}

func TestKeyBytes(t *testing.T) {
	tests := []struct {
		k    tea.KeyMsg
		want string
	}{
		{typed("yes"), "yes"},
		{keyOf(tea.KeyEnter), "\r"},
		{keyOf(tea.KeyBackspace), "\x7f"},
		{keyOf(tea.KeyCtrlC), "\x03"},
		{keyOf(tea.KeyUp), "\x1b[A"},
		{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x"), Alt: true}, "\x1bx"},
	}
	for _, tt := range tests {
		if got := string(keyBytes(tt.k)); got != tt.want {
			t.Errorf("keyBytes(%v) = %q, want %q", tt.k, got, tt.want)
		}
	}
}

func TestMaskPresent(t *testing.T) {
	m := newModel(Options{}, launch.NewState(nil))
	in := "curl https://deploy:hunter2@api.internal:8443/v1 then ping 10.1.2.3 and db.prod.example:5432 at 22:04:11 fe80::1"
	got := m.maskPresent(in)
	for _, leak := range []string{"hunter2", "deploy", "api.internal", "10.1.2.3", "db.prod.example", "fe80::1"} {
		if strings.Contains(got, leak) {
			t.Errorf("presentation leaks %q: %s", leak, got)
		}
	}
	if !strings.Contains(got, "22:04:11") {
		t.Errorf("a clock time was masked as an address: %s", got)
	}
}

func TestCleanDropsControlSequences(t *testing.T) {
	got := clean("name\x1b]52;c;aGVsbG8=\x07 \x1b[2Jok\x9b31m\r\nnext")
	if strings.ContainsAny(got, "\x1b\x07\r\n\u009b") || !strings.Contains(got, "name") || !strings.Contains(got, "ok") {
		t.Fatalf("clean = %q", got)
	}
}

func TestParseExtend(t *testing.T) {
	if d, err := parseExtend(""); err != nil || d != 5*time.Minute {
		t.Fatalf("default extend = %v, %v", d, err)
	}
	if d, err := parseExtend(" 90s "); err != nil || d != 90*time.Second {
		t.Fatalf("90s = %v, %v", d, err)
	}
	for _, bad := range []string{"soon", "-5m", "0s"} {
		if _, err := parseExtend(bad); err == nil {
			t.Errorf("parseExtend(%q) accepted", bad)
		}
	}
}
