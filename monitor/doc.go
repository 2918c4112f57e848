// Package monitor runs telltale's checks continuously over a live stream
// of rows: it keeps a sliding window of the latest rows of a dataset,
// recomputes a report (drift, data quality, model quality, tests) over it
// in the background against the reference, and exposes the results as
// Prometheus metrics. "telltale serve" is a thin HTTP server around it;
// a Go service can use it directly.
//
// # Use
//
//	ref, _ := dataset.Read(ctx, "ref.parquet", nil)
//	m, err := monitor.New(monitor.Config{
//		Name:      "churn",
//		Reference: ref,
//		Window:    monitor.Window{Rows: 10000},
//		Recompute: monitor.Recompute{EveryRows: 1000, Every: 30 * time.Second},
//	}, nil)
//	go m.Run(ctx)                  // recompute in the background
//	registry.MustRegister(m)       // a prometheus.Collector
//	m.Ingest(body, monitor.FormatJSON)  // or IngestReader, IngestFrame
//	last := m.Last()               // the last report's snapshot and window
//
// # Ingest
//
// Rows arrive as JSON lines, a JSON array of flat objects, or CSV with a
// header, optionally gzip-compressed. They are parsed straight into
// columns typed by the reference's schema (dataset.ParseNumber and
// dataset.ParseTime, as the file readers read), with no per-row maps.
// A batch is all or nothing: a malformed body, a value its column does not
// take, or a body over the limit is an *IngestError naming the row, line
// and column, and no row of it enters the window. Columns the reference
// lacks are ignored and counted; columns a row lacks are missing values.
// For JSON, null and "" are missing, a string that reads as a number is a
// number in a numerical column, numbers and booleans in a categorical
// column are their text, and the bare NaN (missing), Infinity and
// -Infinity that Python writes are accepted. For CSV, the fields of
// dataset.DefaultMissingValues are missing.
//
// # The window
//
// The window keeps the latest Window.Rows rows and, with a
// Window.Duration, only those of the last duration: by arrival time, or
// by the mapping's datetime column measured back from the newest datetime
// accepted (Window.ByDatetime). Categorical and text columns keep a
// dictionary of the levels the window holds, so memory stays flat however
// many distinct values stream through.
//
// # Recomputation
//
// Run recomputes after Recompute.EveryRows new rows or every
// Recompute.Every, whichever comes first, one recomputation at a time, on
// a copy of the window: ingestion never waits for it (it waits only for
// the copy, about 2 ms of CPU for 10,000 rows of 30 columns). The
// reference's sorted columns and statistics are kept between
// recomputations. When recomputation falls behind, the window keeps
// taking rows, and the staleness shows in telltale_snapshot_age_seconds and
// telltale_rows_since_recompute. A metric that fails or panics is that
// metric's error in the snapshot (report.Run contains it); a panic
// elsewhere in a recomputation is an error of that recomputation
// (telltale_recompute_errors_total), never a crash.
//
// # Metrics
//
// A Monitor is a prometheus.Collector; every series carries the label
// dataset. Collect copies the values of the last result, computed once
// when it was published, and the live counts; it never recomputes. The
// names (with the labels beyond dataset) are:
//
//	telltale_window_rows, telltale_window_max_rows
//	telltale_rows_accepted_total, telltale_rows_rejected_total, telltale_rows_evicted_total
//	telltale_batches_rejected_total{reason}
//	telltale_ignored_values_total, telltale_ignored_columns
//	telltale_recomputations_total, telltale_recompute_errors_total
//	telltale_recompute_duration_seconds (histogram)
//	telltale_last_recompute_timestamp_seconds, telltale_snapshot_age_seconds
//	telltale_rows_since_recompute, telltale_snapshot_rows, telltale_metric_errors
//	telltale_column_drift_score{column,stattest}, telltale_column_drift_threshold{column,stattest}
//	telltale_column_drifted{column,stattest}
//	telltale_drifted_columns, telltale_drift_tested_columns, telltale_drifted_columns_ratio
//	telltale_dataset_drift
//	telltale_column_missing_ratio{column}
//	telltale_tests{status}, telltale_test_status{test,status}
//	telltale_classification_{accuracy,precision,recall,f1,roc_auc}
//	telltale_regression_{mean_error,mean_absolute_error,root_mean_squared_error,
//	                     mean_absolute_percentage_error_ratio,r2}
//
// Drift comes from the report's first DataDrift metric, model quality from
// its first ClassificationQuality and RegressionQuality metrics (of the
// current window); undefined values are left out, never exported as NaN.
//
// # Concurrency
//
// A Monitor is safe for concurrent use by any number of goroutines.
package monitor
