package checks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golive/runbook"
)

// AnsibleRun is one run of a fleet step or check: what the runbook says,
// plus what this run adds (a stage, check mode, a retry's host list).
type AnsibleRun struct {
	Spec *runbook.Ansible
	Dir  string   // where ansible-playbook runs
	Env  []string // the full environment of the step (nil: this process's)

	// Stage and StageIndex fill ${GOLIVE_STAGE} and ${GOLIVE_STAGE_INDEX}
	// in the limit of a staged step.
	Stage, StageIndex string
	// CheckMode runs the playbook with --check --diff (a pre-flight check
	// with check = true, or rehearse = "check" under --rehearse).
	CheckMode bool
	// Only restricts the run to these hosts: a retry of the failed and
	// unreachable hosts of an earlier run.
	Only []string
	// Budget is max_fail: failed or unreachable hosts allowed.
	Budget runbook.MaxFail

	// Binary is the ansible-playbook to run (default: from PATH).
	Binary string
}

// Limit is the --limit pattern of this run: the retry's hosts when Only is
// set (they were all inside the step's own limit), else the step's limit
// for this stage.
func (r AnsibleRun) Limit() string {
	if len(r.Only) > 0 {
		return strings.Join(r.Only, ",")
	}
	return r.Spec.LimitFor(r.Stage, r.StageIndex)
}

// Argv is the command golive runs; no shell ever parses it. Extra
// variables are read from varsFile (JSON, private), never placed on the
// command line, so their values stay out of ps and of what is shown.
func (r AnsibleRun) Argv(varsFile string) []string {
	bin := r.Binary
	if bin == "" {
		bin = "ansible-playbook"
	}
	argv := []string{bin}
	if r.Spec.Inventory != "" {
		argv = append(argv, "-i", r.Spec.Inventory)
	}
	if l := r.Limit(); l != "" {
		argv = append(argv, "--limit", l)
	}
	if r.Spec.Forks > 0 {
		argv = append(argv, "--forks", strconv.Itoa(r.Spec.Forks))
	}
	if varsFile != "" {
		argv = append(argv, "-e", "@"+varsFile)
	}
	if r.CheckMode || r.Spec.Check {
		argv = append(argv, "--check", "--diff")
	}
	return append(argv, r.Spec.Playbook)
}

// writeVars writes the extra variables as JSON into dir (private) and
// returns the file, or "" when there are none.
func writeVars(dir string, vars map[string]any) (string, error) {
	if len(vars) == 0 {
		return "", nil
	}
	b, err := json.Marshal(vars)
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "extra_vars.json")
	return p, os.WriteFile(p, b, 0o600)
}

// eventsFD is the descriptor the callback plugin writes to: the first of
// ProcSpec.ExtraFiles.
const eventsFD = 3

// ansibleEnv returns env with golive's callback enabled beside whatever
// callbacks the operator enabled, the stdout callback left alone (the
// human-readable output still fills the pane and the log), and Python
// unbuffered so output streams as it comes.
func ansibleEnv(env []string, pluginDir string) []string {
	if env == nil {
		env = os.Environ()
	}
	get := func(name string) string {
		for i := len(env) - 1; i >= 0; i-- {
			if k, v, ok := strings.Cut(env[i], "="); ok && k == name {
				return v
			}
		}
		return ""
	}
	join := func(mine, theirs, sep string) string {
		if theirs == "" {
			return mine
		}
		return mine + sep + theirs
	}
	set := map[string]string{
		"ANSIBLE_CALLBACK_PLUGINS":  join(pluginDir, get("ANSIBLE_CALLBACK_PLUGINS"), ":"),
		"ANSIBLE_CALLBACKS_ENABLED": join(ansibleCallbackName, get("ANSIBLE_CALLBACKS_ENABLED"), ","),
		"GOLIVE_EVENTS_FD":          strconv.Itoa(eventsFD),
		"PYTHONUNBUFFERED":          "1",
	}
	out := make([]string, 0, len(env)+len(set))
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		if _, ok := set[k]; !ok {
			out = append(out, kv)
		}
	}
	for _, k := range []string{"ANSIBLE_CALLBACK_PLUGINS", "ANSIBLE_CALLBACKS_ENABLED", "GOLIVE_EVENTS_FD", "PYTHONUNBUFFERED"} {
		out = append(out, k+"="+set[k])
	}
	return out
}

// StepRun is the run of fleet step s: dir is where steps run (the
// runbook's directory, unless the step has its own workdir), env the
// step's full environment, rehearse whether the launch is a rehearsal
// (rehearse = "check" then runs --check --diff).
func StepRun(s *runbook.Step, dir string, env []string, rehearse bool) AnsibleRun {
	if s.Workdir != "" {
		dir = s.Workdir
	}
	return AnsibleRun{Spec: s.Ansible, Dir: dir, Env: env, CheckMode: s.CheckMode(rehearse), Budget: s.MaxFail}
}

// Retry is the same run restricted to the hosts of an earlier run that
// failed or were unreachable (and, after a crash, those that never
// finished): f.Unfinished().
func (r AnsibleRun) Retry(f *Fleet) AnsibleRun {
	r.Only = f.Unfinished()
	return r
}
