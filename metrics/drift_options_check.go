package metrics

import (
	"fmt"
	"math"
	"sort"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// OptionError is an invalid option, by its config key (and, for a map
// option, the key inside it), so that a config reader can point at its
// line.
type OptionError struct {
	Key    string // "stattest_threshold"
	SubKey string // the column of a per-column option; "" otherwise
	Msg    string
}

func (e *OptionError) Error() string {
	if e.SubKey != "" {
		return fmt.Sprintf("%s %q: %s", e.Key, e.SubKey, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Key, e.Msg)
}

// Unwrap makes an OptionError an ErrOption.
func (e *OptionError) Unwrap() error { return ErrOption }

// CheckShare returns an OptionError unless v is nil or a share in [0, 1]
// (drift_share).
func CheckShare(key string, v *float64) error {
	if v != nil && !(*v >= 0 && *v <= 1) {
		return &OptionError{Key: key, Msg: fmt.Sprintf("%v is not a share in [0, 1]", *v)}
	}
	return nil
}

// unitScores are the distance tests whose score lies in [0, 1], so that a
// threshold outside it never or always drifts; p-value tests are too.
var unitScores = map[string]bool{"hellinger": true, "jensenshannon": true, "perc_text_content_drift": true, "abs_text_content_drift": true}

// CheckThresholds checks each threshold against the test it applies to:
// a p-value's threshold (and that of a distance bounded by 1: hellinger,
// jensenshannon, the text tests) must be in [0, 1], another distance's
// (psi, kl_div, wasserstein, ed) at least 0; a threshold for the automatic
// choice, which may be a p-value test, must be in [0, 1]. Unknown test
// names are left to the check at compute time.
func (o *DriftOptions) CheckThresholds() error {
	reg := stattest.Default()
	check := func(key, sub, test string, thr *float64) error {
		if thr == nil {
			return nil
		}
		v := *thr
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &OptionError{Key: key, SubKey: sub, Msg: fmt.Sprintf("%v is not a finite number", v)}
		}
		unit, what := true, "the automatic choice of test may be a p-value test"
		if test != "" {
			t, ok := reg.Lookup(test)
			if !ok {
				return nil
			}
			unit = t.PValue || unitScores[test]
			what = fmt.Sprintf("%s is a p-value", test)
			if !t.PValue {
				what = fmt.Sprintf("%s is a distance in [0, 1]", test)
			}
		}
		switch {
		case unit && !(v >= 0 && v <= 1):
			return &OptionError{Key: key, SubKey: sub, Msg: fmt.Sprintf("%v is not in [0, 1] (%s)", v, what)}
		case v < 0:
			return &OptionError{Key: key, SubKey: sub, Msg: fmt.Sprintf("%v is negative (%s is a distance, at least 0)", v, test)}
		}
		return nil
	}
	or := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	for _, c := range []struct {
		key, test string
		thr       *float64
	}{
		{"stattest_threshold", o.StatTest, o.StatTestThreshold},
		{"num_stattest_threshold", or(o.NumStatTest, o.StatTest), o.NumThreshold},
		{"cat_stattest_threshold", or(o.CatStatTest, o.StatTest), o.CatThreshold},
		{"text_stattest_threshold", or(o.TextStatTest, o.StatTest), o.TextThreshold},
	} {
		if err := check(c.key, "", c.test, c.thr); err != nil {
			return err
		}
	}
	cols := make([]string, 0, len(o.PerColumnThreshold))
	for c := range o.PerColumnThreshold {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		thr := o.PerColumnThreshold[c]
		if t := or(o.PerColumnStatTest[c], o.StatTest); t != "" {
			if err := check("per_column_stattest_threshold", c, t, &thr); err != nil {
				return err
			}
			continue
		}
		// The column's kind is not known here: the threshold must suit
		// the test of at least one kind.
		var first error
		ok := false
		for _, t := range []string{o.NumStatTest, o.CatStatTest, o.TextStatTest} {
			err := check("per_column_stattest_threshold", c, t, &thr)
			if err == nil {
				ok = true
				break
			}
			if first == nil {
				first = err
			}
		}
		if !ok {
			return first
		}
	}
	return nil
}
