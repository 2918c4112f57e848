package metrics

import (
	"math"
	"slices"
)

// pearson returns the Pearson correlation of x and y (equal lengths, no
// NaN), NaN when either is constant or n < 2 (pandas DataFrame.corr
// method='pearson'):
//
//	r = Σ(x-x̄)(y-ȳ) / sqrt(Σ(x-x̄)² Σ(y-ȳ)²)
func pearson(x, y []float64) float64 {
	n := len(x)
	if n < 2 {
		return math.NaN()
	}
	mx, my := neumaierSum(x)/float64(n), neumaierSum(y)/float64(n)
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return math.Max(-1, math.Min(1, sxy/math.Sqrt(sxx*syy)))
}

// averageRanks returns the 1-based ranks of x, ties given their average
// rank (scipy.stats.rankdata(method='average')).
func averageRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[a] > x[b]:
			return 1
		}
		return 0
	})
	r := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i + 1
		for j < len(idx) && x[idx[j]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for k := i; k < j; k++ {
			r[idx[k]] = avg
		}
		i = j
	}
	return r
}

// spearman returns Spearman's rank correlation: the Pearson correlation of
// the average ranks (pandas DataFrame.corr method='spearman').
func spearman(x, y []float64) float64 {
	if len(x) < 2 {
		return math.NaN()
	}
	return pearson(averageRanks(x), averageRanks(y))
}

// kendallTauB returns Kendall's tau-b of x and y (scipy.stats.kendalltau
// variant='b', which pandas method='kendall' calls), in O(n log n) by
// Knight's algorithm:
//
//	tau_b = (n0 - n1 - n2 + n3 - 2·swaps) / sqrt((n0-n1)(n0-n2))
//
// with n0 = n(n-1)/2, n1 and n2 the pairs tied in x and in y, n3 the pairs
// tied in both and swaps the discordant pairs counted by merge sort. NaN
// when x or y is constant or n < 2.
func kendallTauB(x, y []float64) float64 {
	n := len(x)
	if n < 2 {
		return math.NaN()
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmpFloat(x[a], x[b]); c != 0 {
			return c
		}
		return cmpFloat(y[a], y[b])
	})
	pairs := func(k int) int64 { return int64(k) * int64(k-1) / 2 }
	var n1, n3 int64
	for i := 0; i < n; {
		j := i + 1
		for j < n && x[idx[j]] == x[idx[i]] {
			j++
		}
		n1 += pairs(j - i)
		for a := i; a < j; {
			b := a + 1
			for b < j && y[idx[b]] == y[idx[a]] {
				b++
			}
			n3 += pairs(b - a)
			a = b
		}
		i = j
	}
	ys := make([]float64, n)
	for i, k := range idx {
		ys[i] = y[k]
	}
	swaps := mergeCount(ys, make([]float64, n))
	var n2 int64
	for i := 0; i < n; {
		j := i + 1
		for j < n && ys[j] == ys[i] {
			j++
		}
		n2 += pairs(j - i)
		i = j
	}
	n0 := pairs(n)
	if n0 == n1 || n0 == n2 {
		return math.NaN()
	}
	num := float64(n0 - n1 - n2 + n3 - 2*swaps)
	return math.Max(-1, math.Min(1, num/math.Sqrt(float64(n0-n1))/math.Sqrt(float64(n0-n2))))
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mergeCount sorts v (using buf) and returns the number of inversions:
// pairs i < j with v[i] > v[j].
func mergeCount(v, buf []float64) int64 {
	n := len(v)
	if n < 2 {
		return 0
	}
	m := n / 2
	inv := mergeCount(v[:m], buf[:m]) + mergeCount(v[m:], buf[m:])
	i, j, k := 0, m, 0
	for i < m && j < n {
		if v[j] < v[i] {
			buf[k] = v[j]
			inv += int64(m - i)
			j++
		} else {
			buf[k] = v[i]
			i++
		}
		k++
	}
	k += copy(buf[k:], v[i:m])
	copy(buf[k:], v[j:n])
	copy(v, buf[:n])
	return inv
}

// cramerV returns Cramér's V of two category code vectors (equal lengths,
// no missing), without bias correction, as Evidently computes it:
//
//	V = sqrt((χ²/n) / min(r-1, c-1))
//
// with χ² the Pearson statistic of the r×c contingency table of the
// categories present (scipy.stats.chi2_contingency(correction=False)).
// NaN when min(r-1, c-1) is 0.
func cramerV(a, b []int32, na, nb int) float64 {
	n := len(a)
	table := make([]float64, na*nb)
	rowSum, colSum := make([]float64, na), make([]float64, nb)
	for i := range a {
		table[int(a[i])*nb+int(b[i])]++
		rowSum[a[i]]++
		colSum[b[i]]++
	}
	r, c := 0, 0
	for _, s := range rowSum {
		if s > 0 {
			r++
		}
	}
	for _, s := range colSum {
		if s > 0 {
			c++
		}
	}
	k := min(r, c) - 1
	if k <= 0 || n == 0 {
		return math.NaN()
	}
	var chi2 float64
	for i, rs := range rowSum {
		if rs == 0 {
			continue
		}
		for j, cs := range colSum {
			if cs == 0 {
				continue
			}
			e := rs * cs / float64(n)
			d := table[i*nb+j] - e
			chi2 += d * d / e
		}
	}
	return math.Sqrt(chi2 / float64(n) / float64(k))
}
