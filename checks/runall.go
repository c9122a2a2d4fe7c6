package checks

import (
	"context"
	"sync"

	"golive/runbook"
)

// RunAll runs checks in parallel, at most maxParallel at once (all at
// once when maxParallel <= 0), every one with the same Options. done, when
// set, is called as each check finishes, one call at a time. The results
// are in the order of checks.
func RunAll(ctx context.Context, checks []*runbook.Check, maxParallel int, o Options, done func(i int, r Result)) []Result {
	return RunAllWith(ctx, checks, maxParallel, func(int) Options { return o }, done)
}

// RunAllWith is RunAll with Options of their own per check (each its own
// output pane and OnAttempt), as pre-flight needs.
func RunAllWith(ctx context.Context, checks []*runbook.Check, maxParallel int, opts func(i int) Options, done func(i int, r Result)) []Result {
	if maxParallel <= 0 || maxParallel > len(checks) {
		maxParallel = len(checks)
	}
	results := make([]Result, len(checks))
	slots := make(chan struct{}, maxParallel)
	var wg sync.WaitGroup
	var doneMu sync.Mutex
	for i, c := range checks {
		acquired := false
		select {
		case slots <- struct{}{}:
			acquired = true
		case <-ctx.Done():
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if acquired {
				defer func() { <-slots }()
			}
			if ctx.Err() != nil && c != nil {
				results[i] = Result{Status: Error, Reason: "stopped before it started", Exit: -1, Attempt: 1, Attempts: max(c.Retry.Attempts, 1)}
			} else {
				results[i] = Run(ctx, c, opts(i))
			}
			if done != nil {
				doneMu.Lock()
				done(i, results[i])
				doneMu.Unlock()
			}
		}()
	}
	wg.Wait()
	return results
}
