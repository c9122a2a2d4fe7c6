package launch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golive/checks"
	"golive/runbook"
)

// Notification delivery: each [[notify]] target has its own queue and
// goroutine, so targets never wait for each other and each receives its
// events in order. A try is bounded by notifyTimeout; a target gets
// notifyTries tries with a growing pause between them. A failure is
// journaled as NotifyFailed and never slows or fails the launch.
const (
	notifyTimeout = 5 * time.Second
	notifyTries   = 3
	notifyBackoff = 500 * time.Millisecond
)

// notifyFailedMsg reports a notification that could not be delivered.
type notifyFailedMsg struct {
	target string
	reason string
}

// notifyKinds maps an event to the `on` names that select it (see
// runbook.NotifyEvents); none for an event no target is told about.
func notifyKinds(ev Event) []string {
	switch b := ev.Body.(type) {
	case LaunchStartedBody:
		return []string{"started"}
	case CheckFinishedBody:
		if b.Status != checks.Pass {
			return []string{"check_failed"}
		}
	case GateOpenedBody, GateDecidedBody:
		return []string{"gate"}
	case VoteBody:
		return []string{"vote"}
	case CheckWaivedBody:
		return []string{"waiver"}
	case OverrideBody:
		return []string{"override"}
	case StepFailedBody:
		return []string{"step_failed"}
	case StepInterruptedBody:
		return []string{"interrupted"}
	case RollbackStartedBody, RollbackFinishedBody:
		return []string{"rollback"}
	case VerdictBody:
		return []string{"verdict"}
	case StageStartedBody, AnalysisSteadyBody, AnalysisBreachBody, StagePromotionBody:
		return []string{"stage"}
	case LaunchFinishedBody:
		if b.Outcome == OutcomeInterrupted {
			return []string{"finished", "interrupted"}
		}
		return []string{"finished"}
	}
	return nil
}

// notifier fans events out to the notify targets.
type notifier struct {
	e       *Engine
	targets []*notifyTarget
	wg      sync.WaitGroup
	client  *http.Client
}

// notifyTarget is one [[notify]] entry and its queue.
type notifyTarget struct {
	n      *runbook.Notify
	index  int // its place among the [[notify]] entries, for its processes' tag
	tries  int // commands started so far, for its processes' tag
	name   string
	mu     sync.Mutex
	queue  [][]byte
	closed bool
	wake   chan struct{}
	stop   chan struct{} // closed when the launch gives up waiting
}

func newNotifier(e *Engine) *notifier {
	nf := &notifier{e: e, client: &http.Client{Timeout: notifyTimeout}}
	for i, n := range e.rb.Notify {
		t := &notifyTarget{n: n, index: i, name: n.Webhook, wake: make(chan struct{}, 1), stop: make(chan struct{})}
		if t.name == "" {
			t.name = "run: " + n.Run
		}
		t.name = e.mask(t.name)
		nf.targets = append(nf.targets, t)
		nf.wg.Add(1)
		go nf.deliverAll(t)
	}
	return nf
}

// notifyBody is what a target receives: a Slack-compatible text line, the
// event itself, and which launch it belongs to.
type notifyBody struct {
	Text   string      `json:"text"`
	Event  Event       `json:"event"`
	Launch *notifyInfo `json:"launch"`
}

type notifyInfo struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Title     string `json:"title"`
	Rehearsal bool   `json:"rehearsal"`
}

// offer queues ev for every target that wants it. It never blocks.
func (nf *notifier) offer(ev Event) {
	kinds := notifyKinds(ev)
	if len(kinds) == 0 || len(nf.targets) == 0 {
		return
	}
	body, err := json.Marshal(notifyBody{
		Text:   nf.text(ev),
		Event:  ev,
		Launch: &notifyInfo{ID: nf.e.id, Name: nf.e.rb.Launch.Name, Title: nf.e.rb.Title(), Rehearsal: nf.e.o.Rehearse},
	})
	if err != nil {
		return
	}
	body = []byte(nf.e.mask(string(body)))
	for _, t := range nf.targets {
		if len(t.n.On) > 0 && !slices.ContainsFunc(kinds, func(k string) bool { return slices.Contains(t.n.On, k) }) {
			continue
		}
		t.mu.Lock()
		if !t.closed {
			t.queue = append(t.queue, body)
		}
		t.mu.Unlock()
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
}

// text is the one line a chat channel shows for ev.
func (nf *notifier) text(ev Event) string {
	var b strings.Builder
	if nf.e.o.Rehearse {
		b.WriteString("[REHEARSAL] ")
	}
	b.WriteString(nf.e.rb.Title())
	b.WriteString(": ")
	switch body := ev.Body.(type) {
	case LaunchStartedBody:
		b.WriteString("launch started")
	case CheckFinishedBody:
		fmt.Fprintf(&b, "pre-flight check %s: %s", ev.ID, body.Status)
	case StepInterruptedBody:
		fmt.Fprintf(&b, "step %s was interrupted: outcome unknown", ev.ID)
	case GateOpenedBody:
		b.WriteString("the go/no-go gate is open")
	case GateDecidedBody:
		fmt.Fprintf(&b, "gate decided %s", body.Decision)
	case VoteBody:
		b.WriteString(voteNotice(body))
		return b.String()
	case CheckWaivedBody:
		fmt.Fprintf(&b, "pre-flight check %s waived", ev.ID)
	case OverrideBody:
		fmt.Fprintf(&b, "%s overridden at the gate", reasonOr(body.What, "window"))
	case StepFailedBody:
		fmt.Fprintf(&b, "step %s failed", ev.ID)
	case RollbackStartedBody:
		b.WriteString("rollback started")
	case RollbackFinishedBody:
		fmt.Fprintf(&b, "rollback finished (%s)", body.Result)
	case VerdictBody:
		fmt.Fprintf(&b, "monitor verdict %s", body.Verdict)
	case LaunchFinishedBody:
		fmt.Fprintf(&b, "launch %s", body.Outcome)
	case StageStartedBody, AnalysisSteadyBody, AnalysisBreachBody, StagePromotionBody:
		_, value, _ := stageOf(body)
		fmt.Fprintf(&b, "%s stage %s %s", ev.ID, value, stageWord(ev))
	default:
		b.WriteString(string(ev.Type()))
	}
	if who := ev.Who(); who != "" {
		fmt.Fprintf(&b, " by %s", who)
	}
	if why := ev.Reason(); why != "" {
		fmt.Fprintf(&b, ": %s", why)
	}
	return b.String()
}

// deliverAll sends t's queue in order until the launch closes it and it
// is empty.
func (nf *notifier) deliverAll(t *notifyTarget) {
	defer nf.wg.Done()
	for {
		t.mu.Lock()
		if len(t.queue) == 0 {
			closed := t.closed
			t.mu.Unlock()
			if closed {
				return
			}
			<-t.wake
			continue
		}
		body := t.queue[0]
		t.queue = t.queue[1:]
		t.mu.Unlock()
		if err := nf.deliver(t, body); err != nil {
			nf.e.post(notifyFailedMsg{target: t.name, reason: nf.e.mask(err.Error())})
		}
	}
}

// deliver makes up to notifyTries tries to hand body to t.
func (nf *notifier) deliver(t *notifyTarget, body []byte) error {
	var err error
	pause := notifyBackoff
	for try := 1; try <= notifyTries; try++ {
		if err = nf.once(t, body); err == nil {
			return nil
		}
		if try == notifyTries {
			break
		}
		select {
		case <-time.After(pause):
		case <-t.stop:
			return fmt.Errorf("gave up at the end of the launch: %w", err)
		}
		pause *= 2
	}
	return fmt.Errorf("%d tries: %w", notifyTries, err)
}

// once makes one try: a JSON POST, or the command with body on stdin.
func (nf *notifier) once(t *notifyTarget, body []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	if t.n.Webhook != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, t.n.Webhook, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := nf.client.Do(req)
		if err != nil {
			return err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		if resp.StatusCode >= 300 {
			return fmt.Errorf("webhook answered %s", resp.Status)
		}
		return nil
	}
	return nf.runOnce(ctx, t, body)
}

// close stops taking events and waits up to limit for the queues to be
// delivered; deliveries still going then are abandoned.
func (nf *notifier) close(limit time.Duration) {
	for _, t := range nf.targets {
		t.mu.Lock()
		t.closed = true
		t.mu.Unlock()
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
	done := make(chan struct{})
	go func() {
		nf.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(limit):
		for _, t := range nf.targets {
			close(t.stop)
		}
	}
}

// drainNotifyFailures journals the failures reported while the launch
// was ending.
func (e *Engine) drainNotifyFailures() {
	for {
		select {
		case m := <-e.inbox:
			if nf, ok := m.(notifyFailedMsg); ok {
				e.emit(Event{Body: NotifyFailedBody{Target: nf.target, Reason: nf.reason}})
			}
		default:
			return
		}
	}
}
