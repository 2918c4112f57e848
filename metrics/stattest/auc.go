package stattest

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// AUC returns the area under the ROC curve of scores for binary labels
// (positive[i] is true for the positive class), as
// sklearn.metrics.roc_auc_score. It is the Mann-Whitney statistic of the
// positives' scores against the negatives':
//
//	AUC = (R₊ - n₊(n₊+1)/2) / (n₊ · n₋)
//
// where R₊ is the sum of the positives' mid-ranks among all scores, so a
// positive tied with a negative counts ½. The range is [0, 1]; 0.5 means
// the scores do not separate the classes. AUC is NaN when a class is
// absent (sklearn raises) or a score is NaN. It panics if the lengths
// differ.
func AUC(scores []float64, positive []bool) float64 {
	if len(scores) != len(positive) {
		panic("stattest: slice length mismatch")
	}
	idx := make([]int32, len(scores))
	for i := range idx {
		if math.IsNaN(scores[i]) {
			return math.NaN()
		}
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(scores[a], scores[b]) })
	// Each positive scores 1 per negative below it and ½ per tied
	// negative; count in halves to stay in integers.
	var halves, negBelow, nPos float64
	for g := 0; g < len(idx); {
		e := g
		var pos, neg float64
		for e < len(idx) && scores[idx[e]] == scores[idx[g]] {
			if positive[idx[e]] {
				pos++
			} else {
				neg++
			}
			e++
		}
		halves += pos * (2*negBelow + neg)
		negBelow += neg
		nPos += pos
		g = e
	}
	if nPos == 0 || negBelow == 0 {
		return math.NaN()
	}
	return halves / (2 * nPos * negBelow)
}

// randomAUCs returns, sorted, the AUCs of iters random classifiers on a
// test set of nPos positives and nNeg negatives: what Evidently's
// roc_auc_random_classifier_percentile computes by scoring the test set
// with np.random.rand. With continuous i.i.d. scores the positives' ranks
// are a uniformly random nPos-subset of 1..n, so each AUC is drawn exactly
// from that distribution by a partial Fisher-Yates shuffle of the ranks,
// in O(min(nPos, nNeg)) instead of a sort.
func randomAUCs(nPos, nNeg, iters int, rng *rand.Rand) []float64 {
	n := nPos + nNeg
	ranks := make([]int, n)
	for i := range ranks {
		ranks[i] = i + 1
	}
	k := min(nPos, nNeg)
	all := float64(n) * float64(n+1) / 2
	out := make([]float64, iters)
	for it := range out {
		var s float64
		for i := range k {
			j := i + rng.IntN(n-i)
			ranks[i], ranks[j] = ranks[j], ranks[i]
			s += float64(ranks[i])
		}
		if k != nPos { // s summed the negatives' ranks
			s = all - s
		}
		out[it] = (s - float64(nPos)*float64(nPos+1)/2) / (float64(nPos) * float64(nNeg))
	}
	slices.Sort(out)
	return out
}

// percentile returns the q-th quantile (0 <= q <= 1) of sorted values
// with linear interpolation, as np.percentile(values, 100*q).
func percentile(sorted []float64, q float64) float64 {
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	if lo >= len(sorted)-1 {
		return sorted[len(sorted)-1]
	}
	if lo < 0 {
		return sorted[0]
	}
	return sorted[lo] + (pos-float64(lo))*(sorted[lo+1]-sorted[lo])
}
