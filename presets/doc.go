// Package presets bundles metrics and tests as Evidently's presets do.
//
// Metric presets (a report): data-drift, data-summary (alias
// data-quality), classification, regression, target-drift. Test presets
// (a suite): data-stability, data-quality, data-drift,
// no-target-performance, regression, binary-classification,
// binary-classification-topk, multiclass-classification.
//
// A preset is a struct whose exported, json-tagged fields are its options
// (the drift presets take stattest, num_stattest, cat_stattest,
// text_stattest, per_column_stattest, their _threshold variants and
// drift_share, passed through to the drift metrics and tests by their json
// names). Build turns it into metrics and tests for the data at hand,
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
//   - data-drift (both kinds) and no-target-performance check each
//     embeddings group of the mapping with EmbeddingsDrift's default
//     method, distance (Evidently's default, model, is not offered; see
//     metrics.EmbeddingsDrift); Evidently's options to pick the
//     groups and the method (embeddings, embeddings_drift_method) are not
//     preset options: list EmbeddingsDrift in the config's metrics or tests
//     for another method.
//   - classification includes ClassificationPRTable only when the mapping
//     has prediction probabilities, as Evidently does.
package presets
