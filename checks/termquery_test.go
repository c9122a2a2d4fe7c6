package checks

import (
	"strings"
	"testing"
)

func TestQueryAnswererSplitsAndRepeats(t *testing.T) {
	tests := []struct {
		name   string
		reads  []string
		answer string
	}{
		{"none", []string{"plain output\n"}, ""},
		{"cursor", []string{"a\x1b[6nb"}, "\x1b[1;1R"},
		{"background BEL", []string{"\x1b]11;?\x07"}, "\x1b]11;rgb:0000/0000/0000\x07"},
		{"background ST split", []string{"x\x1b]1", "1;?\x1b", "\\y"}, "\x1b]11;rgb:0000/0000/0000\x1b\\"},
		{"two in order", []string{"\x1b]11;?\x07\x1b[6n"}, "\x1b]11;rgb:0000/0000/0000\x07\x1b[1;1R"},
		{"answered once across reads", []string{"\x1b[6n", "zz", "q"}, "\x1b[1;1R"},
		{"one byte at a time", strings.Split("\x1b[6n", ""), "\x1b[1;1R"},
		{"not a query", []string{"\x1b[6m\x1b]11;rgb:1/1/1\x07"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var a queryAnswerer
			var got string
			for _, r := range tt.reads {
				got += string(a.answers([]byte(r)))
			}
			if got != tt.answer {
				t.Errorf("answers %q, want %q", got, tt.answer)
			}
		})
	}
}

// A tool that asks its terminal for the background colour gets an answer
// at once instead of stalling until its own timeout.
func TestProcPTYAnswersTerminalQueries(t *testing.T) {
	out := newLines()
	p, err := Start(ProcSpec{
		Shell:   "/bin/bash",
		Command: `printf '\033]11;?\033\\'; IFS= read -r -s -t 5 -d '\' ans </dev/tty; a=${ans#*;}; echo "got:${a%?}"`,
		PTY:     true, Cols: 80, Rows: 24, Stdout: out,
	})
	if err != nil {
		t.Fatal(err)
	}
	res := p.Wait()
	if !strings.Contains(out.String(), "got:rgb:0000/0000/0000") {
		t.Fatalf("the step got no answer to its colour query (exit %d): %q", res.Exit, out.String())
	}
}

// Every way of cutting a stream into reads answers the same questions.
func TestQueryAnswererEverySplit(t *testing.T) {
	stream := "a\x1b[31mred\x1b]11;?\x1b\\b\x1b[6n\x1b[0cc\x1b]10;?\x07"
	want := "\x1b]11;rgb:0000/0000/0000\x1b\\\x1b[1;1R\x1b[?1;2c\x1b]10;rgb:e6e6/e6e6/e6e6\x07"
	for i := 0; i <= len(stream); i++ {
		for j := i; j <= len(stream); j++ {
			var a queryAnswerer
			got := string(a.answers([]byte(stream[:i]))) + string(a.answers([]byte(stream[i:j]))) + string(a.answers([]byte(stream[j:])))
			if got != want {
				t.Fatalf("reads %q %q %q: answers %q, want %q", stream[:i], stream[i:j], stream[j:], got, want)
			}
		}
	}
}
