package runbook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestMask(t *testing.T) {
	m := NewMaskerValues("hunter22", "hunter2222", "s3cr3t-token", "", "hunter22")
	if m.Len() != 3 {
		t.Fatalf("Len: %d", m.Len())
	}
	tests := []struct{ in, want string }{
		{"", ""},
		{"nothing here", "nothing here"},
		{"pw=hunter22.", "pw=•••."},
		{"pw=hunter2222", "pw=•••"}, // the longer secret wins
		{"pw=hunter222", "pw=•••2"}, // no longer secret here: the shorter one
		{"hunter22hunter22", "••••••"},
		{"a s3cr3t-token b hunter22 c", "a ••• b ••• c"},
		{"hunter2", "hunter2"},
		{"héllo hunter22 wörld", "héllo ••• wörld"},
	}
	for _, tc := range tests {
		if got := m.Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := string(m.MaskBytes([]byte(tc.in))); got != tc.want {
			t.Errorf("MaskBytes(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNilMasker(t *testing.T) {
	var m *Masker
	if m.Mask("hunter22") != "hunter22" || m.Len() != 0 || string(m.MaskBytes([]byte("x"))) != "x" {
		t.Error("nil masker changed its input")
	}
	var buf bytes.Buffer
	w := m.Writer(&buf)
	if _, err := w.Write([]byte("abc")); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil || buf.String() != "abc" {
		t.Errorf("nil masker writer: %q %v", buf.String(), err)
	}
}

func TestRunbookMasker(t *testing.T) {
	environ := []string{
		"DEPLOY_TOKEN=tok-123456789", // a secret name and a TOKEN name
		"DB_PASSWORD=pa55word-long",  // PASSWORD, 8+ chars
		"API_KEY=short",              // too short to mask by name
		"github_secret=lower-case-secret",
		"PLAIN=not-a-secret-value",
		"LISTED=abc", // listed in secrets: masked whatever its length
	}
	r := &Runbook{Launch: Launch{Secrets: []string{"DEPLOY_TOKEN", "LISTED", "ABSENT"}, MaskEnv: true}, Params: []EnvVar{{"SET_TOKEN", "from-set-param"}}}
	m := r.NewMasker(environ)
	in := "tok-123456789 pa55word-long short lower-case-secret not-a-secret-value abc from-set-param"
	want := "••• ••• short ••• not-a-secret-value ••• •••"
	if got := m.Mask(in); got != want {
		t.Errorf("mask_env on:\n got %q\nwant %q", got, want)
	}

	r.Launch.MaskEnv = false
	want = "••• pa55word-long short lower-case-secret not-a-secret-value ••• from-set-param"
	if got := r.NewMasker(environ).Mask(in); got != want {
		t.Errorf("mask_env off:\n got %q\nwant %q", got, want)
	}

	var none *Runbook
	if got := none.NewMasker(environ).Mask("tok-123456789 abc"); got != "••• abc" {
		t.Errorf("nil runbook: %q", got)
	}
}

// TestMaskWriterSplits writes a stream in every possible two- and
// three-part split and with one byte per Write: a secret split across
// writes must never reach the output.
func TestMaskWriterSplits(t *testing.T) {
	m := NewMaskerValues("hunter22", "hunter2222", "tok")
	in := "start hunter22 mid hunter2222 end hunter2 tok toktok hunte"
	want := m.Mask(in)
	check := func(parts []string) {
		t.Helper()
		var buf bytes.Buffer
		w := m.Writer(&buf)
		for _, p := range parts {
			n, err := w.Write([]byte(p))
			if err != nil || n != len(p) {
				t.Fatalf("Write: %d, %v", n, err)
			}
			if strings.Contains(buf.String(), "hunter22") || strings.Contains(buf.String(), "tok") {
				t.Fatalf("secret leaked mid-stream with parts %q: %q", parts, buf.String())
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Fatalf("parts %q:\n got %q\nwant %q", parts, buf.String(), want)
		}
	}
	for i := 0; i <= len(in); i++ {
		check([]string{in[:i], in[i:]})
		for j := i; j <= len(in); j += 3 {
			check([]string{in[:i], in[i:j], in[j:]})
		}
	}
	var bytesOne []string
	for i := range len(in) {
		bytesOne = append(bytesOne, in[i:i+1])
	}
	check(bytesOne)
}

// TestMaskWriterHoldsOnlyPrefixes checks that ordinary output is passed on
// at once: only a tail that could start a secret is held back.
func TestMaskWriterHoldsOnlyPrefixes(t *testing.T) {
	m := NewMaskerValues("hunter22")
	var buf bytes.Buffer
	w := m.Writer(&buf)
	w.Write([]byte("progress 42%\r"))
	if buf.String() != "progress 42%\r" {
		t.Errorf("plain output held back: %q", buf.String())
	}
	w.Write([]byte("user hun"))
	if buf.String() != "progress 42%\ruser " {
		t.Errorf("got %q", buf.String())
	}
	w.Write([]byte("gry"))
	if buf.String() != "progress 42%\ruser hungry" {
		t.Errorf("got %q", buf.String())
	}
	w.Write([]byte(" hunter2"))
	w.Flush()
	if buf.String() != "progress 42%\ruser hungry hunter2" {
		t.Errorf("after flush: %q", buf.String())
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestMaskWriterErrors(t *testing.T) {
	w := NewMaskerValues("hunter22").Writer(failWriter{})
	if _, err := w.Write([]byte("abc")); err == nil {
		t.Error("a failing writer's error was lost")
	}
	w.Write([]byte("hunt"))
	if err := w.Flush(); err == nil {
		t.Error("a failing writer's error was lost on Flush")
	}
}

func TestMaskWriterConcurrent(t *testing.T) {
	m := NewMaskerValues("hunter22")
	var buf bytes.Buffer
	w := m.Writer(&buf)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				w.Write([]byte("x hunter22 y\n"))
			}
		}()
	}
	wg.Wait()
	w.Flush()
	if strings.Contains(buf.String(), "hunter") || strings.Count(buf.String(), "•••") != 400 {
		t.Errorf("concurrent writes: %d masks", strings.Count(buf.String(), "•••"))
	}
}

func BenchmarkMaskWriter(b *testing.B) {
	m := NewMaskerValues("hunter22", "s3cr3t-token-value", "another-secret")
	line := []byte(strings.Repeat("building module golive/checks ok 12.3s hunter22 \x1b[32mPASS\x1b[0m\n", 16))
	w := m.Writer(discard{})
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		w.Write(line)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestMaskQuotedAndPTYForms: a secret with a quote, a backslash and
// non-ASCII is masked after Go or JSON quoting, and a multi-line secret
// after a pseudo-terminal turned its \n into \r\n.
func TestMaskQuotedAndPTYForms(t *testing.T) {
	secret := `Pa"ss\w0rd-é-2024`
	multi := "line-one-secret\nline-two-secret"
	m := NewMaskerValues(secret, multi)
	if m.Len() != 2 {
		t.Errorf("Len %d, want the 2 values", m.Len())
	}
	jsonForm, _ := json.Marshal("got " + secret)
	for _, in := range []string{
		"stdout " + strconv.Quote(secret) + " != x",
		strconv.QuoteToASCII("json \"a\" == " + secret),
		fmt.Sprintf("header %q", secret),
		string(jsonForm),
		"pty: " + strings.ReplaceAll(multi, "\n", "\r\n") + "\r\n",
		fmt.Sprintf("%q", "pty "+strings.ReplaceAll(multi, "\n", "\r\n")),
	} {
		got := m.Mask(in)
		if !strings.Contains(got, MaskText) || strings.Contains(got, "w0rd") || strings.Contains(got, "line-two") {
			t.Errorf("Mask(%q) = %q: the secret shows", in, got)
		}
	}
}

func TestHidesNumber(t *testing.T) {
	m := NewMaskerValues("48151623", "tok-abc9876xyz", "pin0042")
	for v, want := range map[float64]bool{
		48151623: true, // the whole secret
		9876:     true, // a run of a token's digits
		987:      true,
		42:       true,  // a whole number in a secret, leading zeros aside
		1:        false, // a digit that merely occurs in a secret
		200:      false,
		0:        false,
	} {
		if got := m.HidesNumber(v); got != want {
			t.Errorf("HidesNumber(%v) = %v, want %v", v, got, want)
		}
	}
	var nilM *Masker
	if nilM.HidesNumber(48151623) {
		t.Error("a nil masker hides a number")
	}
}
