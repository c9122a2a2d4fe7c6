package ballot

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os/user"
	"strconv"
	"sync"
	"time"
)

// ConnTimeout bounds one voter's whole exchange with the server: a voter
// that sends nothing, or an engine that never answers, ties up nothing for
// longer than this.
const ConnTimeout = 30 * time.Second

// maxRequest bounds the one line a voter may send.
const maxRequest = 4096

// Delivery is one ballot waiting for the engine's answer.
type Delivery struct {
	Ballot Ballot
	reply  chan Answer // buffered: the first Reply wins, later ones are dropped
}

// Reply sends the engine's answer to the voter. Only the first reply of a
// delivery is sent; it never blocks.
func (d Delivery) Reply(a Answer) {
	select {
	case d.reply <- a:
	default:
	}
}

// Server takes votes on a launch's voting socket. It proves each voter's
// identity with the kernel and hands the engine one Delivery per ballot.
type Server struct {
	lns        []*net.UnixListener
	deliveries chan Delivery
	done       chan struct{}
	closeOnce  sync.Once
	wg         sync.WaitGroup
	now        func() time.Time
}

// Listen opens the voting socket of the launch whose state root is dir
// (.golive/NAME). It fails when another process already takes votes for
// that launch. The engine must receive from Ballots until it calls Close.
func Listen(dir string) (*Server, error) {
	if !peerCredSupported {
		return nil, fmt.Errorf("voting socket: %w on this system (it needs Linux peer credentials)", errors.ErrUnsupported)
	}
	names, err := addresses(dir)
	if err != nil {
		return nil, fmt.Errorf("voting socket: %w", err)
	}
	s := &Server{deliveries: make(chan Delivery), done: make(chan struct{}), now: time.Now}
	for _, name := range names {
		ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: name, Net: "unix"})
		if err != nil {
			s.Close()
			if errors.Is(err, errAddrInUse) {
				return nil, fmt.Errorf("voting socket for %s: another process already takes votes for this launch", dir)
			}
			return nil, fmt.Errorf("voting socket for %s: %w", dir, err)
		}
		s.lns = append(s.lns, ln)
	}
	for _, ln := range s.lns {
		s.wg.Add(1)
		go s.accept(ln)
	}
	return s, nil
}

// Ballots delivers each ballot cast; it is never closed, so select on it
// beside the engine's other inputs.
func (s *Server) Ballots() <-chan Delivery { return s.deliveries }

// Close stops taking votes, answers every voter still waiting that the
// launch stopped listening, and waits for every connection to end.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		close(s.done)
		for _, ln := range s.lns {
			ln.Close()
		}
	})
	s.wg.Wait()
	return nil
}

func (s *Server) accept(ln *net.UnixListener) {
	defer s.wg.Done()
	for {
		c, err := ln.AcceptUnix()
		if err != nil {
			return // closed by Close, or the listener broke: no more votes
		}
		s.wg.Add(1)
		go s.serve(c)
	}
}

// serve runs one voter's exchange: read the request, prove the peer,
// hand the ballot over, write the answer.
func (s *Server) serve(c *net.UnixConn) {
	defer s.wg.Done()
	defer c.Close()
	deadline := time.NewTimer(ConnTimeout)
	defer deadline.Stop()
	c.SetDeadline(s.now().Add(ConnTimeout))

	uid, err := peerUID(c)
	if err != nil {
		writeAnswer(c, Answer{Refusal: RefuseBadRequest, Message: "the kernel did not say who you are: " + err.Error()})
		return
	}
	req, err := readRequest(c)
	if err != nil {
		writeAnswer(c, Answer{Refusal: RefuseBadRequest, Message: err.Error()})
		return
	}
	b := Ballot{Label: req.As, UID: uid, OSUser: userName(uid), Proof: ProofKernel, NoGo: req.NoGo, Reason: req.Reason, At: s.now().UTC()}
	d := Delivery{Ballot: b, reply: make(chan Answer, 1)}
	select {
	case s.deliveries <- d:
	case <-s.done:
		writeAnswer(c, Answer{Refusal: RefuseServerShutdown, Message: "the launch stopped listening for votes"})
		return
	case <-deadline.C:
		writeAnswer(c, Answer{Refusal: RefuseNoGate, Message: "the launch did not take the vote in time: it is not waiting at a gate"})
		return
	}
	select {
	case a := <-d.reply:
		writeAnswer(c, a)
	case <-s.done:
		writeAnswer(c, Answer{Refusal: RefuseServerShutdown, Message: "the launch stopped listening for votes before answering"})
	case <-deadline.C:
	}
}

func readRequest(r io.Reader) (Request, error) {
	line, err := bufio.NewReader(io.LimitReader(r, maxRequest)).ReadBytes('\n')
	if err != nil && !(errors.Is(err, io.EOF) && len(line) > 0) {
		return Request{}, fmt.Errorf("no vote received: send one JSON line {\"as\":..., \"no_go\":..., \"reason\":...}")
	}
	var req Request
	if err := json.Unmarshal(line, &req); err != nil {
		return Request{}, fmt.Errorf("the vote is not a JSON object: %v", err)
	}
	return req, nil
}

func writeAnswer(w io.Writer, a Answer) {
	line, _ := json.Marshal(a)
	w.Write(append(line, '\n'))
}

// userName is the account name of uid, or "uid N" when it has none.
func userName(uid int) string {
	if u, err := user.LookupId(strconv.Itoa(uid)); err == nil && u.Username != "" {
		return u.Username
	}
	return "uid " + strconv.Itoa(uid)
}
