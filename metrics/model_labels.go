package metrics

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
)

// labelReader reads one column as class labels: strings for a categorical
// or text column, the value's shortest decimal form for a numerical one
// (1, 1.0 and an integer 1 are all the label "1", so they match the
// default positive label). ok is false for a missing row (null, NaN or
// ±Inf).
type labelReader func(i int) (label string, ok bool)

func newLabelReader(f *dataset.Frame, metric, name string) (labelReader, error) {
	c, ok := f.Column(name)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: name, Err: ErrNoColumn}
	}
	switch c := c.(type) {
	case *dataset.StringColumn:
		return c.Value, nil
	case *dataset.NumericColumn:
		vals := c.Values()
		ints, isInt := c.Ints()
		return func(i int) (string, bool) {
			v := vals[i]
			if c.IsNull(i) || math.IsNaN(v) || math.IsInf(v, 0) {
				return "", false
			}
			if isInt {
				return strconv.FormatInt(ints[i], 10), true
			}
			return strconv.FormatFloat(v, 'g', -1, 64), true
		}, nil
	}
	return nil, &ColumnError{Metric: metric, Column: name,
		Err: fmt.Errorf("%w: class labels must be numerical, categorical or text, not %s", ErrColumnType, c.Type())}
}

// numericReader reads a numerical column; ok is false for a missing or
// infinite row.
func numericReader(f *dataset.Frame, metric, name string) (func(i int) (float64, bool), error) {
	c, ok := f.Column(name)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: name, Err: ErrNoColumn}
	}
	nc, ok := c.(*dataset.NumericColumn)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: name,
			Err: fmt.Errorf("%w: must be numerical, not %s", ErrColumnType, c.Type())}
	}
	vals := nc.Values()
	return func(i int) (float64, bool) {
		v := vals[i]
		return v, !math.IsNaN(v) && !math.IsInf(v, 0)
	}, nil
}

// sortLabels sorts class labels as Evidently sorts them (Python's sorted):
// numerically when every label is a number, else as strings.
func sortLabels(labels []string) {
	numeric := true
	for _, l := range labels {
		if _, err := strconv.ParseFloat(l, 64); err != nil {
			numeric = false
			break
		}
	}
	if !numeric {
		slices.Sort(labels)
		return
	}
	slices.SortFunc(labels, func(a, b string) int {
		x, _ := strconv.ParseFloat(a, 64)
		y, _ := strconv.ParseFloat(b, 64)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
		if a < b {
			return -1
		} else if a > b {
			return 1
		}
		return 0
	})
}
