package backend_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		uri  string
		kind backend.Kind
		path string
	}{
		{"./mlruns", backend.File, "./mlruns"},
		{"mlruns", backend.File, "mlruns"},
		{"/data/mlruns", backend.File, "/data/mlruns"},
		{"file:///data/mlruns", backend.File, "/data/mlruns"},
		{"file:./mlruns", backend.File, "./mlruns"},
		{"sqlite:///mlflow.db", backend.SQLite, "mlflow.db"},
		{"sqlite:///sub/dir/mlflow.db", backend.SQLite, "sub/dir/mlflow.db"},
		{"sqlite:////abs/mlflow.db", backend.SQLite, "/abs/mlflow.db"},
		{"sqlite:///my%20runs.db", backend.SQLite, "my runs.db"},
		{"sqlite://", backend.SQLite, ":memory:"},
		{"sqlite:///:memory:", backend.SQLite, ":memory:"},
		{"postgresql://ml:pw@db:5432/mlflow", backend.PostgreSQL, ""},
		{"postgresql+psycopg2://ml:pw@db/mlflow?sslmode=disable", backend.PostgreSQL, ""},
		{"postgres://ml@db/mlflow", backend.PostgreSQL, ""},
		{"mysql://ml:pw@db:3306/mlflow", backend.MySQL, ""},
		{"mysql+pymysql://ml:pw@db/mlflow?charset=utf8mb4", backend.MySQL, ""},
		{"http://127.0.0.1:5000", backend.HTTP, ""},
		{"https://tracking.example.com/prefix", backend.HTTP, ""},
	} {
		loc, err := backend.Parse(c.uri)
		require.NoError(t, err, c.uri)
		assert.Equal(t, c.kind, loc.Kind, c.uri)
		assert.Equal(t, filepath.FromSlash(c.path), loc.Path, c.uri)
	}
	for _, bad := range []string{
		"", "sqlite:relative.db", "sqlite://host/x.db", "sqlite:///x.db?mode=ro",
		"postgresql://ml:s3cret@db", "mysql://ml:s3cret@db/", "s3://bucket/mlruns", "http://",
		"postgresql://ml:s3cr%zz@db/mlflow",
	} {
		_, err := backend.Parse(bad)
		assert.ErrorIs(t, err, tracking.ErrInvalid, bad)
		if err != nil {
			assert.NotContains(t, err.Error(), "s3cr", bad)
		}
	}
}

func TestResolve(t *testing.T) {
	env := map[string]string{}
	get := func(k string) string { return env[k] }
	uri, from := backend.Resolve("", "./mlruns", get)
	assert.Equal(t, []string{"./mlruns", "default"}, []string{uri, from})
	env[backend.EnvMLflow] = "sqlite:///m.db"
	uri, from = backend.Resolve("", "./mlruns", get)
	assert.Equal(t, []string{"sqlite:///m.db", backend.EnvMLflow}, []string{uri, from})
	env[backend.EnvTelltale] = "sqlite:///t.db"
	uri, from = backend.Resolve("", "./mlruns", get)
	assert.Equal(t, []string{"sqlite:///t.db", backend.EnvTelltale}, []string{uri, from})
	uri, from = backend.Resolve("/flag", "./mlruns", get)
	assert.Equal(t, []string{"/flag", "--track"}, []string{uri, from})
}

func TestOpenFileStore(t *testing.T) {
	ctx := t.Context()
	dir := filepath.Join(t.TempDir(), "mlruns")
	_, err := backend.Open(ctx, dir, backend.Options{MustExist: true})
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	s, err := backend.Open(ctx, "file://"+dir, backend.Options{})
	require.NoError(t, err)
	defer s.Close()
	e, err := s.GetExperiment(ctx, tracking.DefaultExperimentID)
	require.NoError(t, err)
	assert.Equal(t, tracking.DefaultExperimentName, e.Name)
}

func TestOpenSQLite(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := backend.Open(ctx, "sqlite:///sub/mlflow.db", backend.Options{MustExist: true})
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	s, err := backend.Open(ctx, "sqlite:///sub/mlflow.db", backend.Options{})
	require.NoError(t, err)
	assert.FileExists(t, filepath.Join(dir, "sub", "mlflow.db"))
	e, err := s.GetExperiment(ctx, tracking.DefaultExperimentID)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "mlruns", "0"), e.ArtifactLocation, "./mlruns made absolute, as MLflow")
	require.NoError(t, s.Close())

	abs := filepath.Join(dir, "abs.db")
	s, err = backend.Open(ctx, "sqlite:///"+abs, backend.Options{ArtifactRoot: filepath.Join(dir, "art")})
	require.NoError(t, err)
	defer s.Close()
	e, err = s.GetExperiment(ctx, tracking.DefaultExperimentID)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "art", "0"), e.ArtifactLocation)
	assert.Equal(t, "sqlite:///"+abs, s.URI())
}

func TestOpenRedactsPassword(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	for _, uri := range []string{
		"postgresql://ml:s3cretpw@127.0.0.1:1/mlflow?connect_timeout=2",
		"mysql://ml:s3cretpw@127.0.0.1:1/mlflow",
	} {
		_, err := backend.Open(ctx, uri, backend.Options{})
		require.Error(t, err, uri)
		assert.NotContains(t, err.Error(), "s3cretpw", uri)
		assert.Contains(t, err.Error(), "***", uri)
	}
}
