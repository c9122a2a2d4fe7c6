package launch

import "os"

// A launch's files are private to its driver (DESIGN.md): the runbook
// snapshot holds [env] values, the journal and logs what steps printed.
// Other users vote through `golive approve`, which needs no read access.
const (
	stateDirMode  os.FileMode = 0o700
	stateFileMode os.FileMode = 0o600
)
