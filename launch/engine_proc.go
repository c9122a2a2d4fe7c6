package launch

import "golive/checks"

// engStartProc starts a step's process through package checks.
func engStartProc(s checks.ProcSpec) (stepProc, error) {
	p, err := checks.Start(s)
	if err != nil {
		return nil, err
	}
	return p, nil
}
