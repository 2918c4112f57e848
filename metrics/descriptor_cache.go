package metrics

import (
	"context"
	"fmt"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// descriptorResult is a descriptor's column over a frame, or why not.
type descriptorResult struct {
	col dataset.Column
	err error
}

// descriptorColumn returns d's column over frame f, computed once per
// frame and descriptor (descriptors.ID) for the metrics sharing the cache:
// TextDescriptorsDrift, TextDescriptorsDistribution and the by-feature
// tables on one text column compute its descriptors once.
func (c *Cache) descriptorColumn(ctx context.Context, f *dataset.Frame, d descriptors.Descriptor) (dataset.Column, error) {
	compute := func() descriptorResult {
		col, err := d.Compute(ctx, f)
		return descriptorResult{col, err}
	}
	if c == nil {
		r := compute()
		return r.col, r.err
	}
	k := cacheKey{f, descriptors.ID(d)}
	r := cached(c, &c.descriptors, k, compute)
	if r.err != nil {
		// A failure (a cancelled run) is not kept: the next call tries again.
		c.mu.Lock()
		delete(c.descriptors, k)
		c.mu.Unlock()
	}
	return r.col, r.err
}

// applyDescriptors is descriptors.Apply with the columns from the cache:
// base (f, or some of f's columns) with the column of each descriptor of
// ds over f added, and their names. A descriptor column f already has (a
// report's descriptors, listed in the mapping's Descriptors) is taken as
// it is; any other column of that name is an error.
func applyDescriptors(ctx context.Context, in *Input, f, base *dataset.Frame, ds []descriptors.Descriptor) (*dataset.Frame, []string, error) {
	ds, err := descriptors.Distinct(ds)
	if err != nil {
		return nil, nil, err
	}
	var cols []dataset.Column
	names := make([]string, 0, len(ds))
	for _, d := range ds {
		name := d.Output()
		names = append(names, name)
		if c, ok := f.Column(name); ok {
			if !slices.Contains(in.Def().Descriptors, name) {
				return nil, nil, fmt.Errorf("descriptors: %s: %s: the data already has a column %q: give the descriptor a display_name",
					f.Source(), d.Name(), name)
			}
			if _, ok := base.Column(name); !ok {
				cols = append(cols, c)
			}
			continue
		}
		c, err := in.Cache.descriptorColumn(ctx, f, d)
		if err != nil {
			return nil, nil, err
		}
		cols = append(cols, c)
	}
	g, err := base.WithColumns(cols...)
	if err != nil {
		return nil, nil, err
	}
	return g, names, nil
}
