package checks

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golive/runbook"
)

// httpOnce makes one request of an http check. Connection refused, a
// timeout or a certificate that does not verify is a Fail with the cause;
// any answer at all is left to the conditions.
func httpOnce(ctx context.Context, c *runbook.Check) (*Observation, Status, string) {
	h := c.HTTP
	if h == nil {
		return invalidCheck(c.Kind, "the http check has no url")
	}
	u, err := url.Parse(h.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidCheck(c.Kind, "bad url %q: want http://host/... or https://host/...", h.URL)
	}
	method := h.Method
	if method == "" {
		method = http.MethodGet
	}
	limit := timeout(c)
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	var body io.Reader
	if h.Body != "" {
		body = strings.NewReader(h.Body)
	}
	req, err := http.NewRequestWithContext(ctx, strings.ToUpper(method), u.String(), body)
	if err != nil {
		return invalidCheck(c.Kind, "bad request: %v", err)
	}
	for k, v := range h.Headers {
		if strings.EqualFold(k, "Host") {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: limit}).DialContext,
		TLSClientConfig:     &tls.Config{InsecureSkipVerify: h.Insecure},
		TLSHandshakeTimeout: limit,
		DisableKeepAlives:   true,
		ForceAttemptHTTP2:   true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	if !h.FollowRedirects {
		client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	}
	obs := &Observation{Kind: runbook.KindHTTP}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		obs.Duration = time.Since(start)
		return obs, Fail, netReason(err, limit)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxCapture))
	obs.Latency, obs.HasLatency = time.Since(start), true
	obs.Duration = obs.Latency
	obs.Connected = true
	obs.HasStatus, obs.Status = true, resp.StatusCode
	obs.Header = resp.Header
	obs.Body = string(b)
	if v, ok := bodyNumber(obs.Body); ok {
		obs.Value = &v
	} else {
		obs.ValueErr = "no number in the body"
	}
	if err != nil {
		return obs, Fail, "reading the body: " + netReason(err, limit)
	}
	return obs, "", ""
}
