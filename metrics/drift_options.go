package metrics

import (
	"fmt"
	"sort"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/stattest"
)

// DriftOptions are the options of the drift metrics, with Evidently's
// legacy spelling. For each column, the test and the threshold are chosen
// separately by the first level that sets them: per column
// (PerColumnStatTest, PerColumnThreshold), per column type (NumStatTest,
// CatStatTest, TextStatTest and their thresholds), all columns (StatTest,
// StatTestThreshold), and finally the automatic choice (stattest.Choose)
// and the chosen test's default threshold.
type DriftOptions struct {
	StatTest           string             `json:"stattest,omitempty"`
	StatTestThreshold  *float64           `json:"stattest_threshold,omitempty"`
	NumStatTest        string             `json:"num_stattest,omitempty"`
	NumThreshold       *float64           `json:"num_stattest_threshold,omitempty"`
	CatStatTest        string             `json:"cat_stattest,omitempty"`
	CatThreshold       *float64           `json:"cat_stattest_threshold,omitempty"`
	TextStatTest       string             `json:"text_stattest,omitempty"`
	TextThreshold      *float64           `json:"text_stattest_threshold,omitempty"`
	PerColumnStatTest  map[string]string  `json:"per_column_stattest,omitempty"`
	PerColumnThreshold map[string]float64 `json:"per_column_stattest_threshold,omitempty"`

	// Bins is the number of equal-width bins the binned tests (psi,
	// kl_div, jensenshannon) use for numerical columns; zero means
	// Evidently's rule (Sturges over the pooled data when the reference
	// has more than 20 distinct values, one bin per value otherwise).
	Bins int `json:"bins,omitempty"`
	// Alternative of mannw and t_test: "two-sided" (default), "less" or
	// "greater".
	Alternative string `json:"alternative,omitempty"`
	// Welch makes t_test Welch's unequal-variances test.
	Welch bool `json:"welch,omitempty"`
}

// policy returns the stattest policy the options describe.
func (o *DriftOptions) policy() stattest.Policy {
	p := stattest.Policy{
		All:     stattest.Override{Method: o.StatTest, Threshold: o.StatTestThreshold},
		PerKind: map[stattest.Kind]stattest.Override{},
	}
	p.PerKind[stattest.Numerical] = stattest.Override{Method: o.NumStatTest, Threshold: o.NumThreshold}
	p.PerKind[stattest.Categorical] = stattest.Override{Method: o.CatStatTest, Threshold: o.CatThreshold}
	p.PerKind[stattest.Text] = stattest.Override{Method: o.TextStatTest, Threshold: o.TextThreshold}
	if len(o.PerColumnStatTest)+len(o.PerColumnThreshold) > 0 {
		p.PerColumn = map[string]stattest.Override{}
		for c, m := range o.PerColumnStatTest {
			ov := p.PerColumn[c]
			ov.Method = m
			p.PerColumn[c] = ov
		}
		for c, t := range o.PerColumnThreshold {
			ov := p.PerColumn[c]
			t := t
			ov.Threshold = &t
			p.PerColumn[c] = ov
		}
	}
	return p
}

// testOptions returns the options passed to every stat test.
func (o *DriftOptions) testOptions() (stattest.Options, error) {
	opts := stattest.Options{Bins: o.Bins, Welch: o.Welch}
	if o.Bins < 0 {
		return opts, fmt.Errorf("%w: bins must be positive, got %d", ErrOption, o.Bins)
	}
	switch o.Alternative {
	case "", "two-sided":
		opts.Alternative = stattest.TwoSided
	case "less":
		opts.Alternative = stattest.AltLess
	case "greater":
		opts.Alternative = stattest.AltGreater
	default:
		return opts, fmt.Errorf("%w: alternative %q: want two-sided, less or greater", ErrOption, o.Alternative)
	}
	return opts, nil
}

// validate checks the names of the tests and the columns the options name.
func (o *DriftOptions) validate(reg *stattest.Registry, f *dataset.Frame) error {
	if err := o.CheckThresholds(); err != nil {
		return err
	}
	names := []string{o.StatTest, o.NumStatTest, o.CatStatTest, o.TextStatTest}
	cols := make([]string, 0, len(o.PerColumnStatTest)+len(o.PerColumnThreshold))
	for c, m := range o.PerColumnStatTest {
		names = append(names, m)
		cols = append(cols, c)
	}
	for c := range o.PerColumnThreshold {
		cols = append(cols, c)
	}
	for _, n := range names {
		if _, ok := reg.Lookup(n); n != "" && !ok {
			return fmt.Errorf("%w: unknown stattest %q (known: %v)", ErrOption, n, reg.Names())
		}
	}
	sort.Strings(cols)
	for _, c := range cols {
		if _, ok := f.Column(c); !ok {
			return fmt.Errorf("%w: per-column option for %q, which is not a column", ErrOption, c)
		}
	}
	return nil
}
