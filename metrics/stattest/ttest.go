package stattest

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTest returns the t statistic, degrees of freedom and p-value of the
// two-sample t-test of a against b (scipy.stats.ttest_ind). Student's test
// pools the variances:
//
//	s²  = ((n1-1)v1 + (n2-1)v2) / (n1+n2-2),  t = (m1-m2)/sqrt(s²(1/n1+1/n2))
//
// Welch's does not:
//
//	t = (m1-m2)/sqrt(v1/n1 + v2/n2)
//	df = (v1/n1 + v2/n2)² / ((v1/n1)²/(n1-1) + (v2/n2)²/(n2-1))
//
// with v the unbiased variances. It returns ErrConstant when the
// denominator is 0 (both samples constant) and ErrTooFew when df <= 0.
func TTest(a, b *Sample, welch bool, alt Alternative) (t, df, p float64, err error) {
	n1, n2 := float64(a.Len()), float64(b.Len())
	return TTestMoments(a.Mean(), a.Std()*a.Std()*n1, n1, b.Mean(), b.Std()*b.Std()*n2, n2, welch, alt)
}

// TTestMoments is TTest from each sample's mean, sum of squared
// deviations from the mean (m2 = n·population variance) and size.
func TTestMoments(mean1, m21, n1, mean2, m22, n2 float64, welch bool, alt Alternative) (t, df, p float64, err error) {
	v1 := m21 / (n1 - 1)
	v2 := m22 / (n2 - 1)
	var denom float64
	if welch {
		if n1 < 2 || n2 < 2 {
			return 0, 0, 0, errorf("t_test", ErrTooFew, "Welch needs 2 values per side")
		}
		q1, q2 := v1/n1, v2/n2
		df = (q1 + q2) * (q1 + q2) / (q1*q1/(n1-1) + q2*q2/(n2-1))
		denom = math.Sqrt(q1 + q2)
	} else {
		df = n1 + n2 - 2
		if df <= 0 {
			return 0, 0, 0, errorf("t_test", ErrTooFew, "needs 3 values")
		}
		var ss1, ss2 float64
		if n1 > 1 {
			ss1 = (n1 - 1) * v1
		}
		if n2 > 1 {
			ss2 = (n2 - 1) * v2
		}
		s2 := (ss1 + ss2) / df
		denom = math.Sqrt(s2 * (1/n1 + 1/n2))
	}
	if denom == 0 || math.IsNaN(df) {
		return 0, 0, 0, errorf("t_test", ErrConstant, "zero variance on both sides")
	}
	t = (mean1 - mean2) / denom
	dist := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}
	switch alt {
	case AltLess:
		p = dist.CDF(t)
	case AltGreater:
		p = dist.Survival(t)
	default:
		p = 2 * dist.Survival(math.Abs(t))
	}
	return t, df, p, nil
}

// computeTTest is Evidently's t_test (Student, two-sided by default).
func computeTTest(in Input, opts Options) (Stat, error) {
	t, _, p, err := TTest(in.Reference, in.Current, opts.Welch, opts.Alternative)
	if err != nil {
		return Stat{}, err
	}
	return pvalueStat(t, p), nil
}
