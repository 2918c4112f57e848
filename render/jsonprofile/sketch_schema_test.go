package jsonprofile_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/sketch"
)

// TestSketchProfilesMatchSchema runs the presets a sketch serves on data
// given as sketches (small ones, so that some values are approximate) and
// validates the profiles: the bounds of approximate values ("approximate"
// objects, "unavailable" fields, the dataset's "sketch" flag) are in the
// schema, and the HTML marks the datasets and the approximate drift
// scores.
func TestSketchProfilesMatchSchema(t *testing.T) {
	ref, cur := demoFrames(t)
	o := sketch.Options{K: 64, Bins: 32, ExactValues: 16, Categories: 3, HeavyHitters: 2}
	summary := func(f *dataset.Frame) *dataset.Summary {
		s, err := sketch.Of(context.Background(), f, o)
		require.NoError(t, err)
		return s.Summary(f.Source(), sketch.SummaryOptions{IntegerCardinality: -1})
	}
	data := report.Data{ReferenceSummary: summary(ref), CurrentSummary: summary(cur), Definition: &dataset.Definition{Datetime: "date"}}
	for _, p := range []struct {
		name string
		mk   presets.Factory
	}{
		{"metrics:data-drift", presets.Metrics()["data-drift"]},
		{"metrics:data-summary", presets.Metrics()["data-summary"]},
		{"tests:data-stability", presets.Tests()["data-stability"]},
		{"tests:data-drift", presets.Tests()["data-drift"]},
		{"tests:data-quality", presets.Tests()["data-quality"]},
	} {
		t.Run(p.name, func(t *testing.T) {
			r := &report.Report{Presets: []presets.Preset{p.mk()}}
			s, err := r.Run(context.Background(), data, &report.Options{Version: "test"})
			require.NoError(t, err)
			require.NotEmpty(t, s.Metrics)
			a, err := jsonprofile.Marshal(s)
			require.NoError(t, err)
			validateProfile(t, a)
			assert.Contains(t, string(a), `"sketch": true`)
			assert.Contains(t, string(a), `"approximate"`, "small sketches give approximate values")
			var h bytes.Buffer
			require.NoError(t, html.Write(&h, s, nil))
			assert.Contains(t, h.String(), `class="approx"`)
			if p.name == "metrics:data-summary" {
				assert.Contains(t, h.String(), "distinct (≈ sketch: current ±", "the column statistics mark estimates")
			}
			if strings.Contains(p.name, "drift") {
				assert.Contains(t, h.String(), "≈ score ± (sketch)")
			}
		})
	}
}
