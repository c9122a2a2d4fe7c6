package pane

import (
	"bufio"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// pagerChunk is how much of the log renderLog applies at a time. It is
// below a Screen's line limit, so no line can leave the ring before it is
// written out: one chunk finishes at most one line per byte.
const pagerChunk = 4 << 10

// renderLog writes the log read from src to dst as the pane shows it, one
// line of plain text per line: carriage returns and backspaces applied (a
// progress bar is its final state, not every redraw joined by ^M), every
// control sequence dropped, colours too, and trailing blanks trimmed. A
// pager then shows text, whatever it lets through to the terminal.
func renderLog(src io.Reader, dst io.Writer) error {
	scr := NewScreen(DefaultLimit)
	w := bufio.NewWriter(dst)
	var next int64 // the first line not yet written
	emit := func(upto int64) error {
		for ; next < upto; next++ {
			s, _ := scr.Line(next)
			if _, err := w.WriteString(strings.TrimRight(ansi.Strip(s), " ") + "\n"); err != nil {
				return err
			}
		}
		return nil
	}
	buf := make([]byte, pagerChunk)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			scr.Write(buf[:n])
			// Lines in the ring are finished: the cursor cannot reach
			// them any more. The live ones may still change.
			if werr := emit(scr.ring.total); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	scr.Flush()
	if err := emit(scr.Len()); err != nil {
		return err
	}
	return w.Flush()
}
