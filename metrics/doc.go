// Package metrics computes what telltale reports about a current dataset,
// compared with a reference one: drift, data quality, model quality.
//
// # Metrics and results
//
// A Metric computes one Result from an Input: the reference frame (nil when
// there is none), the current frame and the column Definition. Results are
// plain Go structs, serialised to JSON as they are (their json tags are the
// profile's contract) and read by tests by their Go type. A result carries
// the aggregates its charts need (bin edges and counts, curve points,
// matrices), never raw rows and never chart code.
//
// A metric may also implement Parameterized, so that reports can tell two
// metrics of the same name apart (ColumnDrift of "age" and of "income") and
// compute each distinct metric once.
//
// # Contract for implementers
//
// Compute must not modify its Input, must be safe to call concurrently on
// the same Input, should return promptly with ctx.Err() when ctx is done,
// and must be deterministic: the same input gives the same result. A data
// problem (a missing column, a column empty after dropping missing values)
// is an error, not a panic; an undefined statistic is a documented NaN or an
// error, never a silent wrong decision.
//
// # Where telltale differs from Evidently
//
// The drift tests' differences are listed in package stattest. Beyond
// them:
//
//   - Integer columns with at most 10 distinct values are categorical
//     (Evidently's new-API rule), where Evidently's legacy API keeps them
//     numerical up to 5 and computes with the numbers. Where Evidently
//     uses the numbers of such a column, so does telltale: ColumnSummary's
//     quantiles and ValueRange read a categorical column whose values are
//     all numbers by its numbers, and Align spells its categories
//     canonically (1.0 and 1 are one category).
//   - ValueRange with one bound and no reference data is open on the
//     other side; Evidently raises "Reference should be present". With
//     reference data both take the missing bound from the reference.
//   - CategoryCount's share is over the non-missing values (Evidently's
//     new API); its legacy ColumnCategoryMetric divides by all rows.
//     ValueList counts a missing value as out of the list and divides by
//     all rows, as both of Evidently's APIs do.
//   - The classification metrics check that probabilities lie in [0, 1],
//     and in a multiclass task that each row's sum to 1 within 0.01;
//     Evidently checks neither. A binary task reads only the positive
//     label's column, as Evidently does, and notes rows whose columns do
//     not sum to 1.
//   - TargetCorrelations' abs_max_target_features and
//     abs_max_prediction_features are the largest |correlation| of the
//     target (prediction) with a feature; Evidently's maxima also take in
//     the features' correlations with one another. With probabilities
//     only, the prediction's correlations are null (Evidently derives
//     labels first).
//   - Shares with a zero denominator (no rows, no columns) are null, where
//     Evidently's missing-value and conflict metrics write 0; conflict
//     shares are not rounded to 3 decimals.
//   - DataQualityStability leaves the probability columns out with the
//     prediction; Evidently compares them when the prediction is a list of
//     probability columns.
//   - EmbeddingsDrift's model method (Evidently's default) reproduces
//     NumPy's and scikit-learn's split, shuffles and updates exactly, with
//     correctly rounded exponentials; a fit that barely separates the
//     datasets can still end a few hundredths of AUC away from Evidently's
//     when a one-ulp difference grows over the epochs. pca_components is
//     the exact PCA, where scikit-learn's default solver turns to a
//     randomized SVD above 500 rows or columns. The distance and mmd
//     bootstraps draw from a seeded PCG generator, not NumPy's.
//   - The text descriptors' differences are listed in package
//     descriptors. TextDescriptorsDrift decides the text's drift with
//     drift_share 0.5, where Evidently's is always true (it passes 0).
//   - The over-time views (ColumnOverTime, RegressionOverTime,
//     ColumnSummary's over_time) need the mapping's datetime column;
//     without one Evidently plots by row index. The absolute percentage
//     error divides by |target|, Evidently by the signed target.
//   - The by-feature tables (ClassificationQualityByFeatureTable,
//     TargetByFeaturesTable) and the predicted-vs-actual picture hold
//     counts and means per bin (and a bounded sample of points) where
//     Evidently ships every row; Evidently's by-feature table is empty
//     unless raw_data is set, telltale's never is.
//   - DataDrift's feature_importance shows importances the user gives,
//     or else fits a decision tree (scikit-learn's
//     DecisionTreeClassifier(max_depth=5, min_samples_leaf=20), package
//     cart) to tell the reference rows from the current ones and gives
//     each column's drift_importance; Evidently fits an unseeded random
//     forest to the target, whose numbers change from run to run.
package metrics
