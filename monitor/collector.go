package monitor

import (
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// collectorState holds a monitor's metric descriptors and the counts that
// are not under the window's lock. Every series has the label dataset.
type collectorState struct {
	m *Monitor

	// Live values, read at each scrape.
	windowRows, windowMaxRows, accepted, evicted, rejectedRowsDesc, batchesRejected *prometheus.Desc
	ignoredValuesDesc, ignoredColumns, recomputations                               *prometheus.Desc
	lastRecompute, snapshotAge, rowsSinceRecompute, snapshotRows, metricErrorsDesc  *prometheus.Desc

	rejectedRows      atomic.Int64
	rejected          map[string]*atomic.Int64 // by reason; the map is fixed after New
	ignoredValues     atomic.Int64
	recomputeErrors   prometheus.Counter
	recomputeDuration prometheus.Histogram

	// Values of the last result (see publish).
	columnDriftScore, columnDriftThreshold, columnDrifted          *prometheus.Desc
	driftedColumns, driftedColumnsRatio, datasetDrift, driftTested *prometheus.Desc
	columnMissingRatio, tests, testStatus                          *prometheus.Desc
	classification, regression                                     map[string]*prometheus.Desc
}

// Metric names, labels and help; the README lists them for users, who
// alert on them: change them only with a note.
func newCollectorState(m *Monitor) *collectorState {
	labels := prometheus.Labels{"dataset": m.name}
	desc := func(name, help string, vars ...string) *prometheus.Desc {
		return prometheus.NewDesc("telltale_"+name, help, vars, labels)
	}
	s := &collectorState{m: m,
		windowRows:         desc("window_rows", "Rows in the live window now."),
		windowMaxRows:      desc("window_max_rows", "The most rows the window keeps (window.rows)."),
		accepted:           desc("rows_accepted_total", "Rows accepted into the window."),
		evicted:            desc("rows_evicted_total", "Rows that left the window (by rows or by time)."),
		rejectedRowsDesc:   desc("rows_rejected_total", "Rows of rejected batches, counted up to the row with the error."),
		batchesRejected:    desc("batches_rejected_total", "Batches rejected, by reason: malformed, invalid_value, too_large, unsupported_format, no_rows.", "reason"),
		ignoredValuesDesc:  desc("ignored_values_total", "Values of columns the reference lacks, ignored."),
		ignoredColumns:     desc("ignored_columns", "Distinct names of ignored columns seen (at most 1000 are remembered)."),
		recomputations:     desc("recomputations_total", "Successful recomputations of the report."),
		lastRecompute:      desc("last_recompute_timestamp_seconds", "When the last successful recomputation ended, in Unix seconds."),
		snapshotAge:        desc("snapshot_age_seconds", "Seconds since the window of the last recomputation was copied: how stale the metrics are."),
		rowsSinceRecompute: desc("rows_since_recompute", "Rows accepted since the window of the last recomputation was copied."),
		snapshotRows:       desc("snapshot_rows", "Rows in the window the last recomputation ran on."),
		metricErrorsDesc:   desc("metric_errors", "Metrics of the last recomputation that failed (their tests are ERROR)."),

		columnDriftScore:     desc("column_drift_score", "Drift score of a column in the last recomputation: the stat test's p-value, or its distance (see stattest).", "column", "stattest"),
		columnDriftThreshold: desc("column_drift_threshold", "Threshold of a column's stat test: a p-value below it, or a distance at or above it, is drift.", "column", "stattest"),
		columnDrifted:        desc("column_drifted", "1 when a column drifted in the last recomputation, else 0.", "column", "stattest"),
		driftedColumns:       desc("drifted_columns", "Number of drifted columns."),
		driftTested:          desc("drift_tested_columns", "Number of columns tested for drift without error."),
		driftedColumnsRatio:  desc("drifted_columns_ratio", "Share of drifted columns among those tested (0 to 1)."),
		datasetDrift:         desc("dataset_drift", "1 when the dataset drifted (the share of drifted columns reached drift_share), else 0."),
		columnMissingRatio:   desc("column_missing_ratio", "Share of missing values of a column in the window of the last recomputation (0 to 1).", "column"),
		tests:                desc("tests", "Tests of the last recomputation by status.", "status"),
		testStatus:           desc("test_status", "1 for the status of each test of the last recomputation, 0 for the other statuses.", "test", "status"),
		classification:       map[string]*prometheus.Desc{},
		regression:           map[string]*prometheus.Desc{},
		rejected:             map[string]*atomic.Int64{},
	}
	for _, q := range classificationGauges() {
		s.classification[q.key] = desc("classification_"+q.name, q.help)
	}
	for _, q := range regressionGauges() {
		s.regression[q.key] = desc("regression_"+q.name, q.help)
	}
	for _, r := range reasons() {
		s.rejected[r] = &atomic.Int64{}
	}
	s.recomputeErrors = prometheus.NewCounter(prometheus.CounterOpts{Name: "telltale_recompute_errors_total",
		Help: "Recomputations that failed as a whole (a metric's own failure is counted in telltale_metric_errors).", ConstLabels: labels})
	s.recomputeDuration = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "telltale_recompute_duration_seconds",
		Help: "How long recomputations took.", ConstLabels: labels,
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}})
	return s
}

type gauge struct{ key, name, help string }

// classificationGauges are the model quality gauges of a classifier, by
// ClassificationQuality's field of the current data.
func classificationGauges() []gauge {
	return []gauge{
		{"accuracy", "accuracy", "Accuracy of the current window (ClassificationQuality)."},
		{"precision", "precision", "Precision of the current window: at the positive label (binary) or macro-averaged (multiclass)."},
		{"recall", "recall", "Recall of the current window: at the positive label (binary) or macro-averaged (multiclass)."},
		{"f1", "f1", "F1 score of the current window: at the positive label (binary) or macro-averaged (multiclass)."},
		{"roc_auc", "roc_auc", "ROC AUC of the current window, when the rows carry predicted probabilities."},
	}
}

// regressionGauges are the model quality gauges of a regression, by
// RegressionQuality's field of the current data.
func regressionGauges() []gauge {
	return []gauge{
		{"mean_error", "mean_error", "Mean error (prediction - target) of the current window (RegressionQuality)."},
		{"mae", "mean_absolute_error", "Mean absolute error of the current window."},
		{"rmse", "root_mean_squared_error", "Root mean squared error of the current window."},
		{"mape", "mean_absolute_percentage_error_ratio", "Mean absolute percentage error of the current window, as a ratio (RegressionQuality's mape / 100)."},
		{"r2", "r2", "Coefficient of determination R² of the current window."},
	}
}

func (s *collectorState) describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{s.windowRows, s.windowMaxRows, s.accepted, s.evicted, s.rejectedRowsDesc,
		s.batchesRejected, s.ignoredValuesDesc, s.ignoredColumns, s.recomputations, s.lastRecompute, s.snapshotAge,
		s.rowsSinceRecompute, s.snapshotRows, s.metricErrorsDesc, s.columnDriftScore, s.columnDriftThreshold,
		s.columnDrifted, s.driftedColumns, s.driftTested, s.driftedColumnsRatio, s.datasetDrift, s.columnMissingRatio,
		s.tests, s.testStatus} {
		ch <- d
	}
	for _, q := range classificationGauges() {
		ch <- s.classification[q.key]
	}
	for _, q := range regressionGauges() {
		ch <- s.regression[q.key]
	}
	s.recomputeErrors.Describe(ch)
	s.recomputeDuration.Describe(ch)
}

func (s *collectorState) collect(ch chan<- prometheus.Metric) {
	m := s.m
	now := m.opts.Clock()
	m.mu.Lock()
	rows := m.win.rows(now.UnixNano())
	accepted, evicted, ignored := m.accepted, m.win.evicted, len(m.ignored)
	m.mu.Unlock()

	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	gauge(s.windowRows, float64(rows))
	gauge(s.windowMaxRows, float64(m.cfg.Window.Rows))
	counter(s.accepted, float64(accepted))
	counter(s.evicted, float64(evicted))
	counter(s.rejectedRowsDesc, float64(s.rejectedRows.Load()))
	for _, r := range reasons() {
		counter(s.batchesRejected, float64(s.rejected[r].Load()), r)
	}
	counter(s.ignoredValuesDesc, float64(s.ignoredValues.Load()))
	gauge(s.ignoredColumns, float64(ignored))
	counter(s.recomputations, float64(m.seq.Load()))
	s.recomputeErrors.Collect(ch)
	s.recomputeDuration.Collect(ch)

	p := m.last.Load()
	if p == nil {
		return
	}
	r := p.result
	gauge(s.lastRecompute, float64(r.WindowAt.Add(r.Duration).UnixNano())/1e9)
	gauge(s.snapshotAge, max(0, now.Sub(r.WindowAt).Seconds()))
	gauge(s.rowsSinceRecompute, float64(accepted-r.Accepted))
	gauge(s.snapshotRows, float64(r.Current.Len()))
	gauge(s.metricErrorsDesc, float64(p.metricErrors))
	for _, v := range p.values {
		ch <- prometheus.MustNewConstMetric(v.desc, prometheus.GaugeValue, v.value, v.labels...)
	}
}
