package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCountMissingMatchesIsNull(t *testing.T) {
	f := duplicateFrame(t, rand.New(rand.NewPCG(12, 12)), 3000)
	for _, c := range f.Columns() {
		got, want := make([]int32, f.Len()), make([]int32, f.Len())
		countMissing(got, c)
		for i := range want {
			if c.IsNull(i) {
				want[i]++
			}
		}
		if !slices.Equal(got, want) || c.NullN() == 0 {
			t.Errorf("column %s: countMissing differs from IsNull (or the fixture has no missing value)", c.Name())
		}
	}
}
