package metrics_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// benchEmbeddings returns n rows per side of a 64-d embedding, the current
// side shifted a little.
func benchEmbeddings(b *testing.B, n int) *metrics.Input {
	rng := rand.New(rand.NewPCG(1, 1))
	const d = 64
	frame := func(shift float64) (*dataset.Frame, []string) {
		cols := make([]dataset.Column, d)
		names := make([]string, d)
		for j := range d {
			v := make([]float64, n)
			for i := range v {
				v[i] = rng.NormFloat64() + shift
			}
			names[j] = fmt.Sprintf("e%d", j)
			cols[j] = dataset.NewNumericColumn(names[j], v)
		}
		f, err := dataset.New("b", cols...)
		if err != nil {
			b.Fatal(err)
		}
		return f, names
	}
	ref, names := frame(0)
	cur, _ := frame(0.05)
	return &metrics.Input{Reference: ref, Current: cur, Definition: &dataset.Definition{Embeddings: map[string][]string{"e": names}}}
}

func BenchmarkEmbeddingsDrift(b *testing.B) {
	yes := true
	for _, c := range []struct {
		n int
		m metrics.EmbeddingsDrift
	}{
		{100_000, metrics.EmbeddingsDrift{Method: "distance"}},
		{100_000, metrics.EmbeddingsDrift{Method: "distance", Bootstrap: &yes}},
		{100_000, metrics.EmbeddingsDrift{Method: "ratio"}},
		{100_000, metrics.EmbeddingsDrift{Method: "mmd"}},
		{2000, metrics.EmbeddingsDrift{Method: "mmd", Bootstrap: &yes}},
		{100_000, metrics.EmbeddingsDrift{Method: "model"}},
	} {
		in := benchEmbeddings(b, c.n)
		m := c.m
		m.Embeddings = "e"
		b.Run(fmt.Sprintf("%s/bootstrap=%v/%d", m.Method, m.Bootstrap != nil, c.n), func(b *testing.B) {
			for b.Loop() {
				if _, err := m.Compute(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
