// Package stattest holds the drift statistical tests that compare a
// reference sample with a current sample, the registry that names them as
// Evidently does, and the automatic choice of a test per column.
//
// # Inputs
//
// Numerical tests work on [Sample] values: a column's finite values, copied
// and sorted once, with n, mean and standard deviation precomputed, so that
// KS, Cramér-von Mises, Anderson-Darling, Mann-Whitney, Wasserstein, energy
// distance and the binning share one sort. The caller removes NaN and ±Inf
// first (Evidently does the same before any test); [NewSample] rejects them
// with [ErrNotFinite]. Categorical tests work on [Counts]: the union of the
// categories seen on either side with the number of rows of each.
//
// # Results
//
// Every test returns a [Result] with the statistic, the p-value (NaN for
// distance tests: the JSON layer writes it as null), the score compared with
// the threshold, the threshold and the decision. A statistic that is not
// defined for the data (an empty side, a constant pooled sample where the
// test needs spread, the wrong column kind) is an error wrapping one of the
// sentinels [ErrEmpty], [ErrConstant], [ErrTooFew], [ErrWrongKind] or
// [ErrTooManyCategories], never a NaN decision.
//
// # Differences from Evidently
//
// telltale follows Evidently's names, defaults, thresholds and drift
// directions (see [Default]) and agrees with the SciPy calls Evidently makes,
// except where Evidently contradicts its own documentation or returns NaN:
//
//   - mannw is two-sided by default, as Evidently's docs say; Evidently
//     calls mannwhitneyu(alternative="less"). [Options.Alternative] selects
//     "less" to reproduce Evidently exactly.
//   - The n_bins parameter of psi, kl_div and jensenshannon is dead code in
//     Evidently; here [Options.Bins] > 0 really sets the number of
//     equal-width bins over the pooled range of a numerical column.
//   - Constant, empty or too-small inputs that make Evidently or SciPy
//     return NaN (t_test on two identical constants, anderson with one
//     distinct value, es with a zero IQR, ...) return an error.
//   - chisquare and g_test with a single category (df = 0) give statistic
//     0 and p = 1 where SciPy returns NaN.
//   - z and chisquare accept numerical columns asked for by name (Evidently
//     raises StatTestInvalidFeatureTypeError, although its automatic choice
//     uses them on numerical columns).
//   - g_test rescales the expected counts to the current total, as
//     chisquare does; Evidently passes raw reference counts, which SciPy
//     >= 1.9 rejects when the totals differ. With equal totals both agree.
//   - fisher_exact accepts samples of different lengths (Evidently raises);
//     it needs at most two categories in the union.
//   - TVD and empirical_mmd permutation tests use a seeded PCG generator
//     ([Options.Seed]), so their p-values are reproducible but not equal to
//     NumPy's random streams. empirical_mmd draws at most
//     [Options.MaxSamples] rows per side (default 1000, seeded) because the
//     kernel matrix is quadratic; Evidently uses every row.
//   - The text tests (perc_text_content_drift, abs_text_content_drift)
//     train Evidently's domain classifier in pure Go ([DomainClassifier]):
//     the same TF-IDF features and modified-Huber SGD with L1, checked
//     against scikit-learn to 1e-9 when SGD does not shuffle. Its random
//     streams (split, epochs) are PCG, so AUCs agree with Evidently's in
//     spirit, not digit for digit. Each side is sorted before the seeded
//     split, so row order never matters, and capped at [TextMaxRows] rows
//     (a seeded sample). perc_text_content_drift reports p_value =
//     1 - threshold, the level Evidently passes, not a p-value of the data;
//     the 1000 random AUCs it compares with are drawn exactly from the
//     rank distribution instead of scoring random predictions.
//
// # Cost
//
// [NewSample] sorts once (O(n log n)); every order-based test then walks
// the two sorted samples in O(n1 + n2): KS (exact p-value only up to
// KSMaxExactN rows, as SciPy), Cramér-von Mises, Anderson-Darling,
// Mann-Whitney (mid-ranks with tie correction), Wasserstein and energy
// distance (sorted CDFs), the histograms of the binned tests. Two columns of
// 3M rows each take about 1.5 s for the two sorts and eleven tests
// (BenchmarkColumn3M). Permutation tests cost more: TVD draws each
// permutation's category counts from the multivariate hypergeometric
// distribution, O(Permutations · Σ σ_category) and independent of the
// number of rows (1000 permutations of 1M rows per side in 20 categories:
// 15 ms, BenchmarkTVD1M); empirical_mmd is O(MaxSamples² · Permutations).
// Neither is ever chosen automatically. The text tests cost a sort and one
// pass of TF-IDF per side plus at most 50 SGD epochs over the sparse rows.
//
// # Agreement with SciPy
//
// testdata/refs.json holds values computed with SciPy 1.10.1 by
// internal/testdata/gen/stattest_refs.py, each with the call that produced
// it. Statistics agree to 1e-9 relative, p-values to 1e-7 relative and
// exact-mode p-values (ks exact, cramer_von_mises exact, mannw exact,
// fisher_exact) to 1e-9; an asymptotic Cramér-von Mises p-value, computed
// as 1 - CDF, agrees to 1e-14 absolute.
//
// # Concurrency
//
// Samples, counts, tests and registries are immutable after construction
// and safe for concurrent use.
package stattest
