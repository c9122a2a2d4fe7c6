package launch

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// hookServer is a loopback webhook receiver that keeps what it gets.
type hookServer struct {
	*httptest.Server
	mu     sync.Mutex
	bodies []notifyBody
	raw    []string
	fail   bool
}

func newHookServer(t *testing.T, fail bool) *hookServer {
	h := &hookServer{fail: fail}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.raw = append(h.raw, string(b))
		if h.fail {
			http.Error(w, "nope", http.StatusInternalServerError)
			return
		}
		var nb notifyBody
		if err := json.Unmarshal(b, &nb); err != nil || req.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		h.bodies = append(h.bodies, nb)
	}))
	t.Cleanup(h.Close)
	return h
}

func TestNotifyWebhookGetsEventsInOrder(t *testing.T) {
	hook := newHookServer(t, false)
	r := newRig(t, `
[launch]
name = "notify"
title = "Notify test"
secrets = ["API_TOKEN"]

[env]
API_TOKEN = "tok-123456789"

[[cutover]]
id = "a"
run = "true"
rollback = "true"

[[cutover]]
id = "b"
run = "false"
on_failure = "rollback"

[[notify]]
webhook = "`+hook.URL+`/hook"

[[notify]]
on = ["finished"]
run = "cat > finished.json"
`, nil)
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	var got []string
	for _, b := range hook.bodies {
		got = append(got, string(b.Event.Type()))
		if b.Launch == nil || b.Launch.Name != "notify" || !strings.HasPrefix(b.Text, "[REHEARSAL] Notify test: ") {
			t.Fatalf("body %+v", b)
		}
	}
	want := []string{"launch_started", "gate_opened", "vote", "gate_decided", "step_failed", "rollback_started", "rollback_finished", "launch_finished"}
	if !slices.Equal(got, want) {
		t.Fatalf("webhook got %v, want %v", got, want)
	}
	if seqs := []int64{hook.bodies[0].Event.Seq, hook.bodies[7].Event.Seq}; seqs[0] >= seqs[1] {
		t.Fatalf("out of order: %v", seqs)
	}
	if !strings.Contains(hook.bodies[4].Text, "step b failed") {
		t.Fatalf("text %q", hook.bodies[2].Text)
	}
	b, err := os.ReadFile(filepath.Join(r.dir, "finished.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fin notifyBody
	if err := json.Unmarshal(b, &fin); err != nil || fin.Event.Body != (LaunchFinishedBody{Outcome: OutcomeRolledBack, Exit: fin.Event.Body.(LaunchFinishedBody).Exit, Reason: fin.Event.Reason()}) {
		t.Fatalf("command got %s (%v)", b, err)
	}
	if n := len(find(r.events(), NotifyFailed)); n != 0 {
		t.Fatalf("%d notify failures", n)
	}
}

func TestNotifyFailureIsJournaledAndNeverFailsTheLaunch(t *testing.T) {
	hook := newHookServer(t, true)
	r := newRig(t, `
[launch]
name = "notify-fail"

[[cutover]]
id = "a"
run = "true"

[[notify]]
on = ["finished"]
webhook = "`+hook.URL+`"
`, nil)
	if code := r.run(); code != 0 {
		t.Fatalf("exit %d", code)
	}
	nf := find(r.journal(), NotifyFailed)
	if len(nf) != 1 || !strings.Contains(nf[0].Reason(), "500") || !strings.Contains(nf[0].Reason(), "3 tries") {
		t.Fatalf("notify_failed %+v", nf)
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	if len(hook.raw) != notifyTries {
		t.Fatalf("%d tries, want %d", len(hook.raw), notifyTries)
	}
}

func TestNotifyMasksSecrets(t *testing.T) {
	hook := newHookServer(t, false)
	r := newRig(t, `
[launch]
name = "notify-mask"
secrets = ["DEPLOY_TOKEN"]

[env]
DEPLOY_TOKEN = "s3cr3t-deploy-token"

[[cutover]]
id = "a"
run = "true"
on_failure = "abort"
verify = { run = "echo $DEPLOY_TOKEN", expect = ["stdout == \"x\""] }

[[notify]]
webhook = "`+hook.URL+`"
`, nil)
	// The verify reason quotes the step's output, which holds the secret.
	if code := r.run(); code != 1 {
		t.Fatalf("exit %d", code)
	}
	if f := r.last(StepFailed); !strings.Contains(f.Reason(), "•••") {
		t.Fatalf("reason %q does not show the masked secret", f.Reason())
	}
	hook.mu.Lock()
	defer hook.mu.Unlock()
	if len(hook.raw) == 0 {
		t.Fatal("no notification")
	}
	for _, raw := range hook.raw {
		if strings.Contains(raw, "s3cr3t-deploy-token") {
			t.Fatalf("secret sent: %s", raw)
		}
	}
	jb, _ := os.ReadFile(filepath.Join(r.e.Dir(), JournalFile))
	if strings.Contains(string(jb), "s3cr3t-deploy-token") {
		t.Fatal("secret journaled")
	}
}
