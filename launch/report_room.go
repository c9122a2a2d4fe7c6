package launch

import (
	"fmt"
	"time"
)

// writeRoomMD writes "Who was there": the sessions of `golive serve` and
// the changes of driver.
func writeRoomMD(p func(string, ...any), r *ReportRoom) {
	if r == nil {
		return
	}
	p("\n## Who was there\n\n")
	if len(r.Sessions) > 0 {
		p("| # | Person | Role | Key | From | Terminal | Opened | Closed |\n|---|---|---|---|---|---|---|---|\n")
		for _, s := range r.Sessions {
			closed := "still connected at the end"
			if s.Closed != nil {
				closed = s.Closed.UTC().Format(time.RFC3339)
			}
			p("| %d | %s | %s | `%s` | %s | %s | %s | %s |\n", s.ID, cell(s.Person), cell(s.Role), mdCode(s.Key), cell(s.Addr),
				fmt.Sprintf("%dx%d", s.Cols, s.Rows), mdTime(s.Opened), closed)
		}
	}
	if len(r.Drivers) > 0 {
		p("\nDrivers:\n\n")
		for _, d := range r.Drivers {
			who := "nobody drives"
			if d.Who != "" {
				who = md(d.Who) + " drives"
			}
			p("- %s %s: %s\n", d.At.UTC().Format(time.RFC3339), who, md(d.Reason))
		}
	}
}
