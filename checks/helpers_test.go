package checks

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golive/runbook"
)

// testCA is a certificate authority made for this test run. TestMain
// points SSL_CERT_FILE at it before anything loads the system roots, so
// certificates it signs verify like real ones and no hook into the
// package is needed.
var testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "checks-ca")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := makeCA(filepath.Join(dir, "ca.pem")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("SSL_CERT_FILE", filepath.Join(dir, "ca.pem"))
	os.Setenv("SSL_CERT_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func makeCA(path string) error {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "golive test CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return err
	}
	testCA.cert, _ = x509.ParseCertificate(der)
	testCA.key = key
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
}

// certOpts describe a server certificate to make.
type certOpts struct {
	names    []string // DNS names
	ips      []net.IP
	validFor time.Duration
	selfSign bool // signed by its own key: no trusted authority
	expired  bool
}

// makeCert makes a server certificate for a test's TLS server.
func makeCert(t *testing.T, o certOpts) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	notBefore := time.Now().Add(-time.Hour)
	notAfter := time.Now().Add(o.validFor)
	if o.expired {
		notBefore, notAfter = time.Now().Add(-48*time.Hour), time.Now().Add(-24*time.Hour)
	}
	cn := "server"
	if len(o.names) > 0 {
		cn = o.names[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		DNSNames:     o.names,
		IPAddresses:  o.ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	parent, signer := testCA.cert, any(testCA.key)
	if o.selfSign {
		parent, signer = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, signer)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// cond parses a condition as a runbook would.
func cond(t *testing.T, src string) runbook.Condition {
	t.Helper()
	c, err := runbook.ParseCondition(src, runbook.Pos{})
	if err != nil {
		t.Fatalf("condition %q: %v", src, err)
	}
	return c
}

func conds(t *testing.T, srcs ...string) []runbook.Condition {
	t.Helper()
	var out []runbook.Condition
	for _, s := range srcs {
		out = append(out, cond(t, s))
	}
	return out
}

// alive reports whether pid is a live process. kill(pid, 0) succeeds on a
// zombie too, and an orphan's zombie may never be reaped where init does
// not reap; a zombie runs nothing, so it counts as dead.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	state, _, ok := procState(pid)
	return !ok || (state != 'Z' && state != 'X')
}

// killLater ends pid when the test ends, in case an assertion failed
// before the code under test could.
func killLater(t *testing.T, pid int) {
	t.Cleanup(func() {
		if pid > 0 && alive(pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	})
}

// lines is a writer that collects output and hands out each complete
// line as it arrives, so a test can wait for what a process printed.
type lines struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	ch   chan string
	rest []byte
}

func newLines() *lines { return &lines{ch: make(chan string, 1000)} }

func (l *lines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	l.rest = append(l.rest, p...)
	for {
		i := bytes.IndexByte(l.rest, '\n')
		if i < 0 {
			break
		}
		select {
		case l.ch <- strings.TrimRight(string(l.rest[:i]), "\r"):
		default:
		}
		l.rest = l.rest[i+1:]
	}
	return len(p), nil
}

func (l *lines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// next waits for the next line; the bound only keeps a broken test from
// hanging, it asserts nothing about speed.
func (l *lines) next(t *testing.T) string {
	t.Helper()
	select {
	case s := <-l.ch:
		return s
	case <-time.After(30 * time.Second):
		t.Fatalf("no line of output; got so far %q", l.String())
	}
	return ""
}

// pidLine waits for a line holding a pid and returns it.
func (l *lines) pid(t *testing.T) int {
	t.Helper()
	s := l.next(t)
	pid, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		t.Fatalf("want a pid, got %q", s)
	}
	killLater(t, pid)
	return pid
}

func killPid(pid int) error { return syscall.Kill(pid, syscall.SIGKILL) }

// quietLog drops a test server's log: the handshake errors it reports are
// the very failures a test provokes.
func quietLog() *log.Logger { return log.New(io.Discard, "", 0) }

// testServerFunc serves h on loopback and returns its URL.
func testServerFunc(t *testing.T, h http.HandlerFunc) string {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}
