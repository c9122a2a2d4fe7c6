package runbook

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"
)

// LoadOptions choose the variables a runbook is loaded with.
type LoadOptions struct {
	Rehearse bool     // apply [rehearsal.env]
	Set      []EnvVar // --set NAME=VALUE, in order; they override [env]
	Environ  []string // the process environment (nil: os.Environ())
}

// Load reads, decodes, expands and validates the runbook at path. A bad
// runbook yields Problems (all of them, in source order); an unreadable
// file yields an ordinary error.
func Load(path string, o LoadOptions) (*Runbook, error) {
	src, err := readSource(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, src, o)
}

// Parse is Load on source already in memory; path names it in positions
// and decides the runbook's directory.
func Parse(path string, src []byte, o LoadOptions) (*Runbook, error) {
	sum := sha256.Sum256(src)
	if len(src) > MaxSourceBytes {
		return nil, Problems{{Pos{File: path}, tooBig}}
	}
	if p := depthProblem(path, string(src)); p != nil {
		return nil, Problems{*p}
	}
	ix := newIndex(path, string(src))
	if p := textProblem(ix); p != nil {
		return nil, Problems{*p}
	}
	if emptySource(ix.src) {
		return nil, Problems{{Pos{path, 1, 1}, "empty runbook: start with a [launch] table that has a name, then add [[preflight]] checks or [[cutover]] steps"}}
	}
	var tree map[string]any
	if _, err := toml.Decode(ix.src, &tree); err != nil {
		return nil, Problems{syntaxProblem(ix, err)}
	}

	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("runbook directory: %w", err)
	}
	r := &Runbook{Path: path, Dir: dir, Hash: hex.EncodeToString(sum[:]), Rehearse: o.Rehearse}
	d := &decoder{ix: ix}
	b := &builder{d: d, r: r}
	b.build(d.root(tree), o)
	if len(d.probs) > 0 {
		return nil, d.probs.sorted()
	}
	b.warn(o)
	return r, nil
}

// builder turns the decoded tree into a Runbook, reporting as it goes.
type builder struct {
	d   *decoder
	r   *Runbook
	ids map[string]Pos // every id seen so far, for duplicates across phases

	secretPos []Pos // where each name of launch.secrets is written
}

func (b *builder) build(root *table, o LoadOptions) {
	environ := o.Environ
	if environ == nil {
		environ = os.Environ()
	}
	b.vars(root, environ, o)
	b.launch(root)
	b.r.Preflight = b.checks(root, "preflight", "[[preflight]]")
	b.gate(root)
	b.steps(root)
	b.monitor(root)
	b.stageProbes()
	b.notify(root)
	b.people(root)
	root.finish("launch", "env", "rehearsal", "preflight", "gate", "cutover", "monitor", "notify", "people")

	if len(b.r.Preflight) == 0 && len(b.r.Cutover) == 0 && !root.has("preflight") && !root.has("cutover") {
		b.d.errorf(Pos{b.d.ix.file, 1, 1}, "nothing to do: add at least one [[preflight]] check or [[cutover]] step")
	}
}

// workdir resolves a workdir field against the runbook's directory.
func (b *builder) workdir(t *table) string {
	w, ok := t.xstr("workdir")
	if !ok {
		return ""
	}
	if strings.TrimSpace(w) == "" {
		b.d.errorf(t.valPos("workdir"), "workdir in %s is empty: remove it or name a directory", t.name)
		return ""
	}
	if filepath.IsAbs(w) {
		return filepath.Clean(w)
	}
	return filepath.Join(b.r.Dir, w)
}

// id reads and checks an id field, recording it for the duplicate check.
func (b *builder) id(t *table, what string) string {
	id, ok := t.str("id")
	if !ok {
		if !t.has("id") {
			b.d.errorf(t.pos(), "%s needs an id (letters, digits, '.', '_' and '-')", what)
		}
		return ""
	}
	p := t.keyPos("id")
	if !idPattern.MatchString(id) {
		b.d.errorf(t.valPos("id"), "id %q: use only letters, digits, '.', '_' and '-'", id)
		return id
	}
	if first, dup := b.ids[id]; dup {
		b.d.errorf(p, "duplicate id %q (first at %s): ids must be unique across preflight, cutover and probes", id, first)
		return id
	}
	if b.ids == nil {
		b.ids = map[string]Pos{}
	}
	b.ids[id] = p
	return id
}
