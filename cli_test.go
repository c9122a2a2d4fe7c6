package main

import (
	"errors"
	"slices"
	"testing"
)

// Flags may come before or after the runbook, as DESIGN.md promises.
func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		args      []string
		pos       []string
		yes       bool
		approvers []string
	}{
		{[]string{"x.toml"}, []string{"x.toml"}, false, nil},
		{[]string{"--yes", "x.toml"}, []string{"x.toml"}, true, nil},
		{[]string{"x.toml", "--yes", "--approver", "alice"}, []string{"x.toml"}, true, []string{"alice"}},
		{[]string{"--approver=alice", "x.toml", "--approver", "bob", "--yes"}, []string{"x.toml"}, true, []string{"alice", "bob"}},
		{[]string{"--yes", "--", "--odd-name.toml"}, []string{"--odd-name.toml"}, true, nil},
		{nil, nil, false, nil},
	}
	for _, tt := range tests {
		fs := newFlags("run")
		yes := fs.Bool("yes", false, "")
		var approvers listFlag
		fs.Var(&approvers, "approver", "")
		pos, err := parseInterspersed(fs, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if !slices.Equal(pos, tt.pos) || *yes != tt.yes || !slices.Equal(approvers, tt.approvers) {
			t.Errorf("%q: pos %q yes %v approvers %q; want %q %v %q", tt.args, pos, *yes, approvers, tt.pos, tt.yes, tt.approvers)
		}
	}
	if _, err := parseInterspersed(newFlags("run"), []string{"--nope"}); err == nil {
		t.Error("an unknown flag was accepted")
	}
}

func TestParseSets(t *testing.T) {
	got, err := parseSets([]string{"A=1", "B=x=y", "C="})
	if err != nil || len(got) != 3 || got[1].Value != "x=y" || got[2].Value != "" {
		t.Fatalf("parseSets = %+v, %v", got, err)
	}
	for _, bad := range []string{"novalue", "=v"} {
		if _, err := parseSets([]string{bad}); err == nil {
			t.Errorf("--set %q was accepted", bad)
		}
	}
}

// Flag values are checked after the flags are parsed, wherever they stand.
func TestBadFlagValuesAreRefused(t *testing.T) {
	for _, args := range [][]string{
		{"check", "x.toml", "--format", "xml"},
		{"report", "--format", "pdf", "x.toml"},
		{"run", "x.toml", "--resume", "--fresh"},
	} {
		code, err := dispatch(args)
		var ue usageError
		if code != exitUsage || !errors.As(err, &ue) {
			t.Errorf("%q: exit %d, %v; want a usage error", args, code, err)
		}
	}
}
