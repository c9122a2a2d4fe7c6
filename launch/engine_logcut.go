package launch

import (
	"errors"
	"fmt"
	"os"
)

// logFile is a step's or check's log file that remembers the first write
// the disk refused: a full disk must not stop the step, but its log is
// then cut short and the journal says so.
type logFile struct {
	f   *os.File
	n   int64 // bytes written before the first failure
	err error
}

func (l *logFile) Write(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.f.Write(p)
	l.n += int64(n)
	if err != nil {
		l.err = newWriteError("write", l.f.Name(), err)
	}
	return n, err
}

// Close closes the file and returns the first write error, if any.
func (l *logFile) Close() error {
	cerr := l.f.Close()
	if l.err != nil {
		return &LogCutError{Bytes: l.n, Err: l.err}
	}
	return cerr
}

// LogCutError says that a log stopped being written part way: the first
// Bytes of the output are in it, the rest was lost.
type LogCutError struct {
	Bytes int64
	Err   error
}

func (e *LogCutError) Error() string {
	return fmt.Sprintf("log cut short after %s: %v", fmtBytes(e.Bytes), e.Err)
}

func (e *LogCutError) Unwrap() error { return e.Err }

// logCut journals that the log of a check or step is incomplete.
func (e *Engine) logCut(p Phase, id string, err error) {
	var cut *LogCutError
	if !errors.As(err, &cut) {
		return // a close error after a complete write loses nothing
	}
	e.emit(Event{Phase: p, ID: id, Body: NoteBody{Text: fmt.Sprintf("the log of %s is incomplete: %v", id, err)}})
}
