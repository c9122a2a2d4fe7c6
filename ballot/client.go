package ballot

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"syscall"
	"time"
)

// ErrNoLaunch means no process takes votes for any of the state roots
// tried: no launch of that runbook is waiting at a gate.
var ErrNoLaunch = errors.New("no launch is waiting at a gate")

// Cast sends one vote to the launch whose state root is the first of
// roots that has a driver listening, and returns the driver's answer. An
// answer that refuses the vote is not an error; ErrNoLaunch is returned
// when nothing listens. ctx bounds the whole exchange.
func Cast(ctx context.Context, roots []string, req Request) (Answer, error) {
	if !peerCredSupported {
		return Answer{}, fmt.Errorf("voting: %w on this system (it needs Linux peer credentials)", errors.ErrUnsupported)
	}
	for _, root := range roots {
		name, err := Address(root)
		if err != nil {
			return Answer{}, err
		}
		var d net.Dialer
		c, err := d.DialContext(ctx, "unix", name)
		if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ENOENT) {
			continue
		}
		if err != nil {
			return Answer{}, fmt.Errorf("voting socket of %s: %w", root, err)
		}
		return exchange(ctx, c.(*net.UnixConn), root, req)
	}
	return Answer{}, ErrNoLaunch
}

func exchange(ctx context.Context, c *net.UnixConn, root string, req Request) (Answer, error) {
	defer c.Close()
	if err := checkDriver(c, root); err != nil {
		return Answer{}, err
	}
	if dl, ok := ctx.Deadline(); ok {
		c.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { c.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	line, _ := json.Marshal(req)
	if _, err := c.Write(append(line, '\n')); err != nil {
		return Answer{}, fmt.Errorf("sending the vote: %w", err)
	}
	reply, err := bufio.NewReader(c).ReadBytes('\n')
	if err != nil {
		if ctx.Err() != nil {
			return Answer{}, fmt.Errorf("the launch did not answer in time: %w", ctx.Err())
		}
		return Answer{}, fmt.Errorf("the launch closed the connection without an answer: %w", err)
	}
	var a Answer
	if err := json.Unmarshal(reply, &a); err != nil {
		return Answer{}, fmt.Errorf("the launch's answer is not JSON: %w", err)
	}
	return a, nil
}

// checkDriver refuses to vote through a socket held by someone other than
// the owner of the state root. Abstract socket names are open to every
// user, so another user could bind the name first; the kernel's record of
// who listens settles it. When the voter cannot see the state root at all,
// there is nothing to compare with and the vote goes ahead.
func checkDriver(c *net.UnixConn, root string) error {
	st, err := os.Stat(root)
	if err != nil {
		return nil
	}
	owner, ok := ownerUID(st)
	if !ok {
		return nil
	}
	uid, err := peerUID(c)
	if err != nil {
		return fmt.Errorf("voting socket of %s: the kernel did not say who listens: %w", root, err)
	}
	if uid != owner {
		return fmt.Errorf("the process taking votes for %s runs as %s, but the launch belongs to %s: not voting through it", root, userName(uid), userName(owner))
	}
	return nil
}
