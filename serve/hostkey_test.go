package serve

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

func hostKeyOptions(path string) Options {
	return Options{
		HostKeyFile: path,
		Lookup:      func(gossh.PublicKey) (Person, bool) { return Person{}, false },
		NewModel:    func(s Session) tea.Model { return newCardModel(s, nil) },
	}
}

func TestHostKeyIsCreatedPrivateAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "host_key")
	first, err := New(hostKeyOptions(path))
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %04o; want 0600", info.Mode().Perm())
	}
	out, err := exec.Command("ssh-keygen", "-l", "-f", path).CombinedOutput()
	if err != nil {
		t.Fatalf("ssh-keygen -l: %v: %s", err, out)
	}
	if fields := strings.Fields(string(out)); len(fields) < 4 || fields[1] != first.Fingerprint() || fields[len(fields)-1] != "(ED25519)" {
		t.Fatalf("ssh-keygen says %q; Fingerprint() says %s for an ed25519 key", out, first.Fingerprint())
	}
	second, err := New(hostKeyOptions(path))
	if err != nil {
		t.Fatal(err)
	}
	if second.Fingerprint() != first.Fingerprint() {
		t.Fatalf("second start has host key %s; want the kept %s", second.Fingerprint(), first.Fingerprint())
	}
}

func TestBadHostKeyFilesAreRefusedWithWhatToDo(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open_key")
	if _, err := New(hostKeyOptions(open)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage_key")
	if err := os.WriteFile(garbage, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, want string }{
		{open, "run chmod 600 " + open},
		{garbage, garbage + ": not an SSH private key"},
		{filepath.Join(dir, "missing", "key"), "cannot create the host key"},
	} {
		_, err := New(hostKeyOptions(tc.path))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("New with %s: %v; want an error containing %q", tc.path, err, tc.want)
		}
	}
}

func TestOptionsNameWhatIsMissing(t *testing.T) {
	opts := hostKeyOptions(filepath.Join(t.TempDir(), "k"))
	opts.Lookup = nil
	if _, err := New(opts); err == nil || !strings.Contains(err.Error(), "Lookup is required") {
		t.Fatalf("New without Lookup: %v", err)
	}
}
