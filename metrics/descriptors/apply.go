package descriptors

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
)

// Distinct returns ds without repeats (descriptors with equal IDs), in
// order. It is an error for two different descriptors to make columns of
// the same name: give one a display_name.
func Distinct(ds []Descriptor) ([]Descriptor, error) {
	var out []Descriptor
	byOutput := map[string]string{}
	for _, d := range ds {
		if d == nil {
			continue
		}
		id := ID(d)
		if prev, ok := byOutput[d.Output()]; ok {
			if prev != id {
				return nil, fmt.Errorf("descriptors: %s and %s both make the column %q: give one a display_name", prev, id, d.Output())
			}
			continue
		}
		byOutput[d.Output()] = id
		out = append(out, d)
	}
	return out, nil
}

// Apply returns f with the column of each descriptor of ds added after its
// own columns (repeats computed once, see Distinct), and the names of the
// added columns in order. It is an error for a descriptor's column to have
// the name of one of f's columns.
func Apply(ctx context.Context, f *dataset.Frame, ds []Descriptor) (*dataset.Frame, []string, error) {
	ds, err := Distinct(ds)
	if err != nil {
		return nil, nil, err
	}
	var cols []dataset.Column
	names := make([]string, 0, len(ds))
	for _, d := range ds {
		if _, clash := f.Column(d.Output()); clash {
			return nil, nil, fmt.Errorf("descriptors: %s: %s: the data already has a column %q: give the descriptor a display_name",
				f.Source(), d.Name(), d.Output())
		}
		c, err := d.Compute(ctx, f)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, c)
		names = append(names, d.Output())
	}
	g, err := f.WithColumns(cols...)
	if err != nil {
		return nil, nil, err
	}
	return g, names, nil
}

// textColumn returns the column d reads from f: a categorical or text
// column.
func textColumn(f *dataset.Frame, d Descriptor) (*dataset.StringColumn, error) {
	if d.Source() == "" {
		return nil, fmt.Errorf("descriptors: %s: no column given (the key \"column\")", d.Name())
	}
	c, ok := f.Column(d.Source())
	if !ok {
		return nil, &dataset.ColumnError{Source: f.Source(), Column: d.Source(),
			Err: fmt.Errorf("%w (descriptor %s)", dataset.ErrNoColumn, d.Name())}
	}
	s, ok := c.(*dataset.StringColumn)
	if !ok {
		return nil, &dataset.ColumnError{Source: f.Source(), Column: d.Source(),
			Err: fmt.Errorf("%w: descriptor %s reads text, the column is %s", dataset.ErrColumnType, d.Name(), c.Type())}
	}
	return s, nil
}

// checkEvery is how many levels a loop handles between checks of ctx.
const checkEvery = 1 << 12

// numeric computes a numerical column from fn of each distinct value of
// d's column (dictionary-encoded, so each distinct text is computed once);
// a missing row gets missing, as Evidently's descriptors give missing text
// 0. Counts (ints) make an integer column.
func numeric(ctx context.Context, f *dataset.Frame, d Descriptor, missing float64, ints bool, fn func(string) float64) (dataset.Column, error) {
	c, err := textColumn(f, d)
	if err != nil {
		return nil, err
	}
	levels := c.Levels()
	vals := make([]float64, len(levels))
	for i, l := range levels {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		vals[i] = fn(l)
	}
	codes := c.Codes()
	if ints {
		out := make([]int64, len(codes))
		for i, k := range codes {
			if k < 0 {
				out[i] = int64(missing)
			} else {
				out[i] = int64(vals[k])
			}
		}
		return dataset.NewIntColumn(d.Output(), out, nil), nil
	}
	out := make([]float64, len(codes))
	for i, k := range codes {
		if k < 0 {
			out[i] = missing
		} else {
			out[i] = vals[k]
		}
	}
	return dataset.NewNumericColumn(d.Output(), out), nil
}

// A verdict is a yes/no answer of a categorical descriptor about one text:
// no, yes, or missing (the descriptor has no answer, as pandas gives NaN).
type verdict int8

const (
	missingVerdict verdict = -1
	no             verdict = 0
	yes            verdict = 1
)

// boolLevels are the categories of descriptors whose Evidently feature
// returns Python booleans; intLevels of those returning 0 and 1.
var (
	boolLevels = [2]string{"False", "True"}
	intLevels  = [2]string{"0", "1"}
)

// categorical computes a categorical column of two levels (no, yes) from
// fn of each distinct value; onMissing is the verdict for a missing row.
func categorical(ctx context.Context, f *dataset.Frame, d Descriptor, levels [2]string, onMissing verdict, fn func(string) verdict) (dataset.Column, error) {
	c, err := textColumn(f, d)
	if err != nil {
		return nil, err
	}
	src := c.Levels()
	vals := make([]int32, len(src))
	for i, l := range src {
		if i%checkEvery == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		vals[i] = int32(fn(l))
	}
	codes := c.Codes()
	out := make([]int32, len(codes))
	miss := int32(onMissing)
	for i, k := range codes {
		if k < 0 {
			out[i] = miss
		} else {
			out[i] = vals[k]
		}
	}
	return twoLevels(d.Output(), out, levels)
}
