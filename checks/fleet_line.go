package checks

import (
	"strconv"
	"time"
)

// HostLine is the headless line for a host whose status a task changed
// (CONTRACT): `HH:MM:SS cutover deploy host web4 failed "message"`; ok,
// changed, skipped and unreachable lines have the same shape, with the
// message only when there is one.
func HostLine(at time.Time, phase, id string, c HostChange) string {
	s := at.Format("15:04:05") + " " + phase + " " + id + " host " + c.Host + " " + string(c.To)
	if c.Msg != "" && c.To.Bad() {
		s += " " + strconv.Quote(oneLine(c.Msg))
	}
	return s
}

// oneLine keeps the first line of a message, so a headless line stays one
// line.
func oneLine(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return s[:i] + " …"
		}
	}
	return s
}
