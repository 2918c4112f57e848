package tracking_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func TestArtifactRootURI(t *testing.T) {
	abs, err := filepath.Abs("art")
	require.NoError(t, err)
	for in, want := range map[string]string{
		"mlflow-artifacts:/":            "mlflow-artifacts:",
		"mlflow-artifacts://host:5000/": "mlflow-artifacts://host:5000",
		"s3://bucket/prefix/":           "s3://bucket/prefix",
		"/data/art/":                    "file:///data/art",
		"file:///data/art":              "file:///data/art",
		"art":                           "file://" + filepath.ToSlash(abs),
	} {
		got, err := tracking.ArtifactRootURI(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
	for _, bad := range []string{"", "s3://bucket/x?y=1", "s3://bucket/x#frag", "file://remote/x"} {
		_, err := tracking.ArtifactRootURI(bad)
		assert.ErrorIs(t, err, tracking.ErrInvalid, bad)
	}
}

// TestFileStoreArtifactRoot: experiments get <root>/<id>, the Default
// experiment of a new store too, and runs <root>/<id>/<run>/artifacts, as
// MLflow's server with --default-artifact-root or the artifact proxy.
func TestFileStoreArtifactRoot(t *testing.T) {
	ctx := t.Context()
	s, err := tracking.OpenWith(filepath.Join(t.TempDir(), "mlruns"), tracking.Options{ArtifactRoot: "mlflow-artifacts:/"})
	require.NoError(t, err)
	defer s.Close()
	def, err := s.GetExperiment(ctx, tracking.DefaultExperimentID)
	require.NoError(t, err)
	assert.Equal(t, "mlflow-artifacts:/0", def.ArtifactLocation)
	id, err := s.CreateExperiment(ctx, "x", "", nil)
	require.NoError(t, err)
	e, err := s.GetExperiment(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "mlflow-artifacts:/"+id, e.ArtifactLocation)
	r, err := s.CreateRun(ctx, tracking.RunSpec{ExperimentID: id})
	require.NoError(t, err)
	assert.Equal(t, "mlflow-artifacts:/"+id+"/"+r.Info.RunID+"/artifacts", r.Info.ArtifactURI)
	// The store cannot write there itself: it says so.
	err = s.LogArtifact(ctx, r.Info.RunID, "a.txt", nil)
	assert.ErrorIs(t, err, tracking.ErrInvalid)

	// A location given at creation: a URI is kept, a path made absolute.
	id2, err := s.CreateExperiment(ctx, "on-s3", "s3://bucket/exp/", nil)
	require.NoError(t, err)
	e, err = s.GetExperiment(ctx, id2)
	require.NoError(t, err)
	assert.Equal(t, "s3://bucket/exp", e.ArtifactLocation)
	_, err = s.CreateExperiment(ctx, "bad", "s3://bucket/exp?x=1", nil)
	assert.ErrorIs(t, err, tracking.ErrInvalid)
}

// TestLocalPathRefusesURIs: a URI is never taken for a relative path
// (mlflow-artifacts:/x would otherwise become ./mlflow-artifacts:/x).
func TestLocalPathRefusesURIs(t *testing.T) {
	for _, u := range []string{"mlflow-artifacts:/1/r", "s3://b/x", "sqlite:///m.db", "http://h"} {
		_, err := tracking.LocalPath(u)
		assert.ErrorIs(t, err, tracking.ErrInvalid, u)
	}
	for in, want := range map[string]string{"./mlruns": "./mlruns", "C:/mlruns": "C:/mlruns", "a.b:c/d": "a.b:c/d", "file:///x/y": "/x/y"} {
		got, err := tracking.LocalPath(in)
		require.NoError(t, err, in)
		assert.Equal(t, filepath.FromSlash(want), got, in)
	}
}
