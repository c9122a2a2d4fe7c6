package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// hostileRunbook has a step whose output tries every trick a terminal
// falls for, and a check whose name carries a title-setting sequence.
const hostileRunbook = `
[launch]
name = "hostile"
title = "Hostile output"

[[preflight]]
id = "named"
name = "evil\u001b]0;PWNED-NAME\u0007 name"
run = "true"

[[cutover]]
id = "flood"
name = "Hostile corpus"
run = '''
printf 'start-hostile\n'
printf '\033]52;c;UFdORUQtQ0xJUA==\007clip\n'
printf '\033]8;;http://PWNED-LINK.example/\033\\link\033]8;;\033\\\n'
printf '\033]0;PWNED-TITLE\007title\n'
printf '\033]2;PWNED-TITLE2\033\\title2\n'
printf '\033P1$tPWNED-DCS\033\\dcs\n'
printf '\033_PWNED-APC\033\\apc\n'
printf '\033^PWNED-PM\033\\pm\n'
printf '\033XPWNED-SOS\033\\sos\n'
printf '\033[6n\033[5n\033[c\033c\033[1;3r\033[?1000h\033[?5h\033[3;3H\033[2J'
printf '\233 31mC1-CSI\n'
printf '\302\235PWNED-C1-OSC\302\234utf8-c1\n'
printf '\033]11;PWNED-UNTERMINATED\n'
printf 'after-hostile \033[31mred\033[0m\n'
sleep 1
'''
`

// Every byte the cockpit writes to a real terminal while a step prints the
// hostile corpus is recorded with script(1) inside tmux: none of the
// corpus's sequences, nor their payloads, may reach the terminal, and the
// text around them must.
func TestHostileOutputLeavesNoTraceOnTheTerminal(t *testing.T) {
	needTmux(t)
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script(1) not installed (util-linux / bsdutils)")
	}
	dir := t.TempDir()
	path := writeFile(t, dir, "hostile.toml", hostileRunbook)
	rec := filepath.Join(dir, "typescript")
	cmd := "script -qfc '" + golive + " run --rehearse --yes --exit " + path + "' " + rec
	term := startTmux(t, dir, 100, 30, nil, cmd)
	term.waitFor(60*time.Second, "[exit ")

	raw, err := os.ReadFile(rec)
	if err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(raw) {
		t.Errorf("the cockpit wrote invalid UTF-8 (a raw 8-bit C1 byte?)")
	}
	for _, r := range string(raw) {
		if r >= 0x80 && r <= 0x9f {
			t.Errorf("the cockpit wrote the C1 control U+%04X", r)
			break
		}
	}
	for _, bad := range []string{
		"PWNED",                                    // any payload at all
		"\x1b]52", "\x1b]8;", "\x1b]0;", "\x1b]2;", // clipboard, link, titles
		"\x1bP", "\x1b_", "\x1b^", "\x1bX", // DCS, APC, PM, SOS
		"\x1bc", "\x1b[6n", "\x1b[5n", "\x1b[c", // reset, queries
		"\x1b[1;3r", "\x1b[?1000h", "\x1b[?5h", // scroll region, mouse, reverse screen
	} {
		if i := bytes.Index(raw, []byte(bad)); i >= 0 {
			lo, hi := max(0, i-40), min(len(raw), i+40)
			t.Errorf("the terminal received %q: ...%q...", bad, raw[lo:hi])
		}
	}
	for _, want := range []string{"start-hostile", "clip", "link", "title2", "dcs", "apc", "C1-CSI", "utf8-c1", "after-hostile", "evil"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("the text %q around the sequences never reached the screen", want)
		}
	}
	// The corpus arrives in the step's log unchanged: nothing is lost.
	logs, _ := filepath.Glob(filepath.Join(dir, ".golive", "hostile", "*", "logs", "cutover-flood.log"))
	if len(logs) != 1 {
		t.Fatalf("step log not found: %v", logs)
	}
	log, _ := os.ReadFile(logs[0])
	if !strings.Contains(string(log), "PWNED-TITLE") {
		t.Errorf("the raw log lost the corpus: %q", log)
	}
}
