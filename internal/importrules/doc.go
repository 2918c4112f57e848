// Package importrules holds the test that enforces docs/DESIGN.md's table of
// which package may import which: run "go test ./internal/importrules/".
package importrules
