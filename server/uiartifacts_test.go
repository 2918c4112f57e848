package server_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
)

// TestArtifactsForTheUI: ListArtifacts and OpenArtifact read a run's
// files where the server keeps them, the proxy's destination for
// mlflow-artifacts: locations, with paths relative to the run.
func TestArtifactsForTheUI(t *testing.T) {
	ctx := context.Background()
	store := newFileStore(t)
	dest := t.TempDir()
	srv, err := server.New(store, server.Options{ServeArtifacts: true, ArtifactsDestination: dest})
	require.NoError(t, err)
	exp, err := store.CreateExperiment(ctx, "proxied", "mlflow-artifacts:/proxied", nil)
	require.NoError(t, err)
	run, err := store.CreateRun(ctx, tracking.RunSpec{ExperimentID: exp})
	require.NoError(t, err)
	id := run.Info.RunID

	list, err := srv.ListArtifacts(ctx, id, "")
	require.NoError(t, err)
	assert.Empty(t, list, "no files yet, no folder yet: an empty list")

	folder := tracking.ArtifactFolder{Dir: dest}
	rel := strings.TrimPrefix(run.Info.ArtifactURI, "mlflow-artifacts:/")
	require.NoError(t, folder.Write(rel+"/reports/telltale.html", strings.NewReader("<p>report</p>")))
	list, err = srv.ListArtifacts(ctx, id, "")
	require.NoError(t, err)
	assert.Equal(t, []tracking.ArtifactInfo{{Path: "reports", IsDir: true}}, list)
	list, err = srv.ListArtifacts(ctx, id, "reports")
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "reports/telltale.html", list[0].Path)
	rc, err := srv.OpenArtifact(ctx, id, "reports/telltale.html")
	require.NoError(t, err)
	b, _ := io.ReadAll(rc)
	rc.Close()
	assert.Equal(t, "<p>report</p>", string(b))

	_, err = srv.ListArtifacts(ctx, id, "reports/telltale.html")
	assert.ErrorIs(t, err, tracking.ErrInvalid)
	for _, bad := range []string{"../x", "/etc/passwd", ""} {
		_, err = srv.OpenArtifact(ctx, id, bad)
		assert.ErrorIs(t, err, tracking.ErrInvalid, bad)
	}
	_, err = srv.OpenArtifact(ctx, id, "missing.txt")
	assert.ErrorIs(t, err, tracking.ErrNotFound)
	_, err = srv.ListArtifacts(ctx, strings.Repeat("0", 32), "")
	assert.ErrorIs(t, err, tracking.ErrNotFound)

	off, err := server.New(store, server.Options{ServeArtifacts: false})
	require.NoError(t, err)
	_, err = off.ListArtifacts(ctx, id, "")
	assert.ErrorIs(t, err, tracking.ErrInvalid, "the proxy is off: an mlflow-artifacts: location cannot be read")
}
