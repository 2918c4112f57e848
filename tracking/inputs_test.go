package tracking_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/tracking"
)

// LogInputs writes MLflow's layout (FileStore.log_inputs): the dataset
// once per experiment, under the md5 of its name and digest, and one input
// per run, under the md5 of the dataset id and the run id. The ids were
// computed with Python's hashlib:
//
//	d = hashlib.md5(b"name1"); d.update(b"digest1"); d.hexdigest()
//	i = hashlib.md5(d.hexdigest().encode()); i.update(run_id.encode()); i.hexdigest()
func TestLogInputsLayout(t *testing.T) {
	ctx := t.Context()
	s, err := tracking.OpenWith(t.TempDir(), tracking.Options{Rand: &countingRand{}})
	require.NoError(t, err)
	defer s.Close()
	r, err := tracking.StartRun(ctx, s, "0", "r", nil)
	require.NoError(t, err)
	in := tracking.DatasetInput{
		Dataset: tracking.Dataset{Name: "name1", Digest: "digest1", SourceType: "st1", Source: "source1", Schema: "schema1"},
		Tags:    map[string]string{tracking.TagDatasetContext: "train"},
	}
	require.NoError(t, s.LogInputs(ctx, r.ID(), []tracking.DatasetInput{in}))
	require.NoError(t, s.LogInputs(ctx, r.ID(), []tracking.DatasetInput{in}), "logging the same dataset again does nothing")

	const dsID = "d1640af075f0180d403e5ea980f8671c"
	ds, err := os.ReadFile(filepath.Join(s.Dir(), "0", "datasets", dsID, "meta.yaml"))
	require.NoError(t, err)
	var dm map[string]any
	require.NoError(t, yaml.Unmarshal(ds, &dm))
	assert.Equal(t, map[string]any{"digest": "digest1", "name": "name1", "profile": nil, "schema": "schema1",
		"source": "source1", "source_type": "st1"}, dm)

	entries, err := os.ReadDir(filepath.Join(s.Dir(), "0", r.ID(), "inputs"))
	require.NoError(t, err)
	require.Len(t, entries, 1)
	im, err := os.ReadFile(filepath.Join(s.Dir(), "0", r.ID(), "inputs", entries[0].Name(), "meta.yaml"))
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, yaml.Unmarshal(im, &m))
	assert.Equal(t, map[string]any{"destination_id": dsID, "destination_type": "RUN", "source_id": dsID,
		"source_type": "DATASET", "tags": map[string]any{"mlflow.data.context": "train"}}, m)

	got, err := s.GetRun(ctx, r.ID())
	require.NoError(t, err)
	assert.Equal(t, []tracking.DatasetInput{in}, got.Inputs)
}
