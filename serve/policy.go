package serve

import (
	"fmt"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Session request types of RFC 4254 and OpenSSH that the policy names.
const (
	reqPTY       = "pty-req"
	reqShell     = "shell"
	reqExec      = "exec"
	reqSubsystem = "subsystem"
	reqX11       = "x11-req"
	reqAgent     = "auth-agent-req@openssh.com"
	reqForward   = "tcpip-forward"
	reqCancelFwd = "cancel-tcpip-forward"
	chanSession  = "session"
	chanDirect   = "direct-tcpip"
)

// Messages the client prints when a request is refused.
const (
	msgOnlyCockpit = "golive serve offers only the interactive cockpit: connect with `ssh -t -p PORT HOST` and no command.\r\n"
	msgNoForward   = "golive serve offers no port forwarding"
)

// sessionChannel wraps the library's session handler so that every session
// request passes the policy first: only a PTY and a shell (the app) are
// granted, plus env (for NO_COLOR) and window changes.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, &policedChannel{NewChannel: newChan, server: s, ctx: ctx}, ctx)
}

type policedChannel struct {
	gossh.NewChannel
	server *Server
	ctx    ssh.Context
}

// Accept accepts the channel and filters its requests: refused ones are
// answered here and never reach the session.
func (c *policedChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := c.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go c.filter(ch, reqs, out)
	return ch, out, nil
}

func (c *policedChannel) filter(ch gossh.Channel, in <-chan *gossh.Request, out chan<- *gossh.Request) {
	defer close(out)
	pty := false
	for req := range in {
		what, detail := Refused(""), ""
		switch req.Type {
		case reqPTY:
			pty = true
		case reqShell:
			if !pty {
				what = RefusedNoPTY
			}
		case reqExec:
			what, detail = RefusedExec, stringPayload(req.Payload)
		case reqSubsystem:
			what, detail = RefusedSubsystem, stringPayload(req.Payload)
		case reqX11:
			what = RefusedX11
		case reqAgent:
			what = RefusedAgent
		}
		if what == "" {
			out <- req
			continue
		}
		c.server.refuse(c.ctx, what, detail)
		if what == RefusedNoPTY || what == RefusedExec || what == RefusedSubsystem {
			// OpenSSH exits on a failed exec reply before it prints the
			// channel's stderr, so the request is granted only to say what
			// to do instead, and the channel ends with status 1; nothing
			// the client asked for runs.
			_ = req.Reply(true, nil)
			_, _ = ch.Stderr().Write([]byte(msgOnlyCockpit))
			_, _ = ch.SendRequest("exit-status", false, gossh.Marshal(struct{ Status uint32 }{1}))
			_ = ch.Close()
			continue
		}
		_ = req.Reply(false, nil)
	}
}

// stringPayload decodes the single string of an exec or subsystem request.
func stringPayload(payload []byte) string {
	var p struct{ Value string }
	if err := gossh.Unmarshal(payload, &p); err != nil {
		return ""
	}
	return p.Value
}

// refuseDirect rejects a local port forward (`ssh -L`) when the client
// opens its channel.
func (s *Server) refuseDirect(_ *ssh.Server, _ *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	var target struct {
		Host       string
		Port       uint32
		OriginHost string
		OriginPort uint32
	}
	detail := ""
	if err := gossh.Unmarshal(newChan.ExtraData(), &target); err == nil {
		detail = fmt.Sprintf("%s:%d", target.Host, target.Port)
	}
	s.refuse(ctx, RefusedLocalForward, detail)
	_ = newChan.Reject(gossh.Prohibited, msgNoForward)
}

// refuseForward rejects a remote port forward (`ssh -R`).
func (s *Server) refuseForward(ctx ssh.Context, _ *ssh.Server, req *gossh.Request) (bool, []byte) {
	if req.Type == reqForward {
		var bind struct {
			Addr string
			Port uint32
		}
		detail := ""
		if err := gossh.Unmarshal(req.Payload, &bind); err == nil {
			detail = fmt.Sprintf("%s:%d", bind.Addr, bind.Port)
		}
		s.refuse(ctx, RefusedRemoteFwd, detail)
	}
	return false, nil
}

// refuse reports a refusal by an authenticated connection.
func (s *Server) refuse(ctx ssh.Context, what Refused, detail string) {
	r := Refusal{What: what, RemoteAddr: ctx.RemoteAddr().String(), Detail: detail}
	if key, ok := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey); ok {
		if p, ok := s.opts.Lookup(key); ok {
			p.Fingerprint = Fingerprint(key)
			r.Person = p
		}
	}
	s.opts.OnRefuse(r)
}
