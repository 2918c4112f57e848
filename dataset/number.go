package dataset

import (
	"bytes"
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

// numForm says whether a number's text can be written again from its value,
// which the readers rely on to keep only values, not texts, while a column
// may still turn out to be categorical.
type numForm uint8

const (
	// formPlain: the text is strconv.FormatInt of the integer, or
	// strconv.FormatFloat(f, 'f', -1, 64) of a float.
	formPlain numForm = iota
	// formG: the text is strconv.FormatFloat(f, 'g', -1, 64) ("2.5e+06").
	formG
	// formOther: any other spelling ("007", "+5", "1.50", ".5", "inf").
	formOther
)

// parseNumber parses b as a decimal number. It returns the value, the int64
// value for integers, and the kind. Plain decimals with at most 15
// significant digits take a fast path that is exact (Clinger's: the mantissa
// and the power of ten are both exact float64 values, so one correctly
// rounded division or multiplication gives the correctly rounded result);
// the rest go through strconv.ParseFloat. "inf", "-inf", "Infinity" (any
// case) are infinities. Leading and trailing spaces are not allowed.
func parseNumber(b []byte) (float64, int64, numKind) {
	f, iv, kind, _ := parseNumberForm(b)
	return f, iv, kind
}

// parseNumberForm is parseNumber that also tells the form of the text.
func parseNumberForm(b []byte) (float64, int64, numKind, numForm) {
	n := len(b)
	if n == 0 {
		return 0, 0, notNumber, formOther
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
		return 0, 0, notNumber, formOther
	}
	form := plainForm(b, dot, neg && mant == 0)
	if !dot {
		if mant > math.MaxInt64 {
			return parseSlow(b)
		}
		v := int64(mant)
		if neg {
			v = -v
		}
		if digits <= 15 {
			return float64(v), v, isInteger, form
		}
		// Exact int64; its float64 value correctly rounded.
		f, err := strconv.ParseFloat(unsafeString(b), 64)
		if err != nil {
			return parseSlow(b)
		}
		return f, v, isInteger, form
	}
	if digits > 15 || frac > 22 {
		return parseSlow(b)
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, 0, isFloat, form
}

// plainForm tells whether a plain decimal b (an optional sign, digits, at
// most one point; at most 15 significant digits for a float) is written as
// strconv writes its value: no '+', no leading zero but a lone one before
// the point, digits on both sides of a point, no trailing zero after it,
// and no "-0" for the integer zero. With at most 15 significant digits the
// shortest decimal that reads back as the float is the text's own, so these
// checks are enough.
func plainForm(b []byte, dot, negZero bool) numForm {
	if b[0] == '+' || (negZero && !dot) {
		return formOther
	}
	if b[0] == '-' {
		b = b[1:]
	}
	intLen := len(b)
	if dot {
		intLen = bytes.IndexByte(b, '.')
		if intLen == len(b)-1 || b[len(b)-1] == '0' {
			return formOther
		}
	}
	if intLen == 0 || (intLen > 1 && b[0] == '0') {
		return formOther
	}
	return formPlain
}

// parseSlow parses what the fast path leaves: exponents, long mantissas,
// infinities. NaN is not a number here: "NaN" is a missing marker.
func parseSlow(b []byte) (float64, int64, numKind, numForm) {
	s := unsafeString(b)
	if digitsOnly(b) {
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			var buf [24]byte
			return float64(i), i, isInteger, sameText(b, strconv.AppendInt(buf[:0], i, 10), formPlain)
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, 0, notNumber, formOther
		}
		// Out of range: ParseFloat returns ±Inf, the nearest float64.
	}
	if math.IsNaN(f) || hasUnderscore(b) || isHex(b) {
		return 0, 0, notNumber, formOther
	}
	if math.IsInf(f, 0) {
		return f, 0, isFloat, formOther
	}
	var buf [32]byte
	if bytes.IndexAny(b, "eE") >= 0 {
		return f, 0, isFloat, sameText(b, strconv.AppendFloat(buf[:0], f, 'g', -1, 64), formG)
	}
	return f, 0, isFloat, sameText(b, strconv.AppendFloat(buf[:0], f, 'f', -1, 64), formPlain)
}

// sameText returns form when b equals the formatted text, formOther
// otherwise.
func sameText(b, formatted []byte, form numForm) numForm {
	if bytes.Equal(b, formatted) {
		return form
	}
	return formOther
}

// appendNumberText appends the text of a number of form formPlain or formG:
// the integer iv when integer is true, else f.
func appendNumberText(dst []byte, f float64, iv int64, integer bool, form numForm) []byte {
	switch {
	case integer:
		return strconv.AppendInt(dst, iv, 10)
	case form == formG:
		return strconv.AppendFloat(dst, f, 'g', -1, 64)
	}
	return strconv.AppendFloat(dst, f, 'f', -1, 64)
}

// digitsOnly reports whether b is an optional sign and digits, which
// strconv.ParseInt may read (trying others would only build errors).
func digitsOnly(b []byte) bool {
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		b = b[1:]
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return len(b) > 0
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
