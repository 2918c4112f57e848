package server_test

import (
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/tracking"
)

// TestLocalArtifactRoot: runs whose artifacts are in a local folder (a
// store without the proxy's root) are listed and served from it.
func TestLocalArtifactRoot(t *testing.T) {
	ctx := t.Context()
	store, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
	require.NoError(t, err)
	defer store.Close()
	r, err := store.CreateRun(ctx, tracking.RunSpec{StartTime: 1})
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(r.Info.ArtifactURI, "file://"), r.Info.ArtifactURI)
	require.NoError(t, store.LogArtifact(ctx, r.Info.RunID, "plots/roc.png", strings.NewReader("png")))
	require.NoError(t, store.LogArtifact(ctx, r.Info.RunID, "model.txt", strings.NewReader("m")))

	ts := startServer(t, store, server.Options{}) // no proxy at all
	code, body := ts.get(t, "artifacts/list?run_id="+r.Info.RunID)
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"files":[{"path":"model.txt","is_dir":false,"file_size":1},{"path":"plots","is_dir":true}]`)
	code, body = ts.get(t, "artifacts/list?run_id="+r.Info.RunID+"&path=plots")
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"files":[{"path":"plots/roc.png","is_dir":false,"file_size":3}]`)
	code, body = ts.get(t, "artifacts/list?run_id="+r.Info.RunID+"&path=nothing/here")
	require.Equal(t, 200, code, body)
	assert.NotContains(t, body, `"files"`, "a missing folder lists nothing, as in MLflow")
	code, body = ts.get(t, "artifacts/list?run_id="+r.Info.RunID+"&path=../..")
	assert.Equal(t, http.StatusBadRequest, code, body)
	code, body, _ = ts.do(t, http.MethodGet, "/get-artifact?path=plots/roc.png&run_uuid="+r.Info.RunID, "", "")
	require.Equal(t, 200, code, body)
	assert.Equal(t, "png", body)
	code, _, _ = ts.do(t, http.MethodGet, "/get-artifact?path=../../meta.yaml&run_uuid="+r.Info.RunID, "", "")
	assert.Equal(t, http.StatusBadRequest, code)

	// A run behind the proxy, on a server that does not proxy: a clear
	// 400, not a 500.
	proxied := newFileStore(t)
	pr, err := proxied.CreateRun(ctx, tracking.RunSpec{StartTime: 1})
	require.NoError(t, err)
	tp := startServer(t, proxied, server.Options{})
	code, body = tp.get(t, "artifacts/list?run_id="+pr.Info.RunID)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "--no-serve-artifacts")
}
