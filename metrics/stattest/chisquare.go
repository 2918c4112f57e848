package stattest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquare returns Pearson's chi-square statistic and p-value of observed
// counts against expected counts (scipy.stats.chisquare):
//
//	χ² = Σ (obs - exp)² / exp,   p = P(χ²_{k-1} >= χ²)
//
// A category with exp = 0 and obs > 0 gives χ² = +Inf and p = 0. With a
// single category the statistic is 0 and p is 1.
func ChiSquare(obs, exp []float64) (stat, p float64) {
	for i := range obs {
		d := obs[i] - exp[i]
		if exp[i] == 0 {
			if d != 0 {
				stat += math.Inf(1)
			}
			continue
		}
		stat += d * d / exp[i]
	}
	return stat, chi2Survival(stat, len(obs)-1)
}

func chi2Survival(stat float64, df int) float64 {
	if df <= 0 {
		return 1
	}
	if math.IsInf(stat, 1) {
		return 0
	}
	return distuv.ChiSquared{K: float64(df)}.Survival(stat)
}

// categoryFreq returns the frequencies of a categorical input, or of the
// distinct values of a numerical one.
func categoryFreq(in Input) freq {
	if in.Kind == Numerical {
		return freqFromSamples(in.Reference, in.Current)
	}
	return freqFromCounts(in.Counts)
}

// computeChiSquare is Evidently's chisquare: observed = current counts,
// expected = reference counts × n_cur/n_ref, over the union of categories.
func computeChiSquare(in Input, _ Options) (Stat, error) {
	f := categoryFreq(in)
	k := f.nCur / f.nRef
	exp := make([]float64, len(f.ref))
	for i, r := range f.ref {
		exp[i] = r * k
	}
	stat, p := ChiSquare(f.cur, exp)
	return pvalueStat(stat, p), nil
}
