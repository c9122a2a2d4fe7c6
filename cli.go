package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
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

// maxSetFile bounds what --set-file reads: a parameter is a token or a
// password, not a data file.
const maxSetFile = 1 << 20

// setFlag is --set: NAME=VALUE, or NAME alone to take the value from
// golive's own environment, so that a secret never sits in golive's
// command line (visible in ps for the whole launch). It stores NAME=VALUE
// in the list it shares with --set-file.
type setFlag struct{ list *listFlag }

func (s setFlag) String() string { return "" }
func (s setFlag) Set(v string) error {
	name, _, hasValue := strings.Cut(v, "=")
	if name == "" {
		return fmt.Errorf("want NAME=VALUE, or NAME to take the value from the environment")
	}
	if hasValue {
		return s.list.Set(v)
	}
	value, ok := os.LookupEnv(name)
	if !ok {
		return fmt.Errorf("%s is not set in golive's environment: export it first, or use --set-file %s=PATH", name, name)
	}
	return s.list.Set(name + "=" + value)
}

// setFileFlag is --set-file NAME=PATH: the value is the file's content
// (without one trailing newline), read once at start.
type setFileFlag struct{ list *listFlag }

func (s setFileFlag) String() string { return "" }
func (s setFileFlag) Set(v string) error {
	name, path, ok := strings.Cut(v, "=")
	if !ok || name == "" || path == "" {
		return fmt.Errorf("want NAME=PATH")
	}
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() || st.Size() > maxSetFile {
		return fmt.Errorf("%s: want a regular file of at most 1 MB", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	value := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	return s.list.Set(name + "=" + value)
}

// addSetFlags registers --set and --set-file, which both add launch
// parameters to sets.
func addSetFlags(fs *flag.FlagSet, sets *listFlag) {
	fs.Var(setFlag{sets}, "set", "NAME=VALUE launch parameter, or NAME to take it from the environment (repeatable)")
	fs.Var(setFileFlag{sets}, "set-file", "NAME=PATH launch parameter read from a file (repeatable)")
}
