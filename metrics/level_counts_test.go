package metrics

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// TestLevelCounts: the four tables add up to one count a level, missing
// rows dropped, for every length's remainder of four.
func TestLevelCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	levels := []string{"a", "b", "c"}
	for n := range 13 {
		codes := make([]int32, n)
		want := make([]int, len(levels))
		for i := range codes {
			codes[i] = int32(r.IntN(len(levels)+1)) - 1
			if codes[i] >= 0 {
				want[codes[i]]++
			}
		}
		c, err := dataset.NewCodedColumn("x", dataset.Categorical, slices.Clone(codes), levels)
		if err != nil {
			t.Fatal(err)
		}
		if got := levelCounts(c); !slices.Equal(got, want) {
			t.Errorf("codes %v: levelCounts = %v, want %v", codes, got, want)
		}
	}
}
