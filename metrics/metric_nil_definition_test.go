package metrics_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

// TestNilDefinitionIsTheZeroDefinition: every built-in metric computes, or
// returns an error, when Input.Definition is nil; none panics.
func TestNilDefinitionIsTheZeroDefinition(t *testing.T) {
	f := frameOf(t,
		dataset.NewNumericColumn("x", []float64{1, 2, 3, 4, 5, 6}),
		dataset.NewNumericColumn("y", []float64{2, 1, 4, 3, 6, 5}),
		dataset.NewStringColumn("c", dataset.Categorical, []string{"a", "b", "a", "b", "a", "b"}, nil))
	for _, name := range metrics.CatalogNames() {
		m := metrics.Catalog()[name]()
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s panics with a nil Definition: %v", name, r)
				}
			}()
			_, _ = m.Compute(context.Background(), &metrics.Input{Reference: f, Current: f})
		}()
	}
	// DataDrift tests every column, as with a zero Definition.
	r, err := (&metrics.DataDrift{}).Compute(context.Background(), &metrics.Input{Reference: f, Current: f})
	assert.NoError(t, err)
	assert.Equal(t, 3, r.(*metrics.DataDriftResult).NumberOfColumns, fmt.Sprint(r))
}
