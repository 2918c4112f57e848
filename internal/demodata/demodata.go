// Package demodata holds the data set the demo runs on, embedded in the
// binary: daily Seattle weather 2012-2015 (see README.md for its source).
package demodata

import (
	"bytes"
	_ "embed"
)

//go:embed seattle-weather.csv
var seattle []byte

// File names the demo gives the two halves, for messages and reports.
const (
	ReferenceName = "seattle-weather-2012-2013.csv"
	CurrentName   = "seattle-weather-2014-2015.csv"
)

// Reference returns the CSV of the years 2012 and 2013.
func Reference() []byte { return years("2012-", "2013-") }

// Current returns the CSV of the years 2014 and 2015.
func Current() []byte { return years("2014-", "2015-") }

// years returns the header and the rows whose date starts with one of the
// prefixes.
func years(prefixes ...string) []byte {
	lines := bytes.SplitAfter(seattle, []byte("\n"))
	out := bytes.Clone(lines[0])
	for _, l := range lines[1:] {
		for _, p := range prefixes {
			if bytes.HasPrefix(l, []byte(p)) {
				out = append(out, l...)
				break
			}
		}
	}
	return out
}
