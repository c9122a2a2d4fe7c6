package runbook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// warn collects the warnings of a runbook that loaded without problems:
// things that are not wrong in the file but would fail where it runs now.
func (b *builder) warn(o LoadOptions) {
	b.warnSecrets(o)
	for _, p := range b.r.MissingPaths() {
		b.r.Warnings = append(b.r.Warnings, Problem{p.Pos, "warning: " + p.Msg})
	}
	b.r.Warnings = b.r.Warnings.sorted()
}

// warnSecrets names every entry of launch.secrets that no variable
// defines: not [env], not the rehearsal overlay, not --set, not the
// environment golive runs in. A typo there silently masks nothing.
func (b *builder) warnSecrets(o LoadOptions) {
	defined := map[string]bool{}
	for _, v := range b.r.Env {
		defined[v.Name] = true
	}
	for _, v := range b.r.Rehearsal.Env {
		defined[v.Name] = true
	}
	for _, v := range o.Set {
		defined[v.Name] = true
	}
	environ := o.Environ
	if environ == nil {
		environ = os.Environ()
	}
	for _, kv := range environ {
		if name, _, ok := strings.Cut(kv, "="); ok {
			defined[name] = true
		}
	}
	for i, name := range b.r.Launch.Secrets {
		if defined[name] || i >= len(b.secretPos) {
			continue
		}
		b.r.Warnings = append(b.r.Warnings, Problem{b.secretPos[i],
			"warning: secret " + name + " is defined nowhere ([env], [rehearsal.env], --set or the environment): check its spelling, or nothing is masked for it"})
	}
}

// MissingPaths reports, at their place in the runbook, a working
// directory or a shell that does not exist on this machine. A
// launch refuses to start over them (run calls this before anything
// runs); validate only warns, since the runbook may be checked elsewhere
// than where it runs.
func (r *Runbook) MissingPaths() Problems {
	var out Problems
	seen := map[string]bool{}
	dir := func(at Pos, what, path string) {
		if path == "" || seen[what+path] {
			return
		}
		seen[what+path] = true
		st, err := os.Stat(path)
		switch {
		case err != nil:
			out = append(out, Problem{at, what + " " + path + " does not exist: create it or fix the path"})
		case !st.IsDir():
			out = append(out, Problem{at, what + " " + path + " is not a directory"})
		}
	}
	dir(orPos(r.Launch.WorkdirPos, r.Launch.Pos), "workdir", r.Launch.Workdir)
	for _, c := range r.Preflight {
		dir(c.Pos, "workdir", c.Workdir)
	}
	for _, s := range r.Cutover {
		dir(s.Pos, "workdir", s.Workdir)
	}
	if r.Monitor != nil {
		for _, c := range r.Monitor.Probes {
			dir(c.Pos, "workdir", c.Workdir)
		}
	}
	if sh := r.Launch.Shell; sh != "" {
		if p := shellPath(sh, r.Dir); p == "" {
			out = append(out, Problem{orPos(r.Launch.ShellPos, r.Launch.Pos), "shell " + sh + " is not an executable file here: install it or set launch.shell to one that is"})
		}
	}
	return out.sorted()
}

// shellPath resolves the shell as exec would: a bare name through PATH,
// a relative path against the runbook's directory. It returns "" when
// there is no executable there.
func shellPath(sh, dir string) string {
	if !strings.Contains(sh, "/") {
		p, err := exec.LookPath(sh)
		if err != nil {
			return ""
		}
		return p
	}
	if !filepath.IsAbs(sh) {
		sh = filepath.Join(dir, sh)
	}
	st, err := os.Stat(sh)
	if err != nil || st.IsDir() || st.Mode().Perm()&0o111 == 0 {
		return ""
	}
	return sh
}

// orPos is p when it is known, else fallback.
func orPos(p, fallback Pos) Pos {
	if p.Line == 0 {
		return fallback
	}
	return p
}
