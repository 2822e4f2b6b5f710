package faults

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/rs/zerolog"
)

// Proxy is an in-process toxiproxy listening on a loopback port in front
// of an upstream address.
type Proxy struct {
	t testing.TB
	p *toxiproxy.Proxy
	// URL is what terminals sync with.
	URL string
}

// NewProxy starts a proxy on 127.0.0.1:0 in front of upstream (host:port).
func NewProxy(t testing.TB, upstream string) *Proxy {
	t.Helper()
	zerolog.SetGlobalLevel(zerolog.Disabled) // the toxics log through the global logger
	srv := toxiproxy.NewServer(toxiproxy.NewMetricsContainer(prometheus.NewRegistry()), zerolog.Nop())
	p := toxiproxy.NewProxy(srv, "motcua", "127.0.0.1:0", upstream)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return &Proxy{t: t, p: p, URL: "http://" + p.Listen}
}

// Toxic is one toxic as toxiproxy's API takes it.
type Toxic struct {
	Name       string         `json:"name"`
	Type       string         `json:"type"`
	Stream     string         `json:"stream"`
	Toxicity   float32        `json:"toxicity"`
	Attributes map[string]any `json:"attributes"`
}

// Add adds a toxic.
func (p *Proxy) Add(x Toxic) {
	p.t.Helper()
	b, _ := json.Marshal(x)
	if _, err := p.p.Toxics.AddToxicJson(strings.NewReader(string(b))); err != nil {
		p.t.Fatalf("add toxic %s: %v", x.Name, err)
	}
}

// Remove removes a toxic by name (the fault heals).
func (p *Proxy) Remove(name string) {
	p.t.Helper()
	if err := p.p.Toxics.RemoveToxic(context.Background(), name); err != nil {
		p.t.Fatalf("remove toxic %s: %v", name, err)
	}
}

// Clear removes every toxic.
func (p *Proxy) Clear() { p.p.Toxics.ResetToxics(context.Background()) }
