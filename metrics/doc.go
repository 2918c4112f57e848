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
package metrics
