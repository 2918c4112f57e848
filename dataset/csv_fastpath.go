package dataset

import (
	"math"
	"math/bits"
)

// The tokenizer's commonest fields, each read by a function that calls
// nothing (but the panics of bounds checks) and so needs no stack frame:
// a plain decimal of a float column (plainFloat), the 'g' exponent form
// (gFloat), a plain integer of an integer column (plainInt) and a short
// category the chunk has seen (knownShort). fastNumber and colChunk.add,
// which read every field, spill their arguments on each call for the
// calls of their rarer paths. A field a function declines goes the
// general way, so each only has to be right about what it takes.

// plainFloat reads a field of a float column that is a number spelt as
// strconv writes its value: an optional minus sign, 1 to 7 digits, and an
// optional point followed by 1 to 7 digits of which the last is not 0,
// ending at delim or a line end. It returns the field's end and the
// value's float64 bits, mantissa/10^frac correctly rounded (Clinger's fast
// path, as fastNumber); ok false leaves the field to fastNumber.
func plainFloat(data []byte, i int, delim byte) (end int, v uint64, ok bool) {
	if i+20 > len(data) {
		return 0, 0, false
	}
	neg := data[i] == '-'
	start := i + int(flag(neg))
	k, mant := plainDigits(load8(data, start))
	j := start + k
	frac := 0
	dot := data[j] == '.'
	if dot {
		var f uint64
		frac, f = plainDigits(load8(data, j+1))
		mant = mant*pow10u[frac&7] + f
		j += 1 + frac
	}
	// At most 7+7 digits: the mantissa is below 10^15.
	if b := data[j]; b != delim && b != '\n' && b != '\r' ||
		flag(k == 0)|flag(k > 1)&flag(data[start] == '0')|flag(dot)&(flag(frac == 0)|flag(data[j-1] == '0'))|
			flag(neg)&flag(mant == 0)&flag(!dot) != 0 { // fastNumber's spelling test (no '+' here)
		return 0, 0, false
	}
	return j, math.Float64bits(float64(mant)/pow10[frac&7]) | uint64(flag(neg))<<63, true
}

// gFloat reads a field of a float column that is a number spelt as
// strconv.FormatFloat(v, 'g', -1, 64) writes a large or small one: an
// optional minus sign, one digit 1-9, optionally a point and 1 to 7 digits
// of which the last is not 0, then "e", a sign and two exponent digits (or
// three, the first not 0) for an exponent below -4 or from 6 up, ending
// at delim or a line end ("3.51526e+06", as pandas and %g write). It
// returns the field's end and the value's float64 bits, the mantissa
// scaled by 10^(exponent - digits after the point) when that power is
// exact (at most 10^22: Clinger's fast path, as fastExponent); ok false
// leaves the field to fastNumber, which takes these fields the same way
// (formG).
func gFloat(data []byte, i int, delim byte) (end int, v uint64, ok bool) {
	if i+20 > len(data) {
		return 0, 0, false
	}
	neg := data[i] == '-'
	start := i + int(flag(neg))
	d := data[start] - '0'
	if d-1 > 8 {
		return 0, 0, false // not a digit 1-9
	}
	mant := uint64(d)
	j := start + 1
	frac := 0
	if data[j] == '.' {
		var f uint64
		frac, f = plainDigits(load8(data, j+1))
		mant = mant*pow10u[frac&7] + f
		j += 1 + frac
		if frac == 0 || data[j-1] == '0' {
			return 0, 0, false
		}
	}
	if data[j] != 'e' || data[j+1] != '+' && data[j+1] != '-' {
		return 0, 0, false
	}
	expNeg := data[j+1] == '-'
	k := j + 2
	x := 0
	for ; k < j+5 && data[k]-'0' <= 9; k++ {
		x = x*10 + int(data[k]-'0')
	}
	if ed := k - j - 2; ed < 2 || ed == 3 && data[j+2] == '0' {
		return 0, 0, false
	}
	if b := data[k]; b != delim && b != '\n' && b != '\r' {
		return 0, 0, false
	}
	if expNeg {
		x = -x
	}
	e10 := x - frac
	if x >= -4 && x < 6 || e10 < -22 || e10 > 22 {
		return 0, 0, false
	}
	f := float64(mant)
	if e10 >= 0 {
		f *= pow10[e10]
	} else {
		f /= pow10[-e10]
	}
	return k, math.Float64bits(f) | uint64(flag(neg))<<63, true
}

// plainInt reads a field of an integer column that is a number spelt as
// strconv writes it: an optional minus sign and 1 to 7 digits, no leading
// zero (and not "-0"), ending at delim or a line end. It returns the
// field's end and the value; ok false leaves the field to fastNumber, which
// takes these fields the same way (formPlain, isInteger).
func plainInt(data []byte, i int, delim byte) (end int, v int64, ok bool) {
	if i+20 > len(data) {
		return 0, 0, false
	}
	neg := data[i] == '-'
	start := i + int(flag(neg))
	k, mant := plainDigits(load8(data, start))
	j := start + k
	if b := data[j]; b != delim && b != '\n' && b != '\r' ||
		flag(k == 0)|flag(k > 1)&flag(data[start] == '0')|flag(neg)&flag(mant == 0) != 0 {
		return 0, 0, false
	}
	n := -int64(flag(neg)) // 0 or -1
	return j, (int64(mant) ^ n) - n, true
}

// knownShort reads the field at data[i:] of a column of strings when it
// is a level the chunk has already seen, of 1 to 7 bytes and unquoted: it
// returns the field's end and the level's code, as colChunk.add would give
// it. Any other field (a new level, a long one, a quote, the empty field)
// gives ok false. A missing marker is never a level (colChunk.add reads it
// as missing before it reaches the dictionary), so none is taken here.
func knownShort(cc *colChunk, data []byte, i int, delim byte) (end int, code int32, ok bool) {
	d := &cc.dict
	if i+8 > len(data) || d.slots == nil {
		return 0, 0, false
	}
	x := load8(data, i)
	// The first byte that ends an unquoted field (or is a quote): a byte
	// equal to c is a zero byte of x^c, found by the classic
	// (v - 0x01..01) &^ v & 0x80..80 test, exact for the lowest one.
	const ones = 0x0101010101010101
	hit := func(c byte) uint64 { v := x ^ ones*uint64(c); return (v - ones) &^ v & highBits }
	n := bits.TrailingZeros64(hit(delim)|hit('\n')|hit('\r')|hit('"')) >> 3
	if n == 0 || n == 8 || data[i+n] == '"' {
		return 0, 0, false
	}
	w := x & (1<<(8*uint(n)) - 1)
	r := d.recentSlot(w)
	if r.w == w && int(r.n) == n {
		return i + n, r.code, true
	}
	if _, k := d.findShort(w, d.shortHash(w, n), n); k >= 0 {
		*r = recentLevel{w: w, code: k, n: int32(n)}
		return i + n, k, true
	}
	return 0, 0, false // a new level: colChunk.add inserts it
}
