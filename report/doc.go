// Package report runs a list of metrics and tests over a reference and a
// current dataset and gathers what they found into a Snapshot, the one
// value every renderer (HTML, JSON profile, JUnit, Markdown) and the tracker
// read.
//
// # Running
//
// Report.Run computes each distinct metric once, however many tests read
// it (metrics are the same when metrics.ID says so), in parallel, and
// shares each column's sorted values between them. A metric that returns
// an error or panics becomes an entry with an error, and its tests are
// ERROR; the rest of the report still runs. Run returns early with
// ctx.Err() when ctx is cancelled.
//
// # Determinism
//
// A Snapshot holds no timestamp unless Options.Clock is set, and its
// metrics and tests are in the order they were given, so two runs over the
// same data encode to the same bytes.
package report
