package dataset_test

import (
	"math"
	"sync"
	"testing"
	"time"

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

// A time column that was not built knowing its range finds it at the first
// Range call, once, whichever goroutines ask (go test -race): the earliest
// and latest present instants.
func TestTimeColumnRangeConcurrent(t *testing.T) {
	at := func(s int64) time.Time { return time.Unix(s, 0) }
	c := dataset.NewTimeColumn("t", []time.Time{at(50), at(-9), at(70), at(20)}, []bool{false, false, true, false})
	var wg sync.WaitGroup
	type bounds struct {
		lo, hi int64
		ok     bool
	}
	got := make([]bounds, 8)
	for i := range got {
		wg.Go(func() {
			lo, hi, ok := c.Range()
			got[i] = bounds{lo, hi, ok}
		})
	}
	wg.Wait()
	for _, b := range got {
		assert.Equal(t, bounds{-9e9, 50e9, true}, b)
	}
}
