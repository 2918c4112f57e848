package metrics

import (
	"strconv"
	"strings"
)

// approxNote is the mark a statistic computed from a sketch gets in the
// column statistics table: " (≈ sketch: current NOTE; reference NOTE)",
// where note gives a side's bound ("" when that statistic is exact on the
// side); "" when it is exact on both sides.
func approxNote(r *ColumnSummaryResult, note func(*StatsBound) string) string {
	var parts []string
	for _, side := range []struct {
		name string
		s    *ColumnStats
	}{{"current", r.Current}, {"reference", r.Reference}} {
		if side.s == nil || side.s.Approximate == nil {
			continue
		}
		if n := note(side.s.Approximate); n != "" {
			parts = append(parts, side.name+" "+n)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (≈ sketch: " + strings.Join(parts, "; ") + ")"
}

// intBound writes a ± bound; "" for an exact value.
func intBound(e int) string {
	if e == 0 {
		return ""
	}
	return "±" + strconv.Itoa(e)
}

// countShort writes how far a count may be short; "" when exact.
func countShort(e int) string {
	if e == 0 {
		return ""
	}
	return "count short by ≤" + strconv.Itoa(e)
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
