package metrics

import (
	"math"

	"github.com/telltale-ml/telltale/dataset"
)

// duplicatedColumns returns the pairs of columns that are equal, and those
// equal in at least thr of the rows (see DatasetSummary).
func duplicatedColumns(f *dataset.Frame, thr float64) (exact, almost [][2]string) {
	exact, almost = [][2]string{}, [][2]string{}
	cols, rows := f.Columns(), f.Len()
	if rows == 0 {
		return exact, almost
	}
	allowed := rows - int(math.Ceil(thr*float64(rows)-1e-9)) // mismatches allowed for "almost"
	for i, a := range cols {
		for _, b := range cols[i+1:] {
			if a.Type() != b.Type() {
				continue
			}
			eq := pairEqual(a, b)
			same, mismatches := true, 0
			for r := 0; r < rows; r++ {
				e, bothMissing := eq(r)
				if !e && !bothMissing {
					same = false
				}
				if !e || bothMissing {
					mismatches++
					if mismatches > allowed && !same {
						break
					}
				}
			}
			if same {
				exact = append(exact, [2]string{a.Name(), b.Name()})
			}
			if mismatches <= allowed {
				almost = append(almost, [2]string{a.Name(), b.Name()})
			}
		}
	}
	return exact, almost
}

// pairEqual returns a function telling, for row r, whether a and b hold
// the same present value, and whether both are missing.
func pairEqual(a, b dataset.Column) func(r int) (equal, bothMissing bool) {
	switch a := a.(type) {
	case *dataset.StringColumn:
		b := b.(*dataset.StringColumn)
		index := make(map[string]int32, len(b.Levels()))
		for k, l := range b.Levels() {
			index[l] = int32(k)
		}
		toB := make([]int32, len(a.Levels()))
		for k, l := range a.Levels() {
			if kb, ok := index[l]; ok {
				toB[k] = kb
			} else {
				toB[k] = -2
			}
		}
		ca, cb := a.Codes(), b.Codes()
		return func(r int) (bool, bool) {
			if ca[r] < 0 || cb[r] < 0 {
				return false, ca[r] < 0 && cb[r] < 0
			}
			return toB[ca[r]] == cb[r], false
		}
	default:
		return func(r int) (bool, bool) {
			na, nb := a.IsNull(r), b.IsNull(r)
			if na || nb {
				return false, na && nb
			}
			return cellsEqual2(a, b, r), false
		}
	}
}

// cellsEqual2 compares row r of two numerical or two datetime columns.
func cellsEqual2(a, b dataset.Column, r int) bool {
	switch a := a.(type) {
	case *dataset.NumericColumn:
		return a.Values()[r] == b.(*dataset.NumericColumn).Values()[r]
	case *dataset.TimeColumn:
		return a.UnixNanos()[r] == b.(*dataset.TimeColumn).UnixNanos()[r]
	}
	return false
}
