package ui

import (
	"os"
	"regexp"
)

// mask hides secret values (the runbook's masker) in text shown on screen.
func (m *Model) mask(s string) string {
	if mk := m.masker(); mk != nil {
		return mk.Mask(s)
	}
	return s
}

// masker builds the runbook's masker once.
func (m *Model) masker() interface{ Mask(string) string } {
	if m.o.Runbook == nil {
		return nil
	}
	if m.mk == nil {
		m.mk = m.o.Runbook.NewMasker(os.Environ())
	}
	return m.mk
}

var (
	reURLCreds = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]+@`)
	reURLHost  = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s:?#]+`)
	reIPv4     = regexp.MustCompile(`\b\d{1,3}(\.\d{1,3}){3}\b`)
	reIPv6     = regexp.MustCompile(`(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}|(?:[0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{1,4})*|::1\b`)
	reHostPort = regexp.MustCompile(`\b[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+:\d+\b`)
	reFQDN     = regexp.MustCompile(`\b[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)*\.(internal|local|lan|corp|com|net|org|io|dev|cloud|example)\b`)
)

// maskPresent hides, for screen sharing, what should not be broadcast:
// secrets, credentials in URLs, hosts and addresses.
func (m *Model) maskPresent(s string) string {
	s = m.mask(s)
	s = reURLCreds.ReplaceAllString(s, "${1}•••@")
	s = reURLHost.ReplaceAllString(s, "${1}•••")
	s = reHostPort.ReplaceAllString(s, "•••")
	s = reIPv4.ReplaceAllString(s, "•••")
	s = reIPv6.ReplaceAllString(s, "•••")
	s = reFQDN.ReplaceAllString(s, "•••")
	return s
}
