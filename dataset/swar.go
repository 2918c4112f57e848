package dataset

import (
	"encoding/binary"
	"math/bits"
)

// Eight bytes at a time (SWAR: SIMD within a register). The tokenizer's
// number path loads eight bytes of a field as one little-endian word, so
// that the first byte is the lowest, finds where its digits end with a few
// word operations, and turns up to eight digits into their value with
// three multiplications (the method of the simdjson parser; Lemire, "Number
// parsing at a gigabyte per second", 2021).

const highBits = 0x8080808080808080

// load8 returns data[i:i+8] as a little-endian word; the caller checks that
// the bytes are there.
func load8(data []byte, i int) uint64 {
	return binary.LittleEndian.Uint64(data[i : i+8])
}

// nonDigits returns a word with the high bit of each byte of x that is not
// an ASCII digit set, and the other bits clear. No operation carries or
// borrows across bytes.
func nonDigits(x uint64) uint64 {
	ge0 := (x | highBits) - 0x3030303030303030  // high bit: byte&0x7f >= '0'
	gt9 := (x &^ highBits) + 0x4646464646464646 // high bit: byte&0x7f > '9'
	return (^ge0 | gt9 | x) & highBits
}

// leadingDigits returns how many of the bytes of x, from the lowest, are
// ASCII digits before the first that is not (8 when all are).
func leadingDigits(x uint64) int {
	return bits.TrailingZeros64(nonDigits(x)) >> 3
}

// digitsValue returns the value of the first k (0 to 8) bytes of x, which
// are ASCII digits, read as a decimal number.
func digitsValue(x uint64, k int) uint64 {
	// Subtracting '0' from every byte borrows only from the bytes past the
	// digits (a byte below '0' there), which the shift drops; the shift puts
	// the k digits last, behind 8-k zero digits (k = 0: a shift by 64 gives 0).
	v := (x - 0x3030303030303030) << (64 - 8*uint(k))
	v = v * (1 + 10<<8) >> 8 & 0x00ff00ff00ff00ff    // pairs of digits
	v = v * (1 + 100<<16) >> 16 & 0x0000ffff0000ffff // fours
	return v * (1 + 10000<<32) >> 32                 // the eight
}

// plainDigits returns how many of the bytes of x, from the lowest, are
// ASCII digits before the first that is not, and their value, for
// plainFloat, in fewer operations than leadingDigits and digitsValue: k is
// 7 when all eight are digits (plainFloat then finds a digit where the
// field should end, and refuses it), and v is meaningless for k = 0 (a
// field plainFloat refuses too).
func plainDigits(x uint64) (k int, v uint64) {
	t := x ^ 0x3030303030303030 // a digit's byte becomes its value, 0 to 9
	// The high bit of each byte that is not a digit: t > 9 makes t+0x76
	// reach 0x80, and t >= 0x80 has it already. Only a byte that is not a
	// digit carries into the next, so the lowest such bit is exact.
	nd := ((t + 0x7676767676767676) | t) & highBits
	k = bits.TrailingZeros64(nd|1<<63) >> 3
	v = t << ((64 - 8*uint(k)) & 63) // the k digits last, behind zeros
	v = v * (1 + 10<<8) >> 8 & 0x00ff00ff00ff00ff
	v = v * (1 + 100<<16) >> 16 & 0x0000ffff0000ffff
	return k, v * (1 + 10000<<32) >> 32
}
