package launch

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"golive/checks"
	"golive/runbook"
)

// ErrNoLaunch says a runbook has no launch on record.
var ErrNoLaunch = errors.New("no launch on record")

// StateDirName is the default state directory, beside the runbook.
const StateDirName = ".golive"

// launchIDLayout is the time part of a launch id: UTC, to the second, so
// that ids sort by time as plain strings.
const launchIDLayout = "20060102T150405Z"

// launchIDPattern matches launch directory names, e.g. 20261125T221502Z-a1b2.
var launchIDPattern = regexp.MustCompile(`^\d{8}T\d{6}Z-[0-9a-f]{4,}$`)

// StateRoot is the directory of all launches of rb: <state>/<launch.name>,
// where state is the --state flag or .golive beside the runbook.
func StateRoot(rb *runbook.Runbook, stateFlag string) string {
	state := stateFlag
	if state == "" {
		base := "."
		switch {
		case rb.Path != "":
			base = filepath.Dir(rb.Path)
		case rb.Dir != "":
			base = rb.Dir
		}
		state = filepath.Join(base, StateDirName)
	}
	return filepath.Join(state, rb.Launch.Name)
}

// NewLaunchDir creates a fresh launch directory under root, named by a
// sortable launch id derived from now, and returns both. Two launches in
// the same second get different random suffixes.
func NewLaunchDir(root string, now time.Time) (id, dir string, err error) {
	if err := os.MkdirAll(root, stateDirMode); err != nil {
		return "", "", fmt.Errorf("state directory: %w", err)
	}
	stamp := now.UTC().Format(launchIDLayout)
	for range 100 {
		var b [2]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", "", err
		}
		id = stamp + "-" + hex.EncodeToString(b[:])
		dir = filepath.Join(root, id)
		err = os.Mkdir(dir, stateDirMode)
		if err == nil {
			if err := syncDir(root); err != nil {
				return "", "", err
			}
			return id, dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", "", fmt.Errorf("launch directory: %w", err)
		}
	}
	return "", "", fmt.Errorf("launch directory: no free id under %s", root)
}

// Launches returns the launch directories under root that hold a journal,
// oldest first. Launches started in the same second are ordered by the
// time of their first event.
func Launches(root string) ([]string, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	type cand struct {
		name  string
		first time.Time
	}
	var cs []cand
	for _, e := range entries {
		if !e.IsDir() || !launchIDPattern.MatchString(e.Name()) {
			continue
		}
		dir := filepath.Join(root, e.Name())
		first, ok := firstEventTime(filepath.Join(dir, JournalFile))
		if !ok {
			continue
		}
		cs = append(cs, cand{e.Name(), first})
	}
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if a.name[:len(launchIDLayout)] != b.name[:len(launchIDLayout)] {
			return a.name < b.name
		}
		if !a.first.Equal(b.first) {
			return a.first.Before(b.first)
		}
		return a.name < b.name
	})
	dirs := make([]string, len(cs))
	for i, c := range cs {
		dirs[i] = filepath.Join(root, c.name)
	}
	return dirs, nil
}

// firstEventTime reads the time of a journal's first line; ok is false
// when there is no complete first event.
func firstEventTime(path string) (time.Time, bool) {
	f, err := os.Open(path)
	if err != nil {
		return time.Time{}, false
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	n, _ := f.Read(buf)
	events, _, damage := parseJournal(cutAtFirstLine(buf[:n]))
	if damage != nil || len(events) == 0 {
		return time.Time{}, false
	}
	return events[0].Time, true
}

func cutAtFirstLine(b []byte) []byte {
	for i, c := range b {
		if c == '\n' {
			return b[:i+1]
		}
	}
	return b
}

// Latest returns the directory and events of the most recent launch under
// root, or ErrNoLaunch. When its journal is damaged, the error is a
// *JournalDamage and events are those of the good lines.
func Latest(root string) (dir string, events []Event, err error) {
	dirs, err := Launches(root)
	if err != nil {
		return "", nil, err
	}
	if len(dirs) == 0 {
		return "", nil, ErrNoLaunch
	}
	dir = dirs[len(dirs)-1]
	// A damaged journal still yields the events of its good lines, beside
	// the *JournalDamage.
	events, err = ReadJournal(filepath.Join(dir, JournalFile))
	return dir, events, err
}

// StepLogPath is the raw output log of one step or check of a launch:
// <dir>/logs/<phase>-<id>.log. It only names the file: the engine creates
// the logs directory when it writes the first log.
func StepLogPath(launchDir string, p Phase, id string) string {
	return filepath.Join(launchDir, "logs", string(p)+"-"+safeFileName(id)+".log")
}

// safeFileName keeps an id usable as part of a file name. Runbook ids are
// validated, but a journal read from elsewhere is not.
func safeFileName(id string) string {
	b := []byte(id)
	for i, c := range b {
		if c == '/' || c == 0 || c == '\\' {
			b[i] = '_'
		}
	}
	s := string(b)
	if s == "" || s == "." || s == ".." {
		return "_" + s
	}
	return s
}

// Baselines returns the expected duration in milliseconds of each item
// ("phase/id") from the last completed rehearsal under root (rehearsal
// true) or the last completed real launch, falling back to the other.
// Only successful runs count: a passed check or a finished step. An
// unreadable history gives no baselines rather than an error, since they
// are a guide only.
func Baselines(root string, rehearsal bool) map[string]int64 {
	dirs, err := Launches(root)
	if err != nil {
		return map[string]int64{}
	}
	var other []Event
	for i := len(dirs) - 1; i >= 0; i-- {
		events, err := ReadJournal(filepath.Join(dirs[i], JournalFile))
		if err != nil || len(events) == 0 || !completed(events) {
			continue
		}
		info := launchOf(events)
		kind := info != nil && info.Rehearsal
		if kind == rehearsal {
			return durations(events)
		}
		if other == nil {
			other = events
		}
	}
	if other != nil {
		return durations(other)
	}
	return map[string]int64{}
}

func completed(events []Event) bool {
	for i := len(events) - 1; i >= 0; i-- {
		if b, ok := events[i].Body.(LaunchFinishedBody); ok {
			return b.Outcome == OutcomeCompleted
		}
	}
	return false
}

func durations(events []Event) map[string]int64 {
	m := map[string]int64{}
	for _, e := range events {
		switch b := e.Body.(type) {
		case StepFinishedBody:
			m[BaselineKey(e.Phase, e.ID)] = b.DurationMS
		case CheckFinishedBody:
			if b.Status == checks.Pass {
				m[BaselineKey(e.Phase, e.ID)] = b.DurationMS
			}
		}
	}
	stageDurations(events, m)
	return m
}

// BaselineKey is the key of an item in a Baselines map.
func BaselineKey(p Phase, id string) string { return string(p) + "/" + id }
