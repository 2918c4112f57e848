package metrics_test

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// Groups of equal columns, constants and sparse one-hot columns agree with
// Evidently's pair counts (quality_refs.json "wide_duplicates", from
// Series.equals and eq().sum()/len over itertools.combinations).
func TestDuplicatedColumnsAgreeWithEvidently(t *testing.T) {
	var d struct {
		Columns   map[string][]any `json:"columns"`
		Order     []string         `json:"order"`
		Dup       [][2]string      `json:"duplicated_pairs"`
		Almost95  [][2]string      `json:"almost_duplicated_pairs_0.95"`
		Almost90  [][2]string      `json:"almost_duplicated_pairs_0.9"`
		Constants []string         `json:"constant_columns"`
	}
	decode(t, qualityRefs(t)["wide_duplicates"], &d)
	var cols []dataset.Column
	for _, name := range d.Order {
		if strings.HasPrefix(name, "label") {
			cols = append(cols, fixtureStrings(name, dataset.Categorical, d.Columns[name]))
		} else {
			cols = append(cols, dataset.NewNumericColumn(name, fixtureFloats(t, d.Columns[name])))
		}
	}
	f := frameOf(t, cols...)
	for _, c := range []struct {
		thr  float64
		want [][2]string
	}{{0.95, d.Almost95}, {0.9, d.Almost90}} {
		res, err := (&metrics.DatasetSummary{AlmostDuplicatedThreshold: c.thr}).Compute(context.Background(), &metrics.Input{Current: f})
		require.NoError(t, err)
		s := res.(*metrics.DatasetSummaryResult).Current
		assert.Equal(t, len(d.Dup), s.DuplicatedColumns, "pairs")
		assert.Equal(t, 4, s.DuplicatedColumnGroups)
		assert.Equal(t, pairGroups(d.Dup), s.Lists.DuplicatedColumns)
		assert.Equal(t, len(c.want), s.AlmostDuplicatedColumns, "thr %v", c.thr)
		assert.Equal(t, c.want, s.Lists.AlmostDuplicatedColumns, "thr %v", c.thr)
		assert.ElementsMatch(t, d.Constants, s.Lists.ConstantColumns)
	}
}

// wideFrame is n columns of rows rows: constant columns (all one value
// when one is true, else value i%7), or one-hot columns (a 1 in row i%rows).
func wideFrame(t testing.TB, n, rows int, kind string) *dataset.Frame {
	cols := make([]dataset.Column, n)
	for i := range cols {
		v := make([]float64, rows)
		switch kind {
		case "constant":
		case "constants":
			for r := range v {
				v[r] = float64(i % 7)
			}
		case "distinct":
			for r := range v {
				v[r] = float64(i)
			}
		case "onehot":
			v[i%rows] = 1
		}
		cols[i] = dataset.NewNumericColumn("c"+strconv.Itoa(i), v)
	}
	f, err := dataset.New("wide", cols...)
	require.NoError(t, err)
	return f
}

// Issue 17.5: 3,000 constant columns of 100 rows took 86 s and 7.1 GB
// (4.5 million pairs listed twice per side); 10,000 ran out of memory.
// Equal columns are grouped in linear time, and the lists are capped.
// The test runs under a memory limit (the GC works to stay under it, so a
// quadratic list fails the heap check instead of eating the machine).
func TestWideDuplicatedColumnsAreLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wide frames")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(512 << 20))
	for _, c := range []struct {
		n           int
		kind        string
		groups      int
		exactPairs  int
		almostPairs int
	}{
		{3000, "constant", 1, 3000 * 2999 / 2, 3000 * 2999 / 2},
		{10000, "constant", 1, 10000 * 9999 / 2, 10000 * 9999 / 2},
		{10000, "constants", 7, 7 * (1429 * 1428 / 2), 7 * (1429 * 1428 / 2)},
		// One-hot columns of 100 rows: column i is equal to column i+100;
		// any two differ in at most 2 rows of 100, within 5%.
		{3000, "onehot", 100, 100 * (30 * 29 / 2), 3000 * 2999 / 2},
		// Each column another constant: no pair is equal, and the modes
		// say so without a scan of the 50 million pairs.
		{10000, "distinct", 0, 0, 0},
	} {
		if c.kind == "constants" {
			// 10,000 % 7: groups of 1429 and 1428.
			c.exactPairs = 4*(1429*1428/2) + 3*(1428*1427/2)
			c.almostPairs = c.exactPairs
		}
		f := wideFrame(t, c.n, 100, c.kind)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		res, err := (&metrics.DatasetSummary{}).Compute(context.Background(), &metrics.Input{Current: f, Reference: f, Cache: &metrics.Cache{}})
		elapsed := time.Since(start)
		require.NoError(t, err)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		s := res.(*metrics.DatasetSummaryResult).Current
		name := fmt.Sprintf("%d %s columns", c.n, c.kind)
		assert.Equal(t, c.groups, s.DuplicatedColumnGroups, name)
		assert.Equal(t, c.exactPairs, s.DuplicatedColumns, name)
		assert.Equal(t, c.almostPairs, s.AlmostDuplicatedColumns, name)
		assert.LessOrEqual(t, len(s.Lists.DuplicatedColumns), 100, name)
		assert.Len(t, s.Lists.AlmostDuplicatedColumns, min(100, c.almostPairs), name)
		// Generous bounds for a loaded 2-core machine: the quadratic
		// version took 86 s for 3,000 columns.
		assert.Less(t, elapsed, 20*time.Second, name)
		allocated := after.TotalAlloc - before.TotalAlloc
		assert.Less(t, allocated, uint64(400<<20), "%s: %d MB allocated", name, allocated>>20)
		t.Logf("%s: %v, %d MB allocated", name, elapsed.Round(time.Millisecond), allocated>>20)
	}
}
