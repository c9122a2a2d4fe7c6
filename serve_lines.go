package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"

	"golive/launch"
)

// lines prints the headless line of every event from its own goroutine,
// pulling from the relay: a stdout that blocks (a paused pager, a full
// pipe) delays only these lines, never the engine.
type lines struct {
	sub  *launch.Subscription
	done chan struct{}
}

func startLines(relay *launch.Relay, w io.Writer) *lines {
	l := &lines{sub: relay.Subscribe(), done: make(chan struct{})}
	l.sub.Pull() // the history of a resumed launch was printed by its first run
	go l.run(w)
	return l
}

func (l *lines) run(w io.Writer) {
	defer close(l.done)
	bw := bufio.NewWriter(w)
	for {
		select {
		case <-l.sub.Wake():
		case <-l.sub.Done():
			l.print(bw)
			return
		}
		l.print(bw)
	}
}

func (l *lines) print(bw *bufio.Writer) {
	snap := l.sub.Pull()
	if snap.Skipped > 0 {
		fmt.Fprintf(os.Stderr, "golive: %d events not printed: stdout was too slow (the journal has them)\n", snap.Skipped)
	}
	for _, e := range snap.Events {
		fmt.Fprintln(bw, launch.FormatLine(e, nil))
	}
	bw.Flush()
}

// stop prints what is left and waits for the printer.
func (l *lines) stop() {
	l.sub.Close()
	<-l.done
}

func portOf(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return port
}

func hostOf(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}
