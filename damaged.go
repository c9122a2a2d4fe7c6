package main

import (
	"errors"
	"fmt"
	"os"

	"golive/launch"
)

// setAsideDamaged handles a latest launch whose journal is damaged, for
// run: with --fresh the launch is moved aside (nothing is deleted) and
// the user is told where; otherwise the refusal says how to go on.
// It returns nil when the launch was moved and a fresh one may start.
func setAsideDamaged(dir, path string, fresh bool, err error) error {
	var dmg *launch.JournalDamage
	if !errors.As(err, &dmg) {
		return err
	}
	if !fresh {
		return usagef("%v: it cannot be resumed; 'golive report %s' shows what it holds, and --fresh moves it aside and starts anew", dmg, path)
	}
	to, err := launch.SetAside(dir)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "golive: %v: moved that launch aside to %s and starting a fresh one\n", dmg, to)
	return nil
}
