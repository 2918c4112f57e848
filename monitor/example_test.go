package monitor_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
)

// A monitor inside a Go service: a reference, rows fed as they come, a
// recomputation, and the metrics on the service's own registry.
func Example() {
	ctx := context.Background()
	ref, err := dataset.ReadCSV(ctx, strings.NewReader(
		"amount,plan\n10.5,free\n12.25,free\n11,pro\n13.5,free\n9.75,pro\n10,free\n12.5,pro\n11.25,free\n"), "ref.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := monitor.New(monitor.Config{Name: "payments", Reference: ref, Window: monitor.Window{Rows: 100}}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	// In a service: go m.Run(ctx) recomputes in the background.
	reg := prometheus.NewRegistry()
	reg.MustRegister(m)

	got, err := m.Ingest([]byte(`{"amount": 31, "plan": "pro"}
{"amount": 29, "plan": "pro", "region": "eu"}
{"amount": 35, "plan": "pro"}
{"amount": 33}
`), monitor.FormatJSON)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("accepted %d rows, ignored %v\n", got.Rows, got.IgnoredColumns)

	// A wrong value rejects the whole batch, naming the place.
	_, err = m.Ingest([]byte("amount,plan\n30,pro\nlots,pro\n"), monitor.FormatCSV)
	fmt.Println(err)

	res, err := m.Recompute(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("recomputation %d over %d rows: %d tests\n", res.Seq, res.Current.Len(), res.Snapshot.Summary.Total)

	fams, _ := reg.Gather()
	for _, f := range fams {
		switch f.GetName() {
		case "telltale_window_rows", "telltale_rows_rejected_total", "telltale_column_drifted":
			for _, s := range f.GetMetric() {
				v := s.GetGauge().GetValue() + s.GetCounter().GetValue()
				var labels []string
				for _, l := range s.GetLabel() {
					labels = append(labels, l.GetName()+"="+l.GetValue())
				}
				fmt.Printf("%s{%s} %g\n", f.GetName(), strings.Join(labels, ","), v)
			}
		}
	}
	// Output:
	// accepted 4 rows, ignored [region]
	// row 2 (line 3), column "amount": want a number (the reference's column is numerical), got "lots"
	// recomputation 1 over 4 rows: 0 tests
	// telltale_column_drifted{column=amount,dataset=payments,stattest=ks} 1
	// telltale_column_drifted{column=plan,dataset=payments,stattest=z} 0
	// telltale_rows_rejected_total{dataset=payments} 2
	// telltale_window_rows{dataset=payments} 4
}
