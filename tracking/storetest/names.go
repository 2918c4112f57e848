package storetest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// Names with quotes, newlines, Unicode and YAML look-alikes, kept byte for
// byte by every store.
var oddNames = []string{
	`it's "quoted"`,
	"two\nlines",
	"tab\there",
	"naïve café 日本語 🚀",
	"on", "012", "1:20", "null", "~", "- item", "key: value", "#hash",
	"   padded   ",
	"back\\slash",
	"ÅÄÖ/slash",
	"\u200bzero width",
}

func testNames(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	for i, name := range oddNames {
		id, err := s.CreateExperiment(ctx, name, "", map[string]string{"name": name})
		require.NoError(t, err, "%q", name)
		e, err := s.GetExperiment(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, name, e.Name)
		assert.Equal(t, name, e.Tags["name"])
		e, err = s.GetExperimentByName(ctx, name)
		require.NoError(t, err, "%q", name)
		assert.Equal(t, id, e.ID)

		r := mustRun(t, s, id, name, t0+int64(i), map[string]string{"odd": name})
		mustBatch(t, s, r.Info.RunID, tracking.Batch{
			Params: []tracking.Param{{Key: "name", Value: name}},
			Tags:   []tracking.Tag{{Key: tracking.TagNote, Value: name}},
		})
		got, err := s.GetRun(ctx, r.Info.RunID)
		require.NoError(t, err)
		assert.Equal(t, name, got.Info.RunName)
		assert.Equal(t, name, got.Params["name"])
		assert.Equal(t, name, got.Tags["odd"])
		assert.Equal(t, name, got.Tags[tracking.TagRunName])
		assert.Equal(t, name, got.Tags[tracking.TagNote])
	}
	// Unicode keys are valid keys (MLflow's \w is Unicode).
	r := mustRun(t, s, "0", "keys", t0, nil)
	mustBatch(t, s, r.Info.RunID, tracking.Batch{
		Params:  []tracking.Param{{Key: "größe", Value: "1"}},
		Metrics: []tracking.Metric{{Key: "точность", Value: 0.5, Timestamp: t0}},
	})
	runs := allRuns(t, s, tracking.RunQuery{ExperimentIDs: []string{"0"}, Filter: "params.größe = '1' and metrics.точность = 0.5"})
	assert.Equal(t, []string{"keys"}, runNames(runs))
	runs = allRuns(t, s, tracking.RunQuery{Filter: "attributes.run_name = 'naïve café 日本語 🚀'"})
	assert.Equal(t, []string{"naïve café 日本語 🚀"}, runNames(runs))
}
