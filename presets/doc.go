// Package presets bundles metrics and tests as Evidently's presets do.
//
// Metric presets (a report): data-drift, data-summary, data-quality
// (data-summary and DatasetMissingValues), classification, regression,
// target-drift. EvidentlyAliases maps Evidently's preset classes
// (DataDriftPreset, DataStabilityTestPreset, ...) to them. Test presets
// (a suite): data-stability, data-quality, data-drift,
// no-target-performance, regression, binary-classification,
// binary-classification-topk, multiclass-classification.
//
// A preset is a struct whose exported, json-tagged fields are its options
// (the drift presets take stattest, num_stattest, cat_stattest,
// text_stattest, per_column_stattest, their _threshold variants and
// drift_share, passed through to the drift metrics and tests by their json
// names, and embeddings and embeddings_drift_method, which choose the
// groups of embeddings checked by EmbeddingsDrift and their options; the
// classification test presets take stattest and stattest_threshold for
// the drift test of the target). Build turns it into metrics and tests for the data at hand,
// because several presets depend on the column mapping (a ColumnDrift test
// of the target only when there is one, RocAuc only with probabilities, a
// PrecisionByClass test per label). Presets build their parts from
// metrics.Catalog, tests.Catalog and tests.GeneratorCatalog by name, so a
// part that is not registered is an error that names it.
//
// # Where telltale differs from Evidently
//
//   - data-stability and no-target-performance leave out Evidently's
//     TestColumnsType: telltale reads the current data with the
//     reference's column types (dataset.ReadPair), so the test could not
//     fail, and a mistyped value is caught when reading instead.
//   - An embeddings group named in embeddings or embeddings_drift_method
//     that the mapping does not have is an error; Evidently skips it.
//   - regression shows predicted against actual values as a count grid
//     and a scatter of at most 1,000 rows (RegressionPredictedVsActual)
//     where Evidently draws every point or a density contour; its
//     over-time plots (RegressionOverTime) need the mapping's datetime
//     column, where Evidently plots by row index without one.
//   - classification includes ClassificationPRTable only when the mapping
//     has prediction probabilities, as Evidently does.
package presets
