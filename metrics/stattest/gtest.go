package stattest

import "math"

// GTest returns the G statistic (log-likelihood ratio) and p-value of
// observed against expected counts (scipy.stats.power_divergence with
// lambda_="log-likelihood"):
//
//	G = 2 Σ obs·ln(obs/exp),   p = P(χ²_{k-1} >= G)
//
// Terms with obs = 0 are 0; obs > 0 with exp = 0 gives +Inf and p = 0.
func GTest(obs, exp []float64) (stat, p float64) {
	for i := range obs {
		switch {
		case obs[i] == 0:
		case exp[i] == 0:
			stat = math.Inf(1)
		default:
			stat += 2 * obs[i] * math.Log(obs[i]/exp[i])
		}
	}
	return stat, chi2Survival(stat, len(obs)-1)
}

// computeGTest: observed = current counts, expected = reference counts
// rescaled to the current total (see the package doc for why).
func computeGTest(in Input, _ Options) (Stat, error) {
	f := freqFromCounts(in.Counts)
	k := f.nCur / f.nRef
	exp := make([]float64, len(f.ref))
	for i, r := range f.ref {
		exp[i] = r * k
	}
	stat, p := GTest(f.cur, exp)
	return pvalueStat(stat, p), nil
}
