package metrics

import (
	"math"
	"unsafe"

	"github.com/telltale-ml/telltale/internal/radixsort"
)

// sortFloatsRadix returns the finite values of vals (NaN and ±Inf
// dropped) in ascending order, -0 before +0, and the number of NaN and of
// infinite values dropped.
func sortFloatsRadix(vals []float64) (sorted []float64, nan, inf int) {
	keys := make([]uint64, 0, len(vals))
	for _, v := range vals {
		switch {
		case v != v:
			nan++
		case math.IsInf(v, 0):
			inf++
		default:
			keys = append(keys, radixsort.FloatKey(v))
		}
	}
	if len(keys) == 0 {
		return []float64{}, nan, inf
	}
	buf := make([]uint64, len(keys))
	keys = radixsort.Sort(keys, buf)
	// The sorted keys become the floats in place: both are 8 bytes without
	// pointers, and each key is read before its slot is written.
	sorted = unsafe.Slice((*float64)(unsafe.Pointer(unsafe.SliceData(keys))), len(keys))
	for i, k := range keys {
		sorted[i] = radixsort.KeyFloat(k)
	}
	return sorted, nan, inf
}
