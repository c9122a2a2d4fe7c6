package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError is bad usage: exit 2 with the message and a hint.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return usageError{fmt.Sprintf(format, args...)}
}

// listFlag is a repeatable string flag (--approver, --set).
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments, as DESIGN.md promises: `golive run x.toml --yes`
// and `golive run --yes x.toml` mean the same. A lone "--" ends the flags.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	fs.SetOutput(io.Discard)
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usagef("%s: %v", fs.Name(), err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if n := len(args) - len(rest) - 1; n >= 0 && args[n] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// parseOne parses a subcommand's flags and its one runbook argument
// (./config.toml when none is given).
func parseOne(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return "", err
	}
	return runbookArg(pos)
}
