package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// RegressionQuality is the quality of a regression model on the current
// data and, when there is one, on the reference: Evidently's
// RegressionQualityMetric. It reads the numerical target and prediction
// of the column mapping; rows where either is missing or infinite are
// dropped and counted. With err = prediction - target:
//
//	mean_error       = mean(err),      error_std     = std(err, ddof=1)
//	mae              = mean(|err|),    abs_error_std = std(|err|, ddof=1)
//	rmse             = sqrt(mean(err²))
//	mape             = 100 · mean(|err| / |target|)            (percent)
//	r2               = 1 - Σerr² / Σ(target - mean(target))²
//	max_error        = max(|err|),     median_abs_error = median(|err|)
//
// as scikit-learn's mean_absolute_error, mean_squared_error,
// mean_absolute_percentage_error, r2_score, max_error and
// median_absolute_error. For a constant target, where the formula divides
// by zero, R² is what r2_score (force_finite=True, as Evidently calls it)
// gives: 1.0 when every prediction is exact, else 0.0. With fewer than two
// rows R² is NaN (null), as in r2_score; a std of one row is NaN.
//
// # Zero targets in MAPE
//
// ZeroHandling says what MAPE does with targets whose |target| < Epsilon
// (the float64 machine epsilon by default), with Evidently's option names:
// "none" (the default) divides by max(|target|, eps) as scikit-learn
// does, so such rows give huge percentages; "drop" leaves them out of MAPE
// (MAPE is NaN when no row is left; MAPERows counts the rows used);
// "replace" divides by ReplaceValue (default 1) instead. Evidently
// divides by max(target, eps), which also blows up negative targets, and
// defaults to "replace" for current and "drop" for reference data;
// telltale uses |target| and one rule for both sides.
//
// # Errors by group
//
// Groups splits the rows by the 5% and 95% quantiles of err (numpy's
// linear interpolation): underestimation err <= q5, overestimation
// err >= q95, majority in between, each with its count, mean and std
// (Evidently's underperformance segments).
//
// Compute returns *RegressionQualityResult.
type RegressionQuality struct {
	ZeroHandling string   `json:"zero_handling,omitempty"`
	ReplaceValue *float64 `json:"replace_value,omitempty"`
	Epsilon      *float64 `json:"epsilon,omitempty"`
}

// Name implements Metric.
func (m *RegressionQuality) Name() string { return "RegressionQuality" }

// Params implements Parameterized.
func (m *RegressionQuality) Params() any { return m }

// RegressionQualityResult holds each side's quality.
type RegressionQualityResult struct {
	Current   *RegressionScores `json:"current"`
	Reference *RegressionScores `json:"reference"`
}

// RegressionScores is the quality on one dataset.
type RegressionScores struct {
	Rows           int   `json:"rows"`
	RowsDropped    int   `json:"rows_dropped"`
	MeanError      Float `json:"mean_error"`
	ErrorStd       Float `json:"error_std"`
	MAE            Float `json:"mae"`
	AbsErrorStd    Float `json:"abs_error_std"`
	RMSE           Float `json:"rmse"`
	MAPE           Float `json:"mape"`
	MAPERows       int   `json:"mape_rows"`
	R2             Float `json:"r2"`
	MaxError       Float `json:"max_error"`
	MedianAbsError Float `json:"median_abs_error"`

	Groups ErrorGroups     `json:"error_groups"`
	Dummy  RegressionDummy `json:"dummy"`
}

// ErrorGroups are the rows by size of error: below the 5% quantile of
// err, above the 95% one, and between.
type ErrorGroups struct {
	Quantile5       Float      `json:"quantile_5"`
	Quantile95      Float      `json:"quantile_95"`
	Underestimation GroupStats `json:"underestimation"`
	Majority        GroupStats `json:"majority"`
	Overestimation  GroupStats `json:"overestimation"`
}

// GroupStats are the count, mean and std (ddof=1) of the errors of a
// group; mean and std are null when too few rows define them.
type GroupStats struct {
	Count int   `json:"count"`
	Mean  Float `json:"mean"`
	Std   Float `json:"std"`
}

const (
	zeroNone    = "none"
	zeroDrop    = "drop"
	zeroReplace = "replace"
)

func (m *RegressionQuality) validate() error {
	switch m.ZeroHandling {
	case "", zeroNone, zeroDrop, zeroReplace:
	default:
		return fmt.Errorf("%w: RegressionQuality: zero_handling must be none, drop or replace, not %q", ErrOption, m.ZeroHandling)
	}
	if m.Epsilon != nil && !(*m.Epsilon >= 0) {
		return fmt.Errorf("%w: RegressionQuality: epsilon must be >= 0", ErrOption)
	}
	if m.ReplaceValue != nil && !(*m.ReplaceValue > 0) {
		return fmt.Errorf("%w: RegressionQuality: replace_value must be > 0", ErrOption)
	}
	return nil
}

// Compute implements Metric.
func (m *RegressionQuality) Compute(ctx context.Context, in *Input) (Result, error) {
	if err := m.validate(); err != nil {
		return nil, err
	}
	t, err := newRegTask(in, m.Name())
	if err != nil {
		return nil, err
	}
	res := &RegressionQualityResult{Current: m.scores(t.cur)}
	if t.ref != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		res.Reference = m.scores(t.ref)
	}
	return res, nil
}

func (m *RegressionQuality) scores(s *regSide) *RegressionScores {
	n := float64(len(s.err))
	abs := make([]float64, len(s.err))
	var sq, maxAbs float64
	for i, e := range s.err {
		abs[i] = math.Abs(e)
		sq += e * e
		maxAbs = math.Max(maxAbs, abs[i])
	}
	me, meStd := meanStd(s.err)
	mae, maeStd := meanStd(abs)
	sortedAbs := slices.Clone(abs)
	slices.Sort(sortedAbs)
	yMean, _ := meanStd(s.y)
	ssTot := 0.0
	for _, y := range s.y {
		ssTot += (y - yMean) * (y - yMean)
	}
	mape, mapeRows := m.mape(s.y, abs)
	r := &RegressionScores{
		Rows: len(s.err), RowsDropped: s.dropped,
		MeanError: Float(me), ErrorStd: Float(meStd), MAE: Float(mae), AbsErrorStd: Float(maeStd),
		RMSE: Float(math.Sqrt(sq / n)), MAPE: Float(mape), MAPERows: mapeRows,
		MaxError: Float(maxAbs), MedianAbsError: Float(quantileSorted(sortedAbs, 0.5)),
		Groups: errorGroups(s.err),
		Dummy:  regressionDummy(s.y),
	}
	switch {
	case len(s.err) < 2:
		r.R2 = Float(math.NaN())
	case ssTot > 0:
		r.R2 = Float(1 - sq/ssTot)
	case sq == 0:
		r.R2 = 1
	default:
		r.R2 = 0
	}
	return r
}

// mape is the mean absolute percentage error under the zero rule, and the
// number of rows it used.
func (m *RegressionQuality) mape(y, abs []float64) (float64, int) {
	eps := 0x1p-52
	if m.Epsilon != nil {
		eps = *m.Epsilon
	}
	repl := 1.0
	if m.ReplaceValue != nil {
		repl = *m.ReplaceValue
	}
	sum, n := 0.0, 0
	for i, t := range y {
		d := math.Abs(t)
		if d < eps {
			switch m.ZeroHandling {
			case zeroDrop:
				continue
			case zeroReplace:
				d = repl
			default:
				d = eps
			}
		}
		sum += abs[i] / d
		n++
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return 100 * sum / float64(n), n
}

func errorGroups(errs []float64) ErrorGroups {
	q5, q95 := errorQuantiles(errs, 0.05)
	var under, mid, over []float64
	for _, e := range errs {
		switch errorGroup(e, q5, q95) {
		case groupUnder:
			under = append(under, e)
		case groupOver:
			over = append(over, e)
		default:
			mid = append(mid, e)
		}
	}
	stats := func(xs []float64) GroupStats {
		m, s := meanStd(xs)
		return GroupStats{Count: len(xs), Mean: Float(m), Std: Float(s)}
	}
	return ErrorGroups{Quantile5: Float(q5), Quantile95: Float(q95),
		Underestimation: stats(under), Majority: stats(mid), Overestimation: stats(over)}
}

// errorQuantiles returns the top and 1-top quantiles of errs (numpy's
// linear interpolation): the bounds of the error groups.
func errorQuantiles(errs []float64, top float64) (lo, hi float64) {
	sorted := slices.Clone(errs)
	slices.Sort(sorted)
	return quantileSorted(sorted, top), quantileSorted(sorted, 1-top)
}

// The error groups, in the order Evidently lists them.
const (
	groupUnder = iota
	groupMajority
	groupOver
)

// errorGroup places an error in a group: underestimation e <= lo, else
// overestimation e >= hi, else majority. The groups are exclusive: when
// lo == hi a row at the bound is an underestimation.
func errorGroup(e, lo, hi float64) int {
	switch {
	case e <= lo:
		return groupUnder
	case e >= hi:
		return groupOver
	}
	return groupMajority
}
