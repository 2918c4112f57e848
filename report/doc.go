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
// Presets (package presets) expand when the report runs, with the data,
// into their metrics and tests; generators into one test per column.
// Tests that repeat an earlier one (same name, options, condition and
// criticality, as when two presets check each column's missing values)
// run once. A test's ID is its name followed by its options other than the
// condition, "ColumnShareOfMissingValues(column=age)", with "#2", "#3"
// for later tests with the same ID.
//
// # Config files
//
// ReadConfig and ParseConfig read a report or suite from a YAML or JSON
// file (see Config for every key). Each entry fills the struct its catalog
// returns by json tags, so a mistake (an unknown key, a value of the wrong
// type) is a ConfigError that names the file, the line and the entry:
// "suite.yaml:12: tests[1]: unknown key "lte_x" for test
// ColumnShareOfMissingValues (did you mean "lte"?) (known: ...)". So is a
// value that cannot make sense: a number that is not finite, a condition
// that can never hold, a threshold outside its range, a second YAML
// document.
//
// A config file is trusted input: its reference and current keys name
// files to read, and what they hold goes into the snapshot (a config that
// says "reference: /proc/self/environ" reports the environment). Read
// configs you wrote or reviewed; the data may be untrusted.
//
// # Determinism
//
// A Snapshot holds no timestamp unless Options.Clock is set, and its
// metrics and tests are in the order they were given, so two runs over the
// same data encode to the same bytes.
package report
