package monitor

import (
	"fmt"
	"math"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// published is a result with the metric values it gives, computed once
// when it is published so that a scrape only copies them.
type published struct {
	result       *Result
	values       []value
	metricErrors int
	drift        *metrics.DataDriftResult // the first DataDrift result, nil without
}

type value struct {
	desc   *prometheus.Desc
	value  float64
	labels []string
}

// publish derives the metric values of a result:
//
//   - drift from the first DataDrift metric: per column its score,
//     threshold and drifted flag (columns that could not be tested have
//     none), the number, share and verdict;
//   - each column's missing share in the window;
//   - the tests by status, and each test's status;
//   - model quality of the current data from the first
//     ClassificationQuality and RegressionQuality metrics, when defined.
//
// Undefined values (NaN) are left out rather than exported as NaN. A
// panic here is returned as an error.
func publish(m *Monitor, r *Result) (p *published, err error) {
	defer func() {
		if rec := recover(); rec != nil {
			p, err = nil, fmt.Errorf("monitor: %s: deriving the metrics panicked: %v", m.name, rec)
		}
	}()
	s := m.m
	p = &published{result: r}
	add := func(d *prometheus.Desc, v float64, labels ...string) {
		if math.IsNaN(v) {
			return
		}
		for i, l := range labels {
			labels[i] = strings.ToValidUTF8(l, "\uFFFD")
		}
		p.values = append(p.values, value{d, v, labels})
	}
	var class *metrics.ClassificationQualityResult
	var reg *metrics.RegressionQualityResult
	for i := range r.Snapshot.Metrics {
		e := &r.Snapshot.Metrics[i]
		if e.Error != "" {
			p.metricErrors++
			continue
		}
		switch res := e.Result.(type) {
		case *metrics.DataDriftResult:
			if p.drift == nil {
				p.drift = res
			}
		case *metrics.ClassificationQualityResult:
			if class == nil {
				class = res
			}
		case *metrics.RegressionQualityResult:
			if reg == nil {
				reg = res
			}
		}
	}
	if d := p.drift; d != nil {
		for _, c := range d.Columns {
			if c.Error != "" || !c.Drifted.Tested() {
				continue
			}
			add(s.columnDriftScore, float64(c.Score), c.Column, c.StatTest)
			add(s.columnDriftThreshold, float64(c.Threshold), c.Column, c.StatTest)
			add(s.columnDrifted, b2f(c.Drifted == metrics.Drift), c.Column, c.StatTest)
		}
		add(s.driftedColumns, float64(d.NumberOfDriftedColumns))
		add(s.driftTested, float64(d.NumberOfColumns))
		add(s.driftedColumnsRatio, float64(d.ShareOfDriftedColumns))
		add(s.datasetDrift, b2f(d.DatasetDrift))
	}
	if n := r.Current.Len(); n > 0 {
		for _, c := range r.Current.Columns() {
			add(s.columnMissingRatio, float64(c.NullN())/float64(n), c.Name())
		}
	}
	sum := r.Snapshot.Summary
	for _, st := range []struct {
		status tests.Status
		n      int
	}{{tests.Success, sum.Success}, {tests.Fail, sum.Fail}, {tests.Warning, sum.Warning}, {tests.Error, sum.Error}, {tests.Skipped, sum.Skipped}} {
		add(s.tests, float64(st.n), string(st.status))
	}
	for _, o := range r.Snapshot.Tests {
		for _, st := range tests.Statuses() {
			add(s.testStatus, b2f(o.Status == st), o.ID, string(st))
		}
	}
	if class != nil && class.Current != nil {
		c := class.Current
		for k, v := range map[string]metrics.Float{"accuracy": c.Accuracy, "precision": c.Precision, "recall": c.Recall, "f1": c.F1, "roc_auc": c.RocAuc} {
			add(s.classification[k], finite(v))
		}
	}
	if reg != nil && reg.Current != nil {
		c := reg.Current
		for k, v := range map[string]metrics.Float{"mean_error": c.MeanError, "mae": c.MAE, "rmse": c.RMSE, "mape": c.MAPE / 100, "r2": c.R2} {
			add(s.regression[k], finite(v))
		}
	}
	return p, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// finite returns v, or NaN (left out) when it is infinite or NaN.
func finite(v metrics.Float) float64 {
	f := float64(v)
	if math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}
