package dataset

import (
	"math"
	"strconv"
	"unsafe"
)

// pow10 holds the powers of ten that float64 represents exactly.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// numKind classifies a parsed field.
type numKind uint8

const (
	notNumber numKind = iota
	isInteger         // digits only, with an optional sign: exact in the int64
	isFloat           // any other number, including inf and -inf
)

// parseNumber parses b as a decimal number. It returns the value, the int64
// value for integers, and the kind. Plain decimals with at most 15
// significant digits take a fast path that is exact (Clinger's: the mantissa
// and the power of ten are both exact float64 values, so one correctly
// rounded division or multiplication gives the correctly rounded result);
// the rest go through strconv.ParseFloat. "inf", "-inf", "Infinity" (any
// case) are infinities. Leading and trailing spaces are not allowed.
func parseNumber(b []byte) (float64, int64, numKind) {
	n := len(b)
	if n == 0 {
		return 0, 0, notNumber
	}
	i := 0
	neg := false
	switch b[0] {
	case '-':
		neg = true
		i++
	case '+':
		i++
	}
	var mant uint64
	digits := 0 // significant digits accumulated in mant
	frac := 0   // digits after the decimal point
	sawDigit := false
	dot := false
	for ; i < n; i++ {
		c := b[i]
		if c >= '0' && c <= '9' {
			sawDigit = true
			if mant == 0 && c == '0' {
				if dot {
					frac++
				}
				continue
			}
			if digits >= 19 {
				return parseSlow(b)
			}
			mant = mant*10 + uint64(c-'0')
			digits++
			if dot {
				frac++
			}
			continue
		}
		if c == '.' && !dot {
			dot = true
			continue
		}
		// An exponent, inf, nan, hex, underscores...: the slow path decides.
		return parseSlow(b)
	}
	if !sawDigit {
		return 0, 0, notNumber
	}
	if !dot {
		if mant > math.MaxInt64 {
			return parseSlow(b)
		}
		v := int64(mant)
		if neg {
			v = -v
		}
		if digits <= 15 {
			return float64(v), v, isInteger
		}
		// Exact int64; its float64 value correctly rounded.
		f, err := strconv.ParseFloat(unsafeString(b), 64)
		if err != nil {
			return parseSlow(b)
		}
		return f, v, isInteger
	}
	if digits > 15 || frac > 22 {
		return parseSlow(b)
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, 0, isFloat
}

// parseSlow parses what the fast path leaves: exponents, long mantissas,
// infinities. NaN is not a number here: "NaN" is a missing marker.
func parseSlow(b []byte) (float64, int64, numKind) {
	s := unsafeString(b)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil && !hasUnderscore(b) {
		return float64(i), i, isInteger
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, 0, notNumber
		}
		// Out of range: ParseFloat returns ±Inf, the nearest float64.
	}
	if math.IsNaN(f) || hasUnderscore(b) || isHex(b) {
		return 0, 0, notNumber
	}
	return f, 0, isFloat
}

func hasUnderscore(b []byte) bool {
	for _, c := range b {
		if c == '_' {
			return true
		}
	}
	return false
}

// isHex reports whether b is a hexadecimal literal, which strconv accepts
// but data files do not mean.
func isHex(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	return len(b) > 1 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')
}

// unsafeString views b as a string without copying. The strconv functions
// it is passed to do not retain their argument (their errors hold a copy).
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
