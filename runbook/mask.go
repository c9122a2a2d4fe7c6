package runbook

import (
	"bytes"
	"io"
	"sort"
	"strings"
	"sync"
)

// MaskText is what a secret value is replaced with.
const MaskText = "•••"

// minEnvSecret is the shortest value of a TOKEN/SECRET/PASSWORD/KEY
// variable that is masked: shorter ones ("1", "yes") would blank out
// ordinary output.
const minEnvSecret = 8

// Masker hides secret values as •••. A nil *Masker masks nothing, so
// callers never need to check for one.
type Masker struct {
	secrets [][]byte // every written form, longest first, so a longer secret wins over its prefix
	values  []string // the secret values themselves
	first   [256]bool
	longest int
}

// NewMaskerValues masks exactly the given values (empty ones are ignored),
// in every form they take on the way out: as written, with the line
// endings a pseudo-terminal gives them, and as Go or JSON quoting escapes
// them (a reason quotes what a check saw; the journal is JSON). It serves
// tools that know the values already, e.g. tests or a watcher.
func NewMaskerValues(values ...string) *Masker {
	m := &Masker{}
	seen := map[string]bool{}
	for _, v := range values {
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		m.values = append(m.values, v)
	}
	forms := map[string]bool{}
	for _, v := range m.values {
		for _, f := range writtenForms(v) {
			if f == "" || forms[f] {
				continue
			}
			forms[f] = true
			m.secrets = append(m.secrets, []byte(f))
			m.first[f[0]] = true
			m.longest = max(m.longest, len(f))
		}
	}
	sort.SliceStable(m.secrets, func(i, j int) bool { return len(m.secrets[i]) > len(m.secrets[j]) })
	return m
}

// NewMasker masks the values of the runbook's secrets, of ansible
// extra_vars whose names say secret (see Ansible.SecretValues) and, unless
// mask_env = false, of environment names containing TOKEN, SECRET,
// PASSWORD or KEY whose value has 8 or more characters. Values are looked
// up in the step environment built from environ (see Environ), so [env]
// entries and --set parameters are covered too. A nil runbook masks the
// environment names only.
func (r *Runbook) NewMasker(environ []string) *Masker {
	env := environMap(r.Environ(environ))
	maskEnv := r == nil || r.Launch.MaskEnv
	var values []string
	if r != nil {
		for _, name := range r.Launch.Secrets {
			if v := env[name]; v != "" {
				values = append(values, v)
			}
		}
	}
	if r != nil {
		for _, c := range r.Preflight {
			if c.Ansible != nil {
				values = append(values, c.Ansible.SecretValues()...)
			}
		}
		for _, st := range r.Cutover {
			if st.Ansible != nil {
				values = append(values, st.Ansible.SecretValues()...)
			}
		}
	}
	if maskEnv {
		for name, v := range env {
			if len(v) >= minEnvSecret && secretName(name) {
				values = append(values, v)
			}
		}
	}
	return NewMaskerValues(values...)
}

// secretName reports whether an environment name says it holds a secret.
func secretName(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range []string{"TOKEN", "SECRET", "PASSWORD", "KEY"} {
		if strings.Contains(up, w) {
			return true
		}
	}
	return false
}

// Len returns how many distinct secret values are masked.
func (m *Masker) Len() int {
	if m == nil {
		return 0
	}
	return len(m.values)
}

// Mask replaces every secret value in s with •••.
func (m *Masker) Mask(s string) string {
	if m.Len() == 0 || s == "" {
		return s
	}
	out, _ := m.mask(nil, []byte(s), true)
	return string(out)
}

// MaskBytes is Mask for bytes; b is not modified.
func (m *Masker) MaskBytes(b []byte) []byte {
	if m.Len() == 0 {
		return b
	}
	out, _ := m.mask(nil, b, true)
	return out
}

// mask appends src to dst with secrets replaced. Unless final, it stops at
// the first place where the rest of src could be the start of a secret
// that continues in data not seen yet, and returns that rest as held.
func (m *Masker) mask(dst, src []byte, final bool) (out, held []byte) {
	i := 0
	for i < len(src) {
		if !m.first[src[i]] {
			j := i + 1
			for j < len(src) && !m.first[src[j]] {
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
			continue
		}
		rest := src[i:]
		if !final && m.partial(rest) {
			return dst, rest
		}
		matched := false
		for _, s := range m.secrets {
			if bytes.HasPrefix(rest, s) {
				dst = append(dst, MaskText...)
				i += len(s)
				matched = true
				break
			}
		}
		if !matched {
			dst = append(dst, src[i])
			i++
		}
	}
	return dst, nil
}

// partial reports whether rest is a proper prefix of some secret longer
// than it: more data might complete that secret (or a longer one).
func (m *Masker) partial(rest []byte) bool {
	if len(rest) >= m.longest {
		return false
	}
	for _, s := range m.secrets {
		if len(s) > len(rest) && bytes.HasPrefix(s, rest) {
			return true
		}
	}
	return false
}

// Writer returns an io.Writer that masks everything written through it to
// w, even a secret split across Write calls: it holds back a tail that
// could be the start of a secret until the next Write or Flush. Call Flush
// when the stream ends. A nil Masker's writer passes data through.
func (m *Masker) Writer(w io.Writer) *MaskWriter {
	return &MaskWriter{m: m, w: w}
}

// MaskWriter is the masking stream of Masker.Writer. It is safe for
// concurrent use (a step's stdout and stderr may share one).
type MaskWriter struct {
	mu   sync.Mutex
	m    *Masker
	w    io.Writer
	held []byte
	buf  []byte
}

// Write masks p and writes what is certain to w. It reports len(p) unless
// w fails.
func (mw *MaskWriter) Write(p []byte) (int, error) {
	mw.mu.Lock()
	defer mw.mu.Unlock()
	if mw.m.Len() == 0 {
		return mw.w.Write(p)
	}
	src := p
	if len(mw.held) > 0 {
		src = append(mw.held, p...)
	}
	out, held := mw.m.mask(mw.buf[:0], src, false)
	mw.held = append(make([]byte, 0, len(held)), held...)
	mw.buf = out[:0]
	if len(out) > 0 {
		if _, err := mw.w.Write(out); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// Flush writes the held-back tail, masked. Call it when the stream ends.
func (mw *MaskWriter) Flush() error {
	mw.mu.Lock()
	defer mw.mu.Unlock()
	if len(mw.held) == 0 {
		return nil
	}
	out, _ := mw.m.mask(nil, mw.held, true)
	mw.held = nil
	_, err := mw.w.Write(out)
	return err
}
