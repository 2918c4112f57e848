package tests_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

// driftFrames returns 60 rows where "same" has the same values on both
// sides and "moved" is shifted far in the current data.
func driftFrames(t *testing.T) (*dataset.Frame, *dataset.Frame) {
	t.Helper()
	n := 60
	same, moved, moved2 := make([]float64, n), make([]float64, n), make([]float64, n)
	curMoved, curMoved2 := make([]float64, n), make([]float64, n)
	for i := range same {
		same[i] = float64(i % 17)
		moved[i] = float64(i)
		moved2[i] = float64(i % 13)
		curMoved[i] = float64(i) + 1000
		curMoved2[i] = float64(i%13) - 500
	}
	ref, err := dataset.New("ref.csv", dataset.NewNumericColumn("same", same), dataset.NewNumericColumn("moved", moved), dataset.NewNumericColumn("moved2", moved2))
	require.NoError(t, err)
	cur, err := dataset.New("cur.csv", dataset.NewNumericColumn("same", same), dataset.NewNumericColumn("moved", curMoved), dataset.NewNumericColumn("moved2", curMoved2))
	require.NoError(t, err)
	return ref, cur
}

func runSuite(t *testing.T, r *report.Report, ref, cur *dataset.Frame) *report.Snapshot {
	t.Helper()
	s, err := r.Run(context.Background(), report.Data{Reference: ref, Current: cur}, nil)
	require.NoError(t, err)
	return s
}

func TestDriftTests(t *testing.T) {
	ref, cur := driftFrames(t)
	notCritical := false
	r := &report.Report{Tests: []tests.Test{
		&tests.ShareOfDriftedColumns{}, // auto: < 0.3; 2 of 3 drift
		&tests.ShareOfDriftedColumns{Base: tests.Base{Condition: tests.Condition{Lte: tests.Ptr(0.7)}}},
		&tests.ShareOfDriftedColumns{Base: tests.Base{IsCritical: &notCritical}},
		&tests.NumberOfDriftedColumns{}, // auto: < max(1, 3/3) = 1
		&tests.ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: "same"}},
		&tests.ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: "moved"}},
		&tests.ColumnDrift{ColumnDrift: metrics.ColumnDrift{Column: "nope"}},
	}}
	s := runSuite(t, r, ref, cur)
	require.Len(t, s.Tests, 7)
	want := []tests.Status{tests.Fail, tests.Success, tests.Warning, tests.Fail, tests.Success, tests.Fail, tests.Error}
	for i, o := range s.Tests {
		assert.Equal(t, want[i], o.Status, "test %d: %s", i, o.Description)
	}
	assert.Equal(t, "Share of drifted columns is 0.6667; expected < 0.3 (2 of 3 columns drifted)", s.Tests[0].Description)
	assert.Equal(t, "Number of drifted columns is 2; expected < 1 (of 3 columns)", s.Tests[3].Description)
	assert.Contains(t, s.Tests[5].Description, "Drift detected for column moved: K-S p_value is")
	assert.Contains(t, s.Tests[6].Description, "failed")
	assert.Equal(t, "ShareOfDriftedColumns#2", s.Tests[1].ID)

	// Three tests read DataDrift with the same options: computed once.
	n := 0
	for _, m := range s.Metrics {
		if m.Metric == "DataDrift" {
			n++
		}
	}
	assert.Equal(t, 1, n)
	assert.Equal(t, 3, s.Summary.Fail)
	assert.Equal(t, 1, s.Summary.Error)
	assert.True(t, s.Summary.Failed)
}

func TestDriftShareOptionSetsTheAutoCondition(t *testing.T) {
	ref, cur := driftFrames(t)
	s := runSuite(t, &report.Report{Tests: []tests.Test{&tests.ShareOfDriftedColumns{}}}, ref, cur)
	require.NotNil(t, s.Tests[0].Condition)
	assert.InDelta(t, 0.3, *s.Tests[0].Condition.Lt, 0)

	share := 0.8
	s = runSuite(t, &report.Report{Tests: []tests.Test{
		&tests.ShareOfDriftedColumns{DriftMetric: tests.DriftMetric{DriftShare: &share}},
	}}, ref, cur)
	require.NotNil(t, s.Tests[0].Condition)
	assert.InDelta(t, 0.8, *s.Tests[0].Condition.Lt, 0)
	assert.Equal(t, tests.Success, s.Tests[0].Status, "2/3 < 0.8")
}

func TestAllFeaturesValueDriftGenerates(t *testing.T) {
	ref, cur := driftFrames(t)
	s := runSuite(t, &report.Report{Generators: []tests.Generator{&tests.AllFeaturesValueDrift{}}}, ref, cur)
	require.Len(t, s.Tests, 3, "one test per column")
	assert.Equal(t, tests.Success, s.Tests[0].Status)
	assert.Equal(t, tests.Fail, s.Tests[1].Status)
	assert.Equal(t, tests.Fail, s.Tests[2].Status)
	assert.Len(t, s.Metrics, 3, "one ColumnDrift per column")

	s = runSuite(t, &report.Report{Generators: []tests.Generator{&tests.CustomFeaturesValueDrift{Features: []string{"moved"}}}}, ref, cur)
	require.Len(t, s.Tests, 1)
	assert.Equal(t, tests.Fail, s.Tests[0].Status)

	for _, name := range []string{"AllFeaturesValueDrift", "CustomFeaturesValueDrift"} {
		assert.Contains(t, tests.GeneratorCatalog(), name)
	}
	for _, name := range []string{"ShareOfDriftedColumns", "NumberOfDriftedColumns", "ColumnDrift"} {
		assert.Contains(t, tests.Catalog(), name)
	}
}
