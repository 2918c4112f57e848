package report_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/report"
)

func TestTimeRangeFromTheInferredDatetimeColumn(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2014, 1, d, 0, 0, 0, 0, time.UTC) }
	ts := dataset.NewTimeColumn("date", []time.Time{day(3), day(1), day(9)}, nil)
	other := dataset.NewTimeColumn("signup", []time.Time{day(2), day(2), day(2)}, nil)
	x := dataset.NewNumericColumn("x", []float64{1, 2, 3})
	r := &report.Report{Metrics: []metrics.Metric{&metrics.DatasetSummary{}}}
	for _, c := range []struct {
		cols   []dataset.Column
		def    *dataset.Definition
		column string
		want   *[2]string
	}{
		{[]dataset.Column{ts, x}, nil, "date", &[2]string{"2014-01-01T00:00:00Z", "2014-01-09T00:00:00Z"}},
		{[]dataset.Column{ts, other, x}, nil, "", nil}, // which one? none
		{[]dataset.Column{ts, other, x}, &dataset.Definition{Datetime: "signup"}, "signup", &[2]string{"2014-01-02T00:00:00Z", "2014-01-02T00:00:00Z"}},
		{[]dataset.Column{x}, nil, "", nil},
	} {
		f, err := dataset.New("data.csv", c.cols...)
		require.NoError(t, err)
		s, err := r.Run(t.Context(), report.Data{Current: f, Definition: c.def}, nil)
		require.NoError(t, err)
		assert.Equal(t, c.want, s.Datasets.Current.TimeRange)
		assert.Equal(t, c.column, s.Datasets.Current.TimeColumn)
	}
}
