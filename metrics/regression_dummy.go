package metrics

import (
	"math"
	"slices"
)

// RegressionDummy is the quality of constant predictions on one dataset,
// the baseline of the regression tests without reference data
// (Evidently's RegressionDummyMetric):
//
//	mae           = mean|y - median(y)|       (the median minimises MAE)
//	rmse          = sqrt(mean((y - mean(y))²)) (the mean minimises RMSE)
//	mape          = MAPE of the constant c, the weighted median of the
//	                non-zero targets with weights 1/|y|: the smallest y
//	                (sorted) whose cumulative weight reaches half the total,
//	                which minimises Σ|y - c|/|y|; zero targets divide by
//	                the float64 epsilon as in scikit-learn
//	abs_max_error = max|y - median(y)|
//
// MAPEConstant is c; mape is NaN when every target is 0.
type RegressionDummy struct {
	MAE          Float `json:"mae"`
	RMSE         Float `json:"rmse"`
	MAPE         Float `json:"mape"`
	MAPEConstant Float `json:"mape_constant"`
	AbsMaxError  Float `json:"abs_max_error"`
}

func regressionDummy(y []float64) RegressionDummy {
	sorted := slices.Clone(y)
	slices.Sort(sorted)
	med := quantileSorted(sorted, 0.5)
	mean, _ := meanStd(y)
	var mae, ss, maxAbs float64
	for _, v := range y {
		mae += math.Abs(v - med)
		ss += (v - mean) * (v - mean)
		maxAbs = math.Max(maxAbs, math.Abs(v-med))
	}
	n := float64(len(y))
	d := RegressionDummy{MAE: Float(mae / n), RMSE: Float(math.Sqrt(ss / n)), AbsMaxError: Float(maxAbs),
		MAPE: Float(math.NaN()), MAPEConstant: Float(math.NaN())}
	var nz []float64
	total := 0.0
	for _, v := range sorted {
		if v != 0 {
			nz = append(nz, v)
			total += 1 / math.Abs(v)
		}
	}
	if len(nz) == 0 {
		return d
	}
	c, cum := nz[len(nz)-1], 0.0
	for _, v := range nz {
		cum += 1 / math.Abs(v)
		if cum >= total/2 {
			c = v
			break
		}
	}
	sum := 0.0
	for _, v := range y {
		sum += math.Abs(v-c) / math.Max(math.Abs(v), 0x1p-52)
	}
	d.MAPE, d.MAPEConstant = Float(100*sum/n), Float(c)
	return d
}
