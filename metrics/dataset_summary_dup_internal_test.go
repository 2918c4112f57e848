package metrics

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// bruteDuplicates is the pairwise definition duplicatedColumns replaces:
// every pair of columns of one type, scanned in full.
func bruteDuplicates(f *dataset.Frame, thr float64) (exact int, almost [][2]int) {
	cols, rows := f.Columns(), f.Len()
	allowed := rows - int(math.Ceil(thr*float64(rows)-1e-9))
	for i, a := range cols {
		for j := i + 1; j < len(cols); j++ {
			b := cols[j]
			if a.Type() != b.Type() {
				continue
			}
			eq := pairEqual(a, b)
			same, mismatches := true, 0
			for r := range rows {
				e, both := eq(r)
				if !e && !both {
					same = false
				}
				if !e {
					mismatches++
				}
			}
			if same {
				exact++
			}
			if mismatches <= allowed {
				almost = append(almost, [2]int{i, j})
			}
		}
	}
	return exact, almost
}

// randomWideFrame mixes the columns the bounds treat apart: constants,
// sparse columns over a shared mode, copies, columns with missing values
// and -0, categories, times and all-missing columns.
func randomWideFrame(t *testing.T, rng *rand.Rand, n, rows int) *dataset.Frame {
	var cols []dataset.Column
	for i := range n {
		name := "c" + strconv.Itoa(i)
		switch k := rng.IntN(7); {
		case k == 6 && len(cols) > 0:
			// A copy of an earlier column, renamed.
			switch c := cols[rng.IntN(len(cols))].(type) {
			case *dataset.NumericColumn:
				cols = append(cols, dataset.NewNumericColumn(name, append([]float64(nil), c.Values()...)))
			case *dataset.StringColumn:
				vals, nulls := make([]string, rows), make([]bool, rows)
				for r, code := range c.Codes() {
					if code < 0 {
						nulls[r] = true
					} else {
						vals[r] = c.Levels()[code]
					}
				}
				cols = append(cols, dataset.NewStringColumn(name, c.Type(), vals, nulls))
			default:
				cols = append(cols, dataset.NewNumericColumn(name, make([]float64, rows)))
			}
		case k == 5:
			vals, nulls := make([]string, rows), make([]bool, rows)
			for r := range vals {
				vals[r] = []string{"a", "b", "c"}[min(rng.IntN(8), 2)/2*rng.IntN(2)]
				nulls[r] = rng.IntN(15) == 0
			}
			cols = append(cols, dataset.NewStringColumn(name, dataset.Categorical, vals, nulls))
		default:
			mode := float64(rng.IntN(3))
			v := make([]float64, rows)
			for r := range v {
				v[r] = mode
				switch x := rng.IntN(20); {
				case k == 0: // constant
				case x == 0:
					v[r] = math.NaN()
				case x == 1 && mode == 0:
					v[r] = math.Copysign(0, -1)
				case x < 2+k:
					v[r] = float64(rng.IntN(4))
				}
			}
			if rng.IntN(12) == 0 {
				for r := range v {
					v[r] = math.NaN()
				}
			}
			cols = append(cols, dataset.NewNumericColumn(name, v))
		}
	}
	f, err := dataset.New("random", cols...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// The grouped, bounded computation finds exactly the pairs the pairwise
// scan finds, on random frames built to hit every bound.
func TestDuplicatedColumnsMatchPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 5))
	for trial := range 300 {
		rows := 1 + rng.IntN(40)
		f := randomWideFrame(t, rng, 2+rng.IntN(25), rows)
		stats := make([]*ColumnStats, f.NumColumns())
		for i, c := range f.Columns() {
			stats[i] = computeStats(nil, f, c)
		}
		for _, thr := range []float64{0.5, 0.8, 0.95, 1} {
			d := duplicatedColumns(f, stats, thr)
			exact, almost := bruteDuplicates(f, thr)
			if d.exactPairs != exact {
				t.Fatalf("trial %d thr %v: %d equal pairs, want %d", trial, thr, d.exactPairs, exact)
			}
			if d.almostPairs != len(almost) {
				t.Fatalf("trial %d thr %v: %d almost equal pairs, want %d", trial, thr, d.almostPairs, len(almost))
			}
			if len(almost) <= maxListed {
				for k, p := range almost {
					want := [2]string{f.Columns()[p[0]].Name(), f.Columns()[p[1]].Name()}
					if d.almost[k] != want {
						t.Fatalf("trial %d thr %v: pair %d is %v, want %v", trial, thr, k, d.almost[k], want)
					}
				}
			}
		}
	}
}
