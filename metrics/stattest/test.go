package stattest

import (
	"fmt"
	"math"
	"slices"
)

// Comparison is how a test's score is compared with its threshold to
// decide drift.
type Comparison uint8

// Drift comparisons. P-value tests drift when the p-value is small,
// distances when the score is large.
const (
	Less         Comparison = iota + 1 // drift when score < threshold
	LessEqual                          // drift when score <= threshold (ks, cramer_von_mises)
	GreaterEqual                       // drift when score >= threshold (distances)
	Greater                            // drift when score > threshold (ed)
)

// Drifted reports whether score compared with threshold means drift.
func (c Comparison) Drifted(score, threshold float64) bool {
	switch c {
	case Less:
		return score < threshold
	case LessEqual:
		return score <= threshold
	case GreaterEqual:
		return score >= threshold
	case Greater:
		return score > threshold
	}
	return false
}

// String returns the operator: "<", "<=", ">=" or ">".
func (c Comparison) String() string {
	return [...]string{"?", "<", "<=", ">=", ">"}[min(int(c), 4)]
}

// Alternative is the alternative hypothesis of a rank or location test.
type Alternative uint8

// Alternatives, as SciPy's alternative= argument.
const (
	TwoSided Alternative = iota // the zero value
	AltLess                     // the reference distribution is stochastically less than the current
	AltGreater
)

// String returns SciPy's spelling.
func (a Alternative) String() string {
	return [...]string{"two-sided", "less", "greater"}[min(int(a), 2)]
}

// Options tunes a test. The zero value gives every test's defaults.
type Options struct {
	// Bins > 0 sets the number of equal-width bins over the pooled range for
	// psi, kl_div and jensenshannon on numerical columns (replacing
	// Evidently's rule: Sturges bins when the reference has more than 20
	// distinct values, one bucket per value otherwise).
	Bins int
	// Alternative for mannw and t_test (default two-sided).
	Alternative Alternative
	// Welch selects Welch's unequal-variances t-test for t_test.
	Welch bool
	// Seed seeds the permutation tests (TVD, empirical_mmd) and the
	// subsampling of empirical_mmd. The same seed gives the same p-value.
	Seed uint64
	// Permutations for TVD (default 1000) and empirical_mmd (default 100).
	Permutations int
	// MaxSamples caps the rows per side that empirical_mmd uses
	// (default 1000; a seeded subsample is drawn above it).
	MaxSamples int
	// Threshold is the threshold in force. [Test.Run] sets it before
	// calling Compute, for tests whose decision is not a plain comparison
	// of the score with the threshold (perc_text_content_drift compares
	// the AUC with a percentile of random AUCs chosen by the threshold).
	Threshold float64
}

// Input is what a test compares. Numerical tests read Reference and
// Current; categorical tests read Counts; text tests read RefText and
// CurText. Kind says which the column is.
type Input struct {
	Kind               Kind
	Reference, Current *Sample
	Counts             *Counts
	// RefText and CurText are a text column's non-missing values.
	RefText, CurText []string
}

// NumericalInput builds an Input for a numerical column.
func NumericalInput(reference, current *Sample) Input {
	return Input{Kind: Numerical, Reference: reference, Current: current}
}

// CategoricalInput builds an Input for a categorical column.
func CategoricalInput(c *Counts) Input {
	return Input{Kind: Categorical, Counts: c}
}

// TextInput builds an Input for a text column from its non-missing values.
func TextInput(reference, current []string) Input {
	return Input{Kind: Text, RefText: reference, CurText: current}
}

// Stat is what a test computes before the threshold is applied.
type Stat struct {
	Statistic float64 // the test statistic (e.g. D for ks, U1 for mannw)
	PValue    float64 // NaN for distance tests
	Score     float64 // what is compared with the threshold: PValue or the distance
	// Drifted, when set, is the test's own decision, which Run reports in
	// place of comparing Score with the threshold.
	Drifted *bool
	// Text holds the domain classifier's details for the text tests.
	Text *TextDetails
}

// Result is a test's outcome on one column.
type Result struct {
	Test      string  // registry name, e.g. "ks"
	Statistic float64 // the test statistic
	// PValue is the p-value, or NaN when the test is a distance (the JSON
	// layer writes null).
	PValue    float64
	Score     float64 // the value compared with Threshold
	Threshold float64
	Drifted   bool
	// Text holds the domain classifier's details for the text tests (nil
	// for the others).
	Text *TextDetails
}

// ComputeFunc computes a test's statistic from its input.
type ComputeFunc func(in Input, opts Options) (Stat, error)

// Test is a registered drift test.
type Test struct {
	Name             string // registry key, e.g. "ks"
	DisplayName      string // Evidently's display name, e.g. "K-S p_value"
	Kinds            []Kind // column kinds the test supports
	DefaultThreshold float64
	PValue           bool       // the score is a p-value
	Drift            Comparison // how the score and threshold mean drift
	Compute          ComputeFunc
}

// Supports reports whether the test accepts columns of kind k.
func (t Test) Supports(k Kind) bool { return slices.Contains(t.Kinds, k) }

// Run computes the test on in and applies threshold (pass
// t.DefaultThreshold for the default). It returns ErrWrongKind if the test
// does not support in.Kind.
func (t Test) Run(in Input, threshold float64, opts Options) (Result, error) {
	if !t.Supports(in.Kind) {
		return Result{}, errorf(t.Name, ErrWrongKind, "%s column", in.Kind)
	}
	if math.IsNaN(threshold) {
		return Result{}, errorf(t.Name, ErrBadInput, "NaN threshold")
	}
	switch in.Kind {
	case Numerical:
		if in.Reference == nil || in.Current == nil {
			return Result{}, errorf(t.Name, ErrBadInput, "missing sample")
		}
		if in.Reference.Len() == 0 || in.Current.Len() == 0 {
			return Result{}, errorf(t.Name, ErrEmpty, "")
		}
	case Categorical:
		if in.Counts == nil {
			return Result{}, errorf(t.Name, ErrBadInput, "missing counts")
		}
		if err := in.Counts.validate(); err != nil {
			return Result{}, fmt.Errorf("stattest: %s: %w", t.Name, err)
		}
		var r, c int
		for i := range in.Counts.Reference {
			r += in.Counts.Reference[i]
			c += in.Counts.Current[i]
		}
		if r == 0 || c == 0 {
			return Result{}, errorf(t.Name, ErrEmpty, "")
		}
	case Text:
		if len(in.RefText) == 0 || len(in.CurText) == 0 {
			return Result{}, errorf(t.Name, ErrEmpty, "")
		}
	}
	opts.Threshold = threshold
	st, err := t.Compute(in, opts)
	if err != nil {
		return Result{}, err
	}
	if math.IsNaN(st.Score) {
		if m := maxAbs(in); m > maxSafe {
			return Result{}, errorf(t.Name, ErrOverflow, "undefined score: values as large as %g overflow its arithmetic", m)
		}
		return Result{}, errorf(t.Name, ErrConstant, "undefined score")
	}
	drifted := t.Drift.Drifted(st.Score, threshold)
	if st.Drifted != nil {
		drifted = *st.Drifted
	}
	return Result{
		Test:      t.Name,
		Statistic: st.Statistic,
		PValue:    st.PValue,
		Score:     st.Score,
		Threshold: threshold,
		Drifted:   drifted,
		Text:      st.Text,
	}, nil
}

func pvalueStat(stat, p float64) Stat { return Stat{Statistic: stat, PValue: p, Score: p} }

func distanceStat(d float64) Stat { return Stat{Statistic: d, PValue: math.NaN(), Score: d} }

// maxSafe is the largest magnitude whose square is finite, about 1.34e154.
const maxSafe = 1.3407807929942596e154 // math.Sqrt(math.MaxFloat64)

// maxAbs returns the largest magnitude of a numerical input's values; 0
// for other kinds.
func maxAbs(in Input) float64 {
	if in.Kind != Numerical || in.Reference == nil || in.Current == nil || in.Reference.Len() == 0 || in.Current.Len() == 0 {
		return 0
	}
	return max(math.Abs(in.Reference.Min()), math.Abs(in.Reference.Max()), math.Abs(in.Current.Min()), math.Abs(in.Current.Max()))
}
