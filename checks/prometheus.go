package checks

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/prometheus/client_golang/api"
	promv1 "github.com/prometheus/client_golang/api/prometheus/v1"
	"github.com/prometheus/common/model"

	"golive/runbook"
)

// promOnce makes an instant query through the official client. One value
// is the only useful answer for a condition, so no series and several
// series are Fails that say so; a query the server rejects is an Error
// carrying the server's own message.
func promOnce(ctx context.Context, c *runbook.Check) (*Observation, Status, string) {
	p := c.Prometheus
	if p == nil || strings.TrimSpace(p.Query) == "" {
		return invalidCheck(c.Kind, "the prometheus check has no query")
	}
	u, err := url.Parse(p.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalidCheck(c.Kind, "bad url %q: want http://host:9090", p.URL)
	}
	limit := timeout(c)
	client, err := api.NewClient(api.Config{
		Address: p.URL,
		Client:  &http.Client{Transport: &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true}},
	})
	if err != nil {
		return invalidCheck(c.Kind, "prometheus client: %v", err)
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	obs := &Observation{Kind: runbook.KindPrometheus}
	start := time.Now()
	v, _, _, err := promv1.NewAPI(client).Query(ctx, p.Query, time.Now())
	obs.Duration = time.Since(start)
	if err != nil {
		return promFailure(obs, err, limit)
	}
	obs.Latency, obs.HasLatency, obs.Connected = obs.Duration, true, true
	switch r := v.(type) {
	case model.Vector:
		obs.Series = len(r)
		switch len(r) {
		case 0:
			obs.ValueErr = "query returned no series"
			return obs, Fail, obs.ValueErr
		case 1:
			f := float64(r[0].Value)
			obs.Value = &f
		default:
			obs.ValueErr = fmt.Sprintf("query returned %d series, want 1", len(r))
			return obs, Fail, obs.ValueErr
		}
	case *model.Scalar:
		obs.Series = 1
		f := float64(r.Value)
		obs.Value = &f
	case model.Matrix:
		obs.Series = len(r)
		obs.ValueErr = "query returned a range vector, want one value (drop the [range])"
		return obs, Error, obs.ValueErr
	default:
		obs.ValueErr = fmt.Sprintf("query returned a %s, want one value", v.Type())
		return obs, Error, obs.ValueErr
	}
	return obs, "", ""
}

// promFailure sorts a failed query: rejected by the server (Error), or the
// server unreachable or failing (Fail).
func promFailure(obs *Observation, err error, limit time.Duration) (*Observation, Status, string) {
	var apiErr *promv1.Error
	if !errors.As(err, &apiErr) {
		return obs, Fail, netReason(err, limit)
	}
	obs.Connected = true
	switch apiErr.Type {
	case promv1.ErrBadData, promv1.ErrExec:
		return obs, Error, "query rejected: " + apiErr.Msg
	case promv1.ErrBadResponse:
		return obs, Error, "unreadable answer: " + apiErr.Msg
	case promv1.ErrTimeout, promv1.ErrCanceled:
		return obs, Fail, "query " + string(apiErr.Type) + ": " + apiErr.Msg
	}
	return obs, Fail, apiErr.Msg
}
