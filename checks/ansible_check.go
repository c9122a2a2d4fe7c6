package checks

import (
	"context"
	"fmt"

	"golive/runbook"
)

// ansibleOnce runs an ansible pre-flight check. With check = true the
// playbook runs in --check --diff mode and changes nothing. It passes when
// no more hosts fail than max_fail allows; its evidence (count, and the
// summary) is how many hosts changed, or would change in check mode.
// Explicit expect conditions, when given, are tested on top of that.
func ansibleOnce(ctx context.Context, c *runbook.Check, o Options) (*Observation, Status, string) {
	if c.Ansible == nil {
		return invalidCheck(c.Kind, "the ansible settings are missing")
	}
	dir := o.Dir
	if c.Workdir != "" {
		dir = c.Workdir
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout(c), fmt.Errorf("timed out after %s", fmtDur(timeout(c))))
	defer cancel()
	res := RunAnsible(ctx, AnsibleRun{
		Spec: c.Ansible, Dir: dir, Env: o.Env, CheckMode: c.Ansible.Check, Budget: c.MaxFail,
	}, AnsibleIO{Output: o.Stdout, PTY: c.PTY, Cols: o.Cols, Rows: o.Rows, Grace: o.Grace})
	obs := &Observation{Kind: runbook.KindAnsible, Fleet: res.Fleet, Duration: res.Proc.Duration}
	if res.Proc.Exit >= 0 {
		obs.HasExit, obs.Exit = true, res.Proc.Exit
	}
	if res.Proc.Err != nil && res.Proc.Exit < 0 {
		return invalidCheck(c.Kind, "%s", res.Reason)
	}
	if ctx.Err() != nil {
		obs.TimedOut = true
		return obs, Fail, res.Reason
	}
	if !res.Passed {
		return obs, Fail, res.Reason
	}
	if len(c.Expect) > 0 {
		return obs, "", "" // the conditions decide
	}
	return obs, Pass, ""
}

// ansibleSummary is the short observation of a fleet run: "3 of 5 hosts
// changed" (in check mode: would change), or the failures.
func ansibleSummary(f *Fleet) string {
	if bad := f.Bad(); bad > 0 {
		return fmt.Sprintf("%d of %d hosts failed or unreachable", bad, len(f.Hosts))
	}
	verb := "changed"
	if f.CheckMode {
		verb = "would change"
	}
	return fmt.Sprintf("%d of %d hosts %s", len(f.ChangedHosts()), len(f.Hosts), verb)
}
