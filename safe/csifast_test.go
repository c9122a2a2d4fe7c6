package safe

import (
	"fmt"
	"strings"
	"testing"
)

// trace records what a Scanner hands its Handler, adjacent Print calls
// merged, so that two ways of feeding the same stream can be compared.
type trace struct {
	b     strings.Builder
	inTxt bool
}

func (t *trace) Print(text []byte) {
	if !t.inTxt {
		t.b.WriteString("|P:")
		t.inTxt = true
	}
	t.b.Write(text)
}

func (t *trace) Control(c byte) {
	t.inTxt = false
	fmt.Fprintf(&t.b, "|C:%d", c)
}

func (t *trace) CSI(s *Seq) {
	t.inTxt = false
	fmt.Fprintf(&t.b, "|CSI:%d,%d,%d,%v,%x", s.Prefix, s.Inter, s.Final, s.Params, s.colon)
}

// scanWhole feeds in at once, where fastCSI reads the sequences it can.
func scanWhole(in []byte) (string, int) {
	var s Scanner
	var t trace
	s.Feed(in, &t)
	s.Flush(&t)
	return t.b.String(), s.Dropped()
}

// scanBytes feeds in one byte at a time, so that no sequence is ever
// whole in one call and only the byte-at-a-time states read it.
func scanBytes(in []byte) (string, int) {
	var s Scanner
	var t trace
	for i := range in {
		s.Feed(in[i:i+1], &t)
	}
	s.Flush(&t)
	return t.b.String(), s.Dropped()
}

// FuzzFastCSI checks that reading a CSI sequence in one pass hands the
// Handler exactly what the byte-at-a-time states do, and drops as much.
func FuzzFastCSI(f *testing.F) {
	seeds := []string{
		"\r\x1b[1;34mitem      1\x1b[0m [\x1b[32m#         \x1b[0m]  10%\x1b[K\n",
		"\x1b[m", "\x1b[;m", "\x1b[;;5;m", "\x1b[99999999m", "\x1b[38;5;208mX", "\x1b[38:2::1:2:3m",
		"\x1b[?25l", "\x1b[>4;1m", "\x1b[1 q", "\x1b[12", "\x1b[1;2\x1b[3m", "\x1b[1\n2m",
		"\x1b[" + strings.Repeat("1;", 40) + "m", "\x1b[" + strings.Repeat("9", 300) + "m",
		"\x1b[" + strings.Repeat(";", 30) + "m", "\x1b[" + strings.Repeat(";", 31) + "m",
		"\x1b", "\x1b[", "a\x1b\x1b[2Kb", "\x9b1m",
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		gotTrace, gotDropped := scanWhole([]byte(in))
		wantTrace, wantDropped := scanBytes([]byte(in))
		if gotTrace != wantTrace || gotDropped != wantDropped {
			t.Fatalf("%q:\nwhole   %s (dropped %d)\nbytes   %s (dropped %d)", in, gotTrace, gotDropped, wantTrace, wantDropped)
		}
	})
}

// TestFastCSIReadsProgressColours checks that the colours of a progress
// line reach the Handler as the SGR sequences they are.
func TestFastCSIReadsProgressColours(t *testing.T) {
	got, _ := scanWhole([]byte("\x1b[1;34mitem\x1b[0m\x1b[38;5;208m!\x1b[m"))
	want := "|CSI:0,0,109,[1 34],0|P:item|CSI:0,0,109,[0],0|CSI:0,0,109,[38 5 208],0|P:!|CSI:0,0,109,[],0"
	if got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
}
