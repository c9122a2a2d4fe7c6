package launch

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// VotesFile holds the GO votes cast with `golive approve`, one JSON VoteRec
// a line, beside the journal of the launch they are for.
const VotesFile = "votes.jsonl"

// CastVote records a GO vote from another terminal in the launch directory.
// Each vote is a single O_APPEND write of a whole line, which the kernel
// keeps whole against concurrent voters, and is synced before returning.
func CastVote(launchDir string, v VoteRec) error {
	if v.Name == "" {
		return errors.New("vote: no approver name")
	}
	line, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	line = append(line, '\n')
	f, err := os.OpenFile(filepath.Join(launchDir, VotesFile), os.O_WRONLY|os.O_CREATE|os.O_APPEND, stateFileMode)
	if err != nil {
		return fmt.Errorf("vote: %w", err)
	}
	if _, err := f.Write(line); err != nil {
		f.Close()
		return fmt.Errorf("vote: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("vote: %w", err)
	}
	return f.Close()
}

// ReadVotes returns the votes cast from other terminals, oldest first. No
// votes file means no votes; a torn last line (a voter that crashed
// mid-write) is ignored; any other bad line is an error naming it.
func ReadVotes(launchDir string) ([]VoteRec, error) {
	path := filepath.Join(launchDir, VotesFile)
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var votes []VoteRec
	line := 0
	for len(data) > 0 {
		line++
		i := indexNL(data)
		if i < 0 {
			break // torn: the write never completed
		}
		raw := data[:i]
		data = data[i+1:]
		var v VoteRec
		if err := json.Unmarshal(raw, &v); err != nil || v.Name == "" {
			if len(data) == 0 {
				break
			}
			return votes, fmt.Errorf("%s: line %d: not a vote", path, line)
		}
		votes = append(votes, v)
	}
	return votes, nil
}

func indexNL(b []byte) int {
	for i, c := range b {
		if c == '\n' {
			return i
		}
	}
	return -1
}
