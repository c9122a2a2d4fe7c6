package launch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golive/runbook"
)

func TestCheckTarget(t *testing.T) {
	cases := []struct {
		c    *runbook.Check
		want string
	}{
		{nil, ""},
		{&runbook.Check{Kind: runbook.KindRun, Run: "df -P /"}, "df -P /"},
		{&runbook.Check{Kind: runbook.KindHTTP, HTTP: &runbook.HTTPCheck{URL: "http://127.0.0.1:8080/healthz"}}, "GET http://127.0.0.1:8080/healthz"},
		{&runbook.Check{Kind: runbook.KindHTTP, HTTP: &runbook.HTTPCheck{Method: "POST", URL: "http://127.0.0.1/x"}}, "POST http://127.0.0.1/x"},
		{&runbook.Check{Kind: runbook.KindTCP, TCP: "127.0.0.1:5432"}, "tcp 127.0.0.1:5432"},
		{&runbook.Check{Kind: runbook.KindDNS, DNS: &runbook.DNSCheck{Name: "db.internal"}}, "dns db.internal"},
		{&runbook.Check{Kind: runbook.KindDNS, DNS: &runbook.DNSCheck{Name: "db.internal", Type: "AAAA", Server: "127.0.0.1:53"}}, "dns db.internal AAAA @127.0.0.1:53"},
		{&runbook.Check{Kind: runbook.KindTLS, TLS: &runbook.TLSCheck{Address: "127.0.0.1:443"}}, "tls 127.0.0.1:443"},
		{&runbook.Check{Kind: runbook.KindTLS, TLS: &runbook.TLSCheck{Address: "127.0.0.1:443", ServerName: "shop.example"}}, "tls 127.0.0.1:443 (shop.example)"},
		{&runbook.Check{Kind: runbook.KindPrometheus, Prometheus: &runbook.PrometheusCheck{URL: "http://127.0.0.1:9090", Query: "up"}}, "prometheus http://127.0.0.1:9090 up"},
		{&runbook.Check{Kind: runbook.KindHTTP}, "http"},
	}
	for _, c := range cases {
		if got := CheckTarget(c.c); got != c.want {
			t.Errorf("CheckTarget(%+v) = %q, want %q", c.c, got, c.want)
		}
	}
}

func TestItemDuration(t *testing.T) {
	now := at(100)
	cases := []struct {
		it   Item
		want time.Duration
	}{
		{Item{}, 0},
		{Item{Started: at(10)}, 90 * time.Second},
		{Item{Started: at(10), Finished: at(12)}, 2 * time.Second},
		{Item{Started: at(10), Finished: at(12), DurationMS: 1500}, 1500 * time.Millisecond},
		{Item{Started: at(200)}, 0},
	}
	for i, c := range cases {
		if got := c.it.Duration(now); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

func TestJournalFlushAndPath(t *testing.T) {
	dir := t.TempDir()
	j, err := CreateJournal(dir, withFlushInterval(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if j.path != filepath.Join(dir, JournalFile) {
		t.Errorf("path %q", j.path)
	}
	j.Append(sample(1, 1))
	if err := j.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, _ := ReadJournal(j.path); len(got) != 1 {
		t.Errorf("%d events after Flush, want 1", len(got))
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	if err := j.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestLockWithUnreadableHolder: the refusal still comes, naming the
// holder the kernel knows rather than the garbage in the file.
func TestLockWithUnreadableHolder(t *testing.T) {
	root := t.TempDir()
	l, err := AcquireLock(root, "ann@bastion")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	if l.path != filepath.Join(root, LockFile) {
		t.Errorf("path %q", l.path)
	}
	if err := os.WriteFile(l.path, []byte("\x00\x00garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = AcquireLock(root, "bob@bastion")
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || le.Since == "unknown" || !strings.Contains(le.Holder, "@") {
		t.Errorf("refusal %v, want this process named", err)
	}
}

func TestNewLaunchDirInAnUnwritableRoot(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain-file")
	os.WriteFile(file, nil, 0o644)
	if _, _, err := NewLaunchDir(filepath.Join(file, "demo"), t0); err == nil {
		t.Error("a launch directory under a file was created")
	}
}
