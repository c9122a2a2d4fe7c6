package checks

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"math"
	"net"
	"time"

	"golive/runbook"
)

// tlsOnce makes a TLS handshake with a tls check's address and reads the
// server's certificate. The chain and host name are verified here rather
// than inside the handshake, so that a certificate that fails to verify
// is still described (days_left, issuer) for the conditions and reasons.
func tlsOnce(ctx context.Context, c *runbook.Check) (*Observation, Status, string) {
	t := c.TLS
	if t == nil {
		return invalidCheck(c.Kind, "the tls check has no address")
	}
	host, _, err := net.SplitHostPort(t.Address)
	if err != nil {
		return invalidCheck(c.Kind, "bad address %q: want host:port", t.Address)
	}
	name := t.ServerName
	if name == "" {
		name = host
	}
	limit := timeout(c)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	obs := &Observation{Kind: runbook.KindTLS}
	dialer := &tls.Dialer{Config: &tls.Config{ServerName: name, InsecureSkipVerify: true}}
	start := time.Now()
	conn, err := dialer.DialContext(ctx, "tcp", t.Address)
	obs.Duration = time.Since(start)
	if err != nil {
		return obs, Fail, netReason(err, limit)
	}
	defer conn.Close()
	obs.Connected = true
	obs.Latency, obs.HasLatency = obs.Duration, true
	state := conn.(*tls.Conn).ConnectionState()
	obs.Version = tls.VersionName(state.Version)
	if len(state.PeerCertificates) == 0 {
		return obs, Fail, "the server sent no certificate"
	}
	describeCert(obs, state.PeerCertificates[0], time.Now())
	verr := verifyChain(state.PeerCertificates, name)
	obs.Verified = verr == nil
	if verr != nil {
		obs.VerifyErr = certReason(verr)
		if obs.VerifyErr == "" {
			obs.VerifyErr = verr.Error()
		}
		if !t.Insecure {
			return obs, Fail, obs.VerifyErr
		}
	}
	return obs, "", ""
}

// describeCert fills in what the conditions see of the leaf certificate.
func describeCert(obs *Observation, cert *x509.Certificate, now time.Time) {
	obs.HasCert = true
	obs.NotAfter = cert.NotAfter
	obs.DaysLeft = int(math.Floor(cert.NotAfter.Sub(now).Hours() / 24))
	obs.Issuer = nameOf(cert.Issuer.CommonName, cert.Issuer.String())
	obs.Subject = nameOf(cert.Subject.CommonName, cert.Subject.String())
	obs.SANs = append(obs.SANs, cert.DNSNames...)
	for _, ip := range cert.IPAddresses {
		obs.SANs = append(obs.SANs, ip.String())
	}
	obs.SANs = append(obs.SANs, cert.EmailAddresses...)
	for _, u := range cert.URIs {
		obs.SANs = append(obs.SANs, u.String())
	}
}

func nameOf(cn, full string) string {
	if cn != "" {
		return cn
	}
	return full
}

// verifyChain verifies the server's chain against the system roots and
// its leaf against the name asked for (a host name or an IP address).
func verifyChain(certs []*x509.Certificate, name string) error {
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	_, err := certs[0].Verify(x509.VerifyOptions{DNSName: name, Intermediates: inter})
	return err
}
