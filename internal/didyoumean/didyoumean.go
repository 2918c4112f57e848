// Package didyoumean finds the known name closest to a mistyped one, for
// "unknown X (did you mean Y?)" messages.
package didyoumean

import "strings"

// Closest returns the name of known nearest to name by edit distance
// (optimal string alignment, ignoring case), when it is close enough to be a typo: fewer
// than len(name)/2+2 edits. ok is false when no name is that close.
func Closest(name string, known []string) (best string, ok bool) {
	bestD := len(name)/2 + 2
	for _, k := range known {
		if d := distance(strings.ToLower(name), strings.ToLower(k)); d < bestD {
			best, bestD, ok = k, d, true
		}
	}
	return best, ok
}

// distance is the optimal string alignment distance of a and b over
// bytes: the Levenshtein distance with the swap of two neighbours counting
// as one edit ("pis" is one edit from "psi").
func distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
