package ui_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking/backend"
)

// TestOverATrackingServer: the UI over a store that is a tracking server
// (telltale ui --track http://...) pages, filters and sorts as over the
// store itself: MLflow's page tokens go through the REST API unchanged.
func TestOverATrackingServer(t *testing.T) {
	f, exp := monitoringStore(t, 10)
	srv, err := server.New(f.store, server.Options{})
	require.NoError(t, err)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	remote, err := backend.Open(context.Background(), hs.URL, backend.Options{MustExist: true})
	require.NoError(t, err)
	defer remote.Close()

	local, viaREST := newUI(t, f.store, ui.Options{}), newUI(t, remote, ui.Options{})
	for _, target := range []string{
		"/experiments/" + exp + "?per=3&offset=3",
		"/experiments/" + exp + "?per=4&offset=8&sort=metrics.share_of_drifted_columns&dir=asc",
		"/experiments/" + exp + "?" + q("filter", "metrics.tests_fail > 0", "per", "2", "offset", "2"),
	} {
		want, got := get(t, local, target), get(t, viaREST, target)
		assert.Equal(t, want.code, got.code, target)
		assert.NotEmpty(t, runsOf(want.body), target)
		assert.Equal(t, runsOf(want.body), runsOf(got.body), target)
		assert.Equal(t, relLink(want.body, "next") != "", relLink(got.body, "next") != "", target)
	}
	p := get(t, viaREST, "/experiments/"+exp+"/dashboard")
	has(t, p.body, `<span class="runs-count">10 runs</span>`)
	p = get(t, viaREST, "/experiments/"+exp+"?"+q("filter", "metrics.x >"))
	assert.Equal(t, 400, p.code, "the server's INVALID_PARAMETER_VALUE is a bad filter")
	has(t, p.body, `id="filter-error"`)
}
