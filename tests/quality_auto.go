package tests

// Automatic conditions of the data-quality tests, as Evidently's legacy
// tests derive them (see the table in each test's doc).

// approxEq is "= ref ± rel·|ref|".
func approxEq(ref, rel float64) *Condition { return &Condition{Eq: Ptr(ref), Relative: rel} }

// approxLte is "<= ref + rel·|ref|".
func approxLte(ref, rel float64) *Condition { return &Condition{Lte: Ptr(ref), Relative: rel} }

// scaled returns ref·nCur/nRef, the reference count scaled to the current
// number of rows, as Evidently's legacy missing-value and duplicate tests
// do; ref itself when nRef is 0.
func scaled(ref float64, nCur, nRef int) float64 {
	if nRef == 0 {
		return ref
	}
	return ref * float64(nCur) / float64(nRef)
}
