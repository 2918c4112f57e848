package report_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// yamlBlocks returns the ```yaml blocks of a Markdown file.
func yamlBlocks(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, part := range strings.Split(string(b), "```yaml\n")[1:] {
		block, _, ok := strings.Cut(part, "```")
		require.True(t, ok, "unclosed block in %s", path)
		out = append(out, block)
	}
	return out
}

// The configs of docs/migrating-from-evidently.md parse, and the report
// written with Evidently's names is the one written with telltale's.
func TestMigrationGuideConfigsParse(t *testing.T) {
	blocks := yamlBlocks(t, "../docs/migrating-from-evidently.md")
	require.Len(t, blocks, 4)
	var cfgs []*report.Config
	for i, b := range blocks {
		prefer := presets.MetricPreset
		if i == 2 {
			prefer = presets.TestPreset
		}
		c, err := report.ParseConfig("guide.yaml", []byte(b), "", prefer)
		require.NoError(t, err, "block %d:\n%s", i, b)
		cfgs = append(cfgs, c)
	}
	evidently, telltale := cfgs[0], cfgs[1]
	assert.NotEmpty(t, evidently.Notes)
	assert.Empty(t, telltale.Notes)
	assert.Equal(t, telltale.Mapping, evidently.Mapping)
	assert.Equal(t, telltale.Presets, evidently.Presets)
	require.Len(t, evidently.Metrics, len(telltale.Metrics))
	for i := range evidently.Metrics {
		a, err := metrics.ID(evidently.Metrics[i])
		require.NoError(t, err)
		b, err := metrics.ID(telltale.Metrics[i])
		require.NoError(t, err)
		assert.Equal(t, b, a)
	}
	suite := cfgs[2]
	require.Len(t, suite.Tests, 4)
	assert.False(t, suite.Tests[1].(interface{ Critical() bool }).Critical(), "is_critical: false")
	text := cfgs[3]
	require.Len(t, text.Descriptors, 3)
	require.Len(t, text.Tests, 2)
	assert.Equal(t, "text-evals", text.Presets[0].Name())
}
