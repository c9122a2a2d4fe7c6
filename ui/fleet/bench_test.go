package fleet

import (
	"testing"
	"time"
)

// BenchmarkView500 draws the grid of a 500-host fleet: only the visible
// rows are formatted, so the cost follows the screen, not the fleet.
func BenchmarkView500(b *testing.B) {
	m := New()
	m.SetSize(120, 40)
	m.SetFleet(fleetOf(500), t0.Add(time.Minute))
	m, _ = m.Update(press("G"))
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkSetFleet500 is the cost of taking a new snapshot.
func BenchmarkSetFleet500(b *testing.B) {
	m := New()
	m.SetSize(120, 40)
	f := fleetOf(500)
	for b.Loop() {
		m.SetFleet(f, t0)
	}
}
