package runbook

import "strings"

// Problem is one thing wrong with a runbook, at a place in its source.
type Problem struct {
	Pos Pos
	Msg string
}

func (p Problem) String() string {
	return p.Pos.String() + ": " + p.Msg
}

// String formats a position as FILE:LINE:COL (or FILE:LINE when the column
// is not known).
func (p Pos) String() string { panic("to be written") }

// Problems is every problem found in a runbook, in source order. It is the
// error Load returns for a bad runbook.
type Problems []Problem

func (ps Problems) Error() string {
	var b strings.Builder
	for i, p := range ps {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// LoadOptions choose the variables a runbook is loaded with.
type LoadOptions struct {
	Rehearse bool     // apply [rehearsal.env]
	Set      []EnvVar // --set NAME=VALUE, in order; they override [env]
	Environ  []string // the process environment (nil: os.Environ())
}

// Load reads, decodes, expands and validates the runbook at path. A bad
// runbook yields Problems (all of them, in source order); an unreadable
// file yields an ordinary error.
func Load(path string, o LoadOptions) (*Runbook, error) { panic("to be written") }

// Environ returns the environment of every step: base, then [env], the
// rehearsal overlay when applied, then --set parameters; PAGER and
// GIT_PAGER are cat.
func (r *Runbook) Environ(base []string) []string { panic("to be written") }

// Masker hides secret values as •••.
type Masker struct{}

// NewMasker masks the values of the runbook's secrets and, unless
// mask_env = false, of environment names containing TOKEN, SECRET,
// PASSWORD or KEY whose value has 8 or more characters.
func (r *Runbook) NewMasker(environ []string) *Masker { panic("to be written") }

// Mask replaces every secret value in s with •••.
func (m *Masker) Mask(s string) string { panic("to be written") }
