package metrics

import (
	"cmp"
	"slices"
)

// maxBars is the number of categories a bar chart shows; the rest are
// summed into one "other" bar, so that a column of hundreds of categories
// stays readable.
const maxBars = 20

// topCategories keeps the maxBars categories with the largest pooled value
// (the sum over sides; ties keep their order) and sums the rest of each
// side, with that side's already folded value in other[i], into a last
// category "other". The "other" bar is there when categories were folded
// here or before (folded).
func topCategories(cats []string, sides [][]float64, other []float64, folded bool) ([]string, [][]Float) {
	order := make([]int, len(cats))
	for i := range order {
		order[i] = i
	}
	pooled := func(i int) float64 {
		t := 0.0
		for _, s := range sides {
			t += s[i]
		}
		return t
	}
	if len(cats) > maxBars {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(pooled(b), pooled(a)) })
		slices.Sort(order[:maxBars]) // the kept ones in their original order
		folded = true
	}
	keep := order[:min(len(order), maxBars)]
	names := make([]string, 0, len(keep)+1)
	for _, i := range keep {
		names = append(names, cats[i])
	}
	vals := make([][]Float, len(sides))
	for s, side := range sides {
		v := make([]Float, 0, len(keep)+1)
		for _, i := range keep {
			v = append(v, Float(side[i]))
		}
		if folded {
			rest := other[s]
			for _, i := range order[len(keep):] {
				rest += side[i]
			}
			v = append(v, Float(rest))
		}
		vals[s] = v
	}
	if folded {
		names = append(names, "other")
	}
	return names, vals
}
