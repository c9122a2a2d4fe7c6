package checks

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"golive/runbook"
)

func TestRunAllRespectsTheCap(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	release := make(chan struct{})
	var once sync.Once
	url := testServerFunc(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		full := inFlight == 3
		mu.Unlock()
		if full {
			once.Do(func() { close(release) }) // the cap is reached: let everyone go
		}
		<-release
		mu.Lock()
		inFlight--
		mu.Unlock()
		fmt.Fprint(w, r.URL.Path)
	})
	var checks []*runbook.Check
	for i := range 9 {
		checks = append(checks, httpCheck(t, fmt.Sprintf("%s/%d", url, i), fmt.Sprintf(`body == "/%d"`, i)))
	}
	checks = append(checks, &runbook.Check{ID: "bad", Kind: "nope"})
	var order []int
	results := RunAll(context.Background(), checks, 3, Options{}, func(i int, r Result) { order = append(order, i) })
	if peak != 3 {
		t.Fatalf("peak in flight %d, want 3", peak)
	}
	for i, r := range results[:9] {
		if r.Status != Pass {
			t.Fatalf("check %d: %s %q", i, r.Status, r.Reason)
		}
	}
	if results[9].Status != Error || len(order) != 10 {
		t.Fatalf("bad check %s, %d callbacks", results[9].Status, len(order))
	}
}

func TestRunAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := runCheck(t, "sleep 100")
	results := RunAll(ctx, []*runbook.Check{c, c, c}, 1, Options{}, nil)
	for _, r := range results {
		if r.Status != Error {
			t.Fatalf("cancelled: %s %q", r.Status, r.Reason)
		}
	}
}
