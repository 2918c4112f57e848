package dataset_test

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
)

// An integer column writes its float64 values at the first Values call,
// once, whichever goroutine asks first: NaN where missing, the float64 of
// each integer elsewhere.
func TestIntColumnValuesOnce(t *testing.T) {
	c := dataset.NewIntColumn("n", []int64{3, 0, -7, 1 << 60}, []bool{false, true, false, false})
	assert.Equal(t, 4, c.Len())
	assert.Equal(t, "-7", c.Format(2))
	var wg sync.WaitGroup
	got := make([][]float64, 8)
	for i := range got {
		wg.Go(func() { got[i] = c.Values() })
	}
	wg.Wait()
	for _, v := range got {
		assert.Equal(t, 3.0, v[0])
		assert.True(t, math.IsNaN(v[1]))
		assert.Equal(t, -7.0, v[2])
		assert.Equal(t, float64(1<<60), v[3])
		assert.Same(t, &got[0][0], &v[0], "one slice for every caller")
	}
}
