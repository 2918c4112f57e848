package metrics_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// textFrame builds a frame with a text column of topic sentences; nulls
// every seventh row.
func textFrame(t *testing.T, n int, words []string, offset int) *dataset.Frame {
	t.Helper()
	vals := make([]string, n)
	nulls := make([]bool, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("%s %s and %s on day %d", words[(i+offset)%len(words)], words[(3*i+1)%len(words)], words[(7*i+offset)%len(words)], i%31)
		nulls[i] = i%7 == 0
	}
	f, err := dataset.New("t", dataset.NewStringColumn("review", dataset.Text, vals, nulls))
	require.NoError(t, err)
	return f
}

// Text columns reach the domain classifier (Evidently's automatic
// choice: perc_text_content_drift up to 1000 reference rows).
func TestColumnDriftText(t *testing.T) {
	weather := []string{"rain", "sunny", "cloud", "storm", "wind", "snow", "fog", "breeze"}
	finance := []string{"stock", "bond", "market", "yield", "equity", "profit", "shares", "trading"}
	ref := textFrame(t, 400, weather, 0)
	in := &metrics.Input{Reference: ref, Current: textFrame(t, 300, finance, 0), Definition: &dataset.Definition{}}
	res, err := (&metrics.ColumnDrift{Column: "review"}).Compute(context.Background(), in)
	require.NoError(t, err)
	r := res.(*metrics.ColumnDriftResult)
	assert.Equal(t, "text", r.ColumnType)
	assert.Equal(t, "perc_text_content_drift", r.StatTest)
	assert.Equal(t, "Percentile text content drift", r.StatTestName)
	assert.Equal(t, metrics.Sides{Reference: 400 - 58, Current: 300 - 43}, r.RowsUsed)
	assert.Equal(t, metrics.Sides{Reference: 58, Current: 43}, r.RowsDropped)
	require.NotNil(t, r.Drifted)
	assert.True(t, *r.Drifted)
	assert.Greater(t, float64(r.Score), 0.95)
	require.NotNil(t, r.Text)
	assert.NotEmpty(t, r.Text.WordsCurrent)

	same := &metrics.Input{Reference: ref, Current: textFrame(t, 300, weather, 0), Definition: &dataset.Definition{}}
	res, err = (&metrics.ColumnDrift{Column: "review", DriftOptions: metrics.DriftOptions{TextStatTest: "abs_text_content_drift"}}).Compute(context.Background(), same)
	require.NoError(t, err)
	r = res.(*metrics.ColumnDriftResult)
	assert.Equal(t, "abs_text_content_drift", r.StatTest)
	assert.False(t, *r.Drifted)
	assert.Less(t, float64(r.Score), 0.55)
}
