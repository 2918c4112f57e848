package stattest

// Choose returns the name of the test Evidently picks automatically for a
// column (legacy stattests/registry.py:_get_default_stattest), from the
// column kind, the number of reference rows and the number of distinct
// values in the union of both sides, both counted after NaN and ±Inf were
// dropped:
//
//	kind  reference rows <= 1000             reference rows > 1000
//	text  perc_text_content_drift            abs_text_content_drift
//	num   u <= 2: z; u <= 5: chisquare;      u <= 5: jensenshannon;
//	      else ks                            else wasserstein
//	cat   u <= 2: z; else chisquare          jensenshannon
func Choose(kind Kind, referenceRows, distinct int) string {
	small := referenceRows <= 1000
	switch kind {
	case Text:
		if small {
			return "perc_text_content_drift"
		}
		return "abs_text_content_drift"
	case Numerical:
		switch {
		case small && distinct <= 2:
			return "z"
		case small && distinct <= 5:
			return "chisquare"
		case small:
			return "ks"
		case distinct <= 5:
			return "jensenshannon"
		default:
			return "wasserstein"
		}
	default:
		switch {
		case small && distinct <= 2:
			return "z"
		case small:
			return "chisquare"
		default:
			return "jensenshannon"
		}
	}
}
