package checks

import (
	"context"
	"net"
	"time"

	"golive/runbook"
)

// tcpOnce connects to a tcp check's "host:port" within its timeout, and
// hangs up at once.
func tcpOnce(ctx context.Context, c *runbook.Check) (*Observation, Status, string) {
	if _, _, err := net.SplitHostPort(c.TCP); err != nil {
		return invalidCheck(c.Kind, "bad address %q: want host:port", c.TCP)
	}
	limit := timeout(c)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	obs := &Observation{Kind: runbook.KindTCP}
	start := time.Now()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", c.TCP)
	obs.Duration = time.Since(start)
	if err != nil {
		return obs, Fail, netReason(err, limit)
	}
	conn.Close()
	obs.Connected = true
	obs.Latency, obs.HasLatency = obs.Duration, true
	return obs, "", ""
}
