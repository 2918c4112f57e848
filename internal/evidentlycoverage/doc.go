// Package evidentlycoverage holds the test that generates and checks
// docs/evidently-coverage.md, the table of Evidently's legacy API and
// telltale's name for each item: "go test ./internal/evidentlycoverage
// -update" rewrites it.
package evidentlycoverage
