package checks

import (
	"fmt"
	"math/rand/v2"
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

// The eight-bytes-at-a-time scan finds every question wherever it falls
// against the eight-byte steps: among ESCs of colours, right after
// another ESC, and at the very end of a read.
func TestQueryAnswererFindsQuestionsAtEveryOffset(t *testing.T) {
	pieces := []string{"\x1b[1;34m", "\x1b[0m", "x", "\x1b", "\x1b[0c", "\x1b[6n", "\x1b]11;?\x07", "\x1b[5n", "\x1b]1", "\r", "\x1b[c", "\x1b[6m"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(12) + 1 {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		stream := []byte(b.String())
		var want []byte
		for i := range stream {
			if answer, n := matchQuery(stream[i:]); n > 0 {
				want = append(want, answer...)
			}
		}
		var a queryAnswerer
		if got := a.answers(stream); string(got) != string(want) {
			t.Fatalf("%q: answers %q, want %q", stream, got, want)
		}
	}
}

// BenchmarkQueryAnswerer scans bench/gen's coloured progress lines, an
// ESC every twelve bytes or so, as a step's PTY hands them out.
func BenchmarkQueryAnswerer(b *testing.B) {
	var line strings.Builder
	for k := range 11 {
		fmt.Fprintf(&line, "\r\x1b[1;34mitem %7d\x1b[0m [\x1b[32m%-10s\x1b[0m] %3d%%", 0, strings.Repeat("#", k), k*10)
	}
	line.WriteString("\n")
	chunk := []byte(strings.Repeat(line.String(), 32*1024/line.Len()))
	b.SetBytes(int64(len(chunk)))
	var a queryAnswerer
	for b.Loop() {
		if a.answers(chunk) != nil {
			b.Fatal("answered a question nobody asked")
		}
	}
}
