package launch

import (
	"io"
	"os"
	"path/filepath"

	"golive/runbook"
)

// output opens the raw output sink of one check, step or probe: its log
// beside the journal (appended to, so retries keep earlier attempts) and
// Options.Output when set, both behind the runbook's masking writer, which
// also catches a secret split across writes. A log that cannot be opened
// costs the log, not the launch.
func (e *Engine) output(p Phase, id string) io.WriteCloser {
	var sinks fanout
	var f *logFile
	path := StepLogPath(e.dir, p, id)
	if err := os.MkdirAll(filepath.Dir(path), stateDirMode); err == nil {
		if file, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			f = &logFile{f: file}
		}
	}
	if f != nil {
		sinks = append(sinks, f)
	}
	if e.o.Output != nil {
		if w := e.o.Output(p, id); w != nil {
			sinks = append(sinks, w)
		}
	}
	return &stepOutput{mw: e.masker.Writer(sinks), file: f}
}

// stepOutput is an output sink: Close writes what the masker held back and
// closes the log.
type stepOutput struct {
	mw   *runbook.MaskWriter
	file *logFile
}

func (o *stepOutput) Write(p []byte) (int, error) { return o.mw.Write(p) }

func (o *stepOutput) Close() error {
	err := o.mw.Flush()
	if o.file != nil {
		if cerr := o.file.Close(); err == nil {
			err = cerr
		}
		o.file = nil
	}
	return err
}

// fanout writes to every sink; a failing sink (a closed pane) never stops
// the step, nor the other sinks.
type fanout []io.Writer

func (f fanout) Write(p []byte) (int, error) {
	for _, w := range f {
		_, _ = w.Write(p)
	}
	return len(p), nil
}
