package stattest

import "fmt"

// Override names a test and/or a threshold at one level of a [Policy]. An
// empty Method or a nil Threshold leaves the choice to the next level.
type Override struct {
	Method    string
	Threshold *float64
}

// Policy holds the user's choices of test and threshold. For each of the
// two, the first level that sets it wins: per column, then per kind
// (num/cat/text), then all columns, then the automatic choice ([Choose])
// and the chosen test's default threshold. This is Evidently's
// resolve_stattest_threshold precedence.
type Policy struct {
	All       Override
	PerKind   map[Kind]Override
	PerColumn map[string]Override
}

// Column describes a column for [Policy.Resolve].
type Column struct {
	Name          string
	Kind          Kind
	ReferenceRows int // reference rows after dropping NaN and ±Inf
	Distinct      int // distinct values in the union of both sides
}

// Resolve returns the test and threshold for col, looking names up in reg.
// A name the user gave that is not registered returns ErrUnknownTest; a
// test that does not support the column kind returns ErrWrongKind.
func (p Policy) Resolve(reg *Registry, col Column) (Test, float64, error) {
	levels := []Override{p.PerColumn[col.Name], p.PerKind[col.Kind], p.All}
	name := ""
	var thr *float64
	for _, o := range levels {
		if name == "" {
			name = o.Method
		}
		if thr == nil {
			thr = o.Threshold
		}
	}
	if name == "" {
		name = Choose(col.Kind, col.ReferenceRows, col.Distinct)
	}
	t, ok := reg.Lookup(name)
	if !ok {
		return Test{}, 0, fmt.Errorf("stattest: %w: %q for column %q", ErrUnknownTest, name, col.Name)
	}
	if !t.Supports(col.Kind) {
		return Test{}, 0, fmt.Errorf("stattest: %s: %w: column %q is %s", name, ErrWrongKind, col.Name, col.Kind)
	}
	threshold := t.DefaultThreshold
	if thr != nil {
		threshold = *thr
	}
	return t, threshold, nil
}
