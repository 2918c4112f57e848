package dataset_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
)

// TestDistinctMatchesMap counts distinct values of columns long enough for
// the radix sort (ties, NaN, ±0, ±Inf, nulls, negative integers and times)
// against a map.
func TestDistinctMatchesMap(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	const n = 20_000
	floats := make([]float64, n)
	wantF := map[float64]bool{}
	for i := range floats {
		switch r.IntN(8) {
		case 0:
			floats[i] = math.NaN()
		case 1:
			floats[i] = math.Inf(1 - 2*r.IntN(2))
		case 2:
			floats[i] = math.Copysign(0, -1)
		case 3:
			floats[i] = r.NormFloat64() * 1e300
		default:
			floats[i] = float64(r.IntN(5000)-2500) / 8
		}
		if !math.IsNaN(floats[i]) {
			wantF[floats[i]] = true // the map keys -0 and +0 as one
		}
	}
	assert.Equal(t, len(wantF), dataset.Distinct(dataset.NewNumericColumn("f", floats)))

	ints := make([]int64, n)
	times := make([]time.Time, n)
	nulls := make([]bool, n)
	wantI := map[int64]bool{}
	for i := range ints {
		ints[i] = r.Int64N(3000) - 1500
		if r.IntN(3) == 0 {
			ints[i] <<= 50
		}
		times[i] = time.Unix(0, ints[i]).UTC()
		nulls[i] = r.IntN(10) == 0
		if !nulls[i] {
			wantI[ints[i]] = true
		}
	}
	assert.Equal(t, len(wantI), dataset.Distinct(dataset.NewIntColumn("i", ints, nulls)))
	assert.Equal(t, len(wantI), dataset.Distinct(dataset.NewTimeColumn("t", times, nulls)))
}
