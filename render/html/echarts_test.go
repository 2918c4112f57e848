package html_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/render/html"
)

// TestECharts: the files served by the web UI are the pinned library
// (the hash in assets/echarts/README.md) with its notice and licences.
func TestECharts(t *testing.T) {
	f, err := html.ECharts()
	require.NoError(t, err)
	sum := sha256.Sum256(f.Script)
	assert.Equal(t, "bf4a223524e40b77c304bec67e1222cf551f14880cf42c69dc046558e11c07b1", hex.EncodeToString(sum[:]))
	assert.Contains(t, string(f.Script), `version="`+html.EChartsVersion+`"`)
	assert.Contains(t, string(f.Notice), "Apache ECharts")
	assert.Contains(t, string(f.License), "Apache License")
	assert.True(t, strings.Contains(string(f.License), "d3"), "the d3 licence is appended")
	f.Script[0] ^= 0xff
	g, err := html.ECharts()
	require.NoError(t, err)
	assert.NotEqual(t, f.Script[0], g.Script[0], "each call returns its own copy")
}
