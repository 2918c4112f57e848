package metrics_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/telltale-ml/telltale/metrics"
)

func TestQualityCatalog(t *testing.T) {
	c := metrics.Catalog()
	for _, name := range []string{"DatasetSummary", "ColumnSummary", "ColumnSummaries", "ValueRange", "ValueList",
		"CategoryCount", "ColumnRegExp", "Correlations"} {
		f, ok := c[name]
		if assert.True(t, ok, name) {
			assert.Equal(t, name, f().Name())
		}
	}
}

func ExampleLookup() {
	f, alias, ok := metrics.Lookup("ColumnDriftMetric")
	fmt.Println(ok, f().Name(), alias.Key("column_name"))
	fmt.Println(alias.Said())
	// Output:
	// true ColumnDrift column
	// ColumnDriftMetric is Evidently's name for ColumnDrift
}
