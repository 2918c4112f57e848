package html_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// textSnapshot is a report on reviews: the text-evals preset, the
// descriptor drift and distribution metrics, and a test on a descriptor.
func textSnapshot(t testing.TB) *report.Snapshot {
	t.Helper()
	words := []string{"good", "great", "bad", "terrible", "battery", "screen", "price", "love", "hate", "slow", "fast", "never", "again", "works"}
	mk := func(source string, seed uint64, angry bool) *dataset.Frame {
		rng := rand.New(rand.NewPCG(seed, 9))
		const n = 400
		texts := make([]string, n)
		for i := range texts {
			var b bytes.Buffer
			k := 3 + rng.IntN(12)
			if angry {
				k += 6
			}
			for j := 0; j < k; j++ {
				w := words[rng.IntN(len(words))]
				if angry && rng.IntN(3) == 0 {
					w = words[3+rng.IntN(2)]
				}
				fmt.Fprintf(&b, "%s ", w)
			}
			if angry && i%4 == 0 {
				b.WriteString("see https://example.com/x. ")
			}
			b.WriteString("Done.")
			texts[i] = b.String()
		}
		f, err := dataset.New(source, dataset.NewStringColumn("review", dataset.Text, texts, nil))
		require.NoError(t, err)
		return f
	}
	v, _, ok := tests.Lookup("ColumnValueMin")
	require.True(t, ok)
	require.NoError(t, json.Unmarshal([]byte(`{"column": "Text Length for review", "gte": 10}`), v))
	r := &report.Report{
		Presets: []presets.Preset{&presets.TextEvals{Column: "review"}},
		Metrics: []metrics.Metric{&metrics.TextDescriptorsDrift{Column: "review"}, &metrics.TextDescriptorsDistribution{Column: "review",
			Descriptors: descriptors.Specs([]descriptors.Descriptor{&descriptors.WordCount{}, &descriptors.ContainsLink{}})}},
		Descriptors: []descriptors.Descriptor{&descriptors.TextLength{Base: descriptors.Base{Column: "review"}}},
		Tests:       []tests.Test{v.(tests.Test)},
	}
	s, err := r.Run(context.Background(), report.Data{Reference: mk("ref.csv", 1, false), Current: mk("cur.csv", 2, true)}, &report.Options{Version: "test"})
	require.NoError(t, err)
	for _, e := range s.Metrics {
		require.Empty(t, e.Error, e.ID)
	}
	return s
}

func TestBrowserTextDescriptorsReport(t *testing.T) {
	file, _ := writePage(t, textSnapshot(t), nil, "text.html")
	check, consoleErrors, requests, png := openInBrowser(t, file)
	assert.Empty(t, consoleErrors, "console errors")
	assert.Empty(t, requests, "network requests")
	// text-evals: 5 summaries, each a histogram; drift: a distribution per
	// descriptor; distribution: a histogram and a bar chart.
	assert.GreaterOrEqual(t, check.Charts, 10)
	assert.Empty(t, check.Empty, "chart containers without a rendered svg or canvas")
	assert.Greater(t, len(png), 10000)
	if dir := os.Getenv("TELLTALE_SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "text-descriptors.png"), png, 0o644))
	}
}
