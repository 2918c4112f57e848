package tests

import (
	"fmt"
	"math"

	"github.com/telltale-ml/telltale/metrics"
)

// RegressionMetric holds the options of the RegressionQuality metric that
// the regression tests read (zero_handling, replace_value, epsilon); they
// sit inline in the test's config.
type RegressionMetric struct {
	metrics.RegressionQuality
}

// Metric implements Test.
func (m *RegressionMetric) Metric() metrics.Metric {
	q := m.RegressionQuality
	return &q
}

// regRelative is the tolerance of the automatic condition against the
// reference for the regression tests: ±10%, as Evidently's.
const regRelative = 0.1

type regScore struct {
	what  string
	value func(*metrics.RegressionScores) metrics.Float
	// auto returns the automatic condition and where it came from.
	auto func(cur, ref *metrics.RegressionScores) (*Condition, string)
}

func (s regScore) check(b *Base, r metrics.Result) Outcome {
	res, ok := r.(*metrics.RegressionQualityResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("tests: expected a RegressionQuality result, got %T", r), Value: nan()}
	}
	auto, from := s.auto(res.Current, res.Reference)
	return decideAuto(b, s.what, float64(s.value(res.Current)), auto, from)
}

// lowerThanDummy: lt the dummy without reference, eq ±10% with.
func lowerThanDummy(value, dummy func(*metrics.RegressionScores) metrics.Float) func(cur, ref *metrics.RegressionScores) (*Condition, string) {
	return func(cur, ref *metrics.RegressionScores) (*Condition, string) {
		if ref != nil {
			return autoCondition(Ptr(float64(value(ref))), 0, regRelative, false)
		}
		return autoCondition(nil, float64(dummy(cur)), 0, false)
	}
}

var (
	maeScore = regScore{what: "MAE", value: func(s *metrics.RegressionScores) metrics.Float { return s.MAE },
		auto: lowerThanDummy(func(s *metrics.RegressionScores) metrics.Float { return s.MAE },
			func(s *metrics.RegressionScores) metrics.Float { return s.Dummy.MAE })}
	rmseScore = regScore{what: "RMSE", value: func(s *metrics.RegressionScores) metrics.Float { return s.RMSE },
		auto: lowerThanDummy(func(s *metrics.RegressionScores) metrics.Float { return s.RMSE },
			func(s *metrics.RegressionScores) metrics.Float { return s.Dummy.RMSE })}
	mapeScore = regScore{what: "MAPE", value: func(s *metrics.RegressionScores) metrics.Float { return s.MAPE },
		auto: lowerThanDummy(func(s *metrics.RegressionScores) metrics.Float { return s.MAPE },
			func(s *metrics.RegressionScores) metrics.Float { return s.Dummy.MAPE })}
	meanErrorScore = regScore{what: "Mean error", value: func(s *metrics.RegressionScores) metrics.Float { return s.MeanError },
		auto: func(cur, ref *metrics.RegressionScores) (*Condition, string) {
			std, from := cur.ErrorStd, "0.1 of the error std"
			if ref != nil {
				std, from = ref.ErrorStd, "0.1 of the reference error std"
			}
			if math.IsNaN(float64(std)) || std == 0 {
				return nil, ""
			}
			return &Condition{Eq: Ptr(0), Absolute: 0.1 * float64(std)}, from
		}}
	absMaxErrorScore = regScore{what: "Max absolute error", value: func(s *metrics.RegressionScores) metrics.Float { return s.MaxError },
		auto: func(cur, ref *metrics.RegressionScores) (*Condition, string) {
			if ref != nil {
				if math.IsNaN(float64(ref.MaxError)) {
					return nil, ""
				}
				return &Condition{Lte: Ptr(float64(ref.MaxError)), Relative: regRelative}, "reference"
			}
			if math.IsNaN(float64(cur.Dummy.AbsMaxError)) {
				return nil, ""
			}
			return &Condition{Lte: Ptr(float64(cur.Dummy.AbsMaxError))}, "dummy"
		}}
	r2Score = regScore{what: "R2 score", value: func(s *metrics.RegressionScores) metrics.Float { return s.R2 },
		auto: func(_, ref *metrics.RegressionScores) (*Condition, string) {
			if ref != nil {
				return autoCondition(Ptr(float64(ref.R2)), 0, regRelative, true)
			}
			return &Condition{Gt: Ptr(0)}, ""
		}}
)
