package metrics

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// TestDescriptorColumnsComputedOnce: the text descriptor metrics and the
// by-feature tables of one report share each descriptor's column.
func TestDescriptorColumnsComputedOnce(t *testing.T) {
	mk := func(name string) *dataset.Frame {
		f, err := dataset.New(name, dataset.NewStringColumn("review", dataset.Text, []string{"good", "very bad", "fine, thanks", "awful"}, nil),
			dataset.NewStringColumn("y", dataset.Categorical, []string{"1", "0", "1", "0"}, nil),
			dataset.NewStringColumn("p", dataset.Categorical, []string{"1", "1", "1", "0"}, nil))
		require.NoError(t, err)
		return f
	}
	in := &Input{Reference: mk("ref.csv"), Current: mk("cur.csv"), Definition: &dataset.Definition{Target: "y", Prediction: "p"}, Cache: &Cache{}}
	ctx := context.Background()
	_, err := (&TextDescriptorsDistribution{Column: "review"}).Compute(ctx, in)
	require.NoError(t, err)
	assert.Len(t, in.Cache.descriptors, 6, "3 default descriptors over 2 frames")
	first := map[cacheKey]*onceEntry[descriptorResult]{}
	for k, v := range in.Cache.descriptors {
		first[k] = v
	}
	for _, m := range []Metric{&TextDescriptorsDrift{Column: "review"}, &TargetByFeaturesTable{}} {
		_, err = m.Compute(ctx, in)
		require.NoError(t, err, m.Name())
	}
	assert.Equal(t, first, in.Cache.descriptors, "no descriptor computed again")
}
