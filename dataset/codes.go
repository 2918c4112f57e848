package dataset

import "fmt"

// NewStringColumnCodes returns a categorical (typ Categorical) or text (typ
// Text) column from dictionary codes: row i holds levels[codes[i]], and
// code -1 marks a missing row. It is the fast path for code that computes
// a value per distinct level and maps rows to it. The column takes
// ownership of codes and levels. It is an error for a code to be below -1
// or not to index levels, or for two levels to be equal.
func NewStringColumnCodes(name string, typ Type, codes []int32, levels []string) (*StringColumn, error) {
	seen := make(map[string]bool, len(levels))
	for _, l := range levels {
		if seen[l] {
			return nil, fmt.Errorf("dataset: column %q: level %q appears twice", name, l)
		}
		seen[l] = true
	}
	nullN, bad := countCodes(codes, len(levels))
	if bad >= 0 {
		return nil, fmt.Errorf("dataset: column %q: row %d has code %d, outside [-1, %d)", name, bad, codes[bad], len(levels))
	}
	return newStringColumn(name, typ, codes, levels, nullN), nil
}
