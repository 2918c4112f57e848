package tracking

import (
	"math"
	"strconv"
	"strings"
)

// formatFloat writes v as Python's str(float) does (repr, shortest
// round-trip digits), so that metric files telltale writes are byte for
// byte the ones MLflow writes: 0.95, 1.0, 1e-05, 1e+16, nan, inf, -inf.
//
// CPython (Python/pystrtod.c, format_float_short, mode 'r') uses
// scientific notation when the decimal exponent is below -4 or at least
// 16, with a sign and at least two exponent digits, and adds ".0" to
// integral values in fixed notation.
func formatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	// Shortest digits and exponent: "-d.ddde±XX".
	e := strconv.FormatFloat(v, 'e', -1, 64)
	sign := ""
	if e[0] == '-' {
		sign, e = "-", e[1:]
	}
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	decpt := exp + 1 // position of the decimal point after the first digit
	if decpt <= -4 || decpt > 16 {
		var b strings.Builder
		b.WriteString(sign)
		b.WriteString(digits[:1])
		if len(digits) > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if exp < 0 {
			b.WriteByte('-')
			exp = -exp
		} else {
			b.WriteByte('+')
		}
		if exp < 10 {
			b.WriteByte('0')
		}
		b.WriteString(strconv.Itoa(exp))
		return b.String()
	}
	switch {
	case decpt <= 0:
		return sign + "0." + strings.Repeat("0", -decpt) + digits
	case decpt >= len(digits):
		return sign + digits + strings.Repeat("0", decpt-len(digits)) + ".0"
	default:
		return sign + digits[:decpt] + "." + digits[decpt:]
	}
}

// parseFloat reads a metric value as Python's float() does for the forms
// found in metric files: decimal and exponent forms, nan, inf, infinity
// (any case, optional sign), and Go's NaN, +Inf, -Inf.
func parseFloat(s string) (float64, error) {
	return strconv.ParseFloat(s, 64)
}
