package tests

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/metrics"
)

// valueCheck decides on a metrics.ValueCheckResult: share picks the share
// rather than the count, in the in-values rather than the out-values.
func valueCheck(b *Base, result metrics.Result, what string, in, share bool, auto func(cur, ref *metrics.ValueCounts) *Condition) Outcome {
	r, ok := result.(*metrics.ValueCheckResult)
	if !ok {
		return Outcome{Status: Error, Description: fmt.Sprintf("unexpected result %T", result), Value: nan()}
	}
	get := func(v *metrics.ValueCounts) float64 {
		switch {
		case in && share:
			return float64(v.InShare)
		case in:
			return float64(v.In)
		case share:
			return float64(v.OutShare)
		}
		return float64(v.Out)
	}
	return b.Decide(what, get(&r.Current), auto(&r.Current, r.Reference))
}

func eqZero(cur, ref *metrics.ValueCounts) *Condition { return &Condition{Eq: Ptr(0)} }

// RangeTest is ValueRange, NumberOfOutRangeValues (the number of values
// outside [Left, Right]) or ShareOfOutRangeValues (their share of the
// non-missing values). A bound not given is the reference's min (Left) or
// max (Right), as Evidently takes it; without reference data both bounds
// are needed, or the range is open on the side not given. Auto
// condition: = 0.
type RangeTest struct {
	Base
	Column string   `json:"column"`
	Left   *float64 `json:"left,omitempty"`
	Right  *float64 `json:"right,omitempty"`
	name   string
}

// Name implements Test.
func (t *RangeTest) Name() string { return t.name }

// Metric implements Test.
func (t *RangeTest) Metric() metrics.Metric {
	return &metrics.ValueRange{Column: t.Column, Left: t.Left, Right: t.Right}
}

// Check implements Test.
func (t *RangeTest) Check(ctx context.Context, result metrics.Result) Outcome {
	share := t.name == "ShareOfOutRangeValues"
	what := "Number of values out of range in column " + t.Column
	if share {
		what = "Share of values out of range in column " + t.Column
	}
	return valueCheck(&t.Base, result, what, false, share, eqZero)
}

// ListTest is ValueList, NumberOfOutListValues (the number of values not in
// Values) or ShareOfOutListValues (their share of the rows). A missing
// value is not in the list, as Evidently counts it (see metrics.ValueList).
// Without Values the list is the reference's values. Auto condition: = 0.
type ListTest struct {
	Base
	Column string `json:"column"`
	Values []any  `json:"values,omitempty"`
	name   string
}

// Name implements Test.
func (t *ListTest) Name() string { return t.name }

// Metric implements Test.
func (t *ListTest) Metric() metrics.Metric {
	return &metrics.ValueList{Column: t.Column, Values: t.Values}
}

// Check implements Test.
func (t *ListTest) Check(ctx context.Context, result metrics.Result) Outcome {
	share := t.name == "ShareOfOutListValues"
	what := "Number of values out of the list in column " + t.Column
	if share {
		what = "Share of values out of the list in column " + t.Column
	}
	o := valueCheck(&t.Base, result, what, false, share, eqZero)
	if r, ok := result.(*metrics.ValueCheckResult); ok {
		if m := r.Current.Rows - r.Current.NonMissing; m > 0 {
			o.Description += fmt.Sprintf(" (the %d missing values count as out of the list)", m)
		}
	}
	return o
}

// CategoryTest is CategoryCount (rows equal to Category) or CategoryShare
// (their share of the non-missing values). Auto: > 0 → = ref ± 10%.
type CategoryTest struct {
	Base
	Column   string `json:"column"`
	Category any    `json:"category"`
	name     string
}

// Name implements Test.
func (t *CategoryTest) Name() string { return t.name }

// Metric implements Test.
func (t *CategoryTest) Metric() metrics.Metric {
	return &metrics.CategoryCount{Column: t.Column, Category: t.Category}
}

// Check implements Test.
func (t *CategoryTest) Check(ctx context.Context, result metrics.Result) Outcome {
	share := t.name == "CategoryShare"
	what := fmt.Sprintf("Count of category %v in column %s", t.Category, t.Column)
	if share {
		what = fmt.Sprintf("Share of category %v in column %s", t.Category, t.Column)
	}
	return valueCheck(&t.Base, result, what, true, share, func(cur, ref *metrics.ValueCounts) *Condition {
		if ref == nil {
			return &Condition{Gt: Ptr(0)}
		}
		if share {
			return approxEq(float64(ref.InShare), 0.1)
		}
		return approxEq(float64(ref.In), 0.1)
	})
}

// ColumnRegExp tests the number of non-missing values of a column that do
// not match RegExp (at their start, as Python's re.match). Auto: = 0 →
// = ref·n_cur/n_ref ± 10% (counts scaled by non-missing values).
type ColumnRegExp struct {
	Base
	Column string `json:"column"`
	RegExp string `json:"reg_exp"`
}

// Name implements Test.
func (t *ColumnRegExp) Name() string { return "ColumnRegExp" }

// Metric implements Test.
func (t *ColumnRegExp) Metric() metrics.Metric {
	return &metrics.ColumnRegExp{Column: t.Column, RegExp: t.RegExp}
}

// Check implements Test.
func (t *ColumnRegExp) Check(ctx context.Context, result metrics.Result) Outcome {
	return valueCheck(&t.Base, result, fmt.Sprintf("Number of values of column %s not matching %s", t.Column, t.RegExp), false, false,
		func(cur, ref *metrics.ValueCounts) *Condition {
			if ref == nil {
				return &Condition{Eq: Ptr(0)}
			}
			return approxEq(scaled(float64(ref.Out), cur.NonMissing, ref.NonMissing), 0.1)
		})
}
