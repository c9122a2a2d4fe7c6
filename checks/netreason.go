package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"time"
)

// netReason turns a network error into the one line an operator needs at
// 2 a.m.: "connect 127.0.0.1:5432: connection refused", "certificate
// signed by unknown authority", "timed out after 5s". Go's own texts
// carry the request method, the URL and the layers of wrapping, which
// only hide the cause.
func netReason(err error, limit time.Duration) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, os.ErrDeadlineExceeded) || isTimeout(err) {
		return "timed out after " + fmtDur(limit)
	}
	if r := certReason(err); r != "" {
		return r
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return "lookup " + dnsErr.Name + ": no such host"
		}
		return "lookup " + dnsErr.Name + ": " + dnsErr.Err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		addr := ""
		if op.Addr != nil {
			addr = " " + op.Addr.String()
		}
		return "connect" + addr + ": " + syscallText(op.Err)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the server closed the connection without answering"
	}
	if errors.Is(err, syscall.ECONNRESET) {
		return "connection reset by the server"
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return "connection refused"
	}
	var recErr tls.RecordHeaderError
	if errors.As(err, &recErr) {
		return "the server does not speak TLS on this port"
	}
	msg := err.Error()
	if i := strings.LastIndex(msg, "\": "); i >= 0 {
		msg = msg[i+3:] // drop `Get "URL": `
	}
	return strings.TrimPrefix(msg, "remote error: ")
}

// certReason explains a certificate that did not verify, or "" when err is
// not about a certificate.
func certReason(err error) string {
	var unknown x509.UnknownAuthorityError
	if errors.As(err, &unknown) {
		return "certificate signed by unknown authority"
	}
	var host x509.HostnameError
	if errors.As(err, &host) {
		return strings.TrimPrefix(host.Error(), "x509: ")
	}
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) {
		if invalid.Reason == x509.Expired {
			return "certificate has expired or is not yet valid"
		}
		return strings.TrimPrefix(invalid.Error(), "x509: ")
	}
	var verify *tls.CertificateVerificationError
	if errors.As(err, &verify) {
		return strings.TrimPrefix(verify.Err.Error(), "x509: ")
	}
	return ""
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// syscallText is the bare cause of a dial error: "connection refused"
// rather than "dial tcp ...: connect: connection refused".
func syscallText(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno.Error()
	}
	var sys *os.SyscallError
	if errors.As(err, &sys) {
		return sys.Err.Error()
	}
	return fmt.Sprint(err)
}
