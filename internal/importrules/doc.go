// Package importrules holds the test that enforces DESIGN.md's table of
// which package may import which: run "go test ./internal/importrules/".
package importrules
