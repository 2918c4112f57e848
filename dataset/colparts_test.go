package dataset

import (
	"math/rand/v2"
	"testing"
)

// TestLocalDictCodes checks localDict against a map: codes in order of
// first appearance, the same code for the same string whether given as
// bytes (with other bytes after it in its array, as a field in a chunk)
// or as a string, across table growth, for strings of 0 to 12 bytes with
// NUL bytes in them (which packing must tell from shorter strings).
func TestLocalDictCodes(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	var d localDict
	for round := range 3 {
		d.reset()
		want := map[string]int32{}
		var levels []string
		for range 20_000 {
			b := make([]byte, r.IntN(13), 16)
			for i := range b {
				b[i] = "a\x00b"[r.IntN(3)]
			}
			tail := b[:cap(b)]
			for i := len(b); i < len(tail); i++ {
				tail[i] = byte(r.IntN(256)) // what follows the field in its chunk
			}
			s := string(b)
			k, seen := want[s]
			if !seen {
				k = int32(len(levels))
				want[s] = k
				levels = append(levels, s)
			}
			var got int32
			if r.IntN(2) == 0 {
				got = d.code(b)
			} else {
				got = d.codeString(s)
			}
			if got != k {
				t.Fatalf("round %d: code(%q) = %d, want %d", round, s, got, k)
			}
		}
		if len(d.levels) != len(levels) {
			t.Fatalf("round %d: %d levels, want %d", round, len(d.levels), len(levels))
		}
		for i, l := range levels {
			if d.levels[i] != l {
				t.Fatalf("round %d: level %d is %q, want %q", round, i, d.levels[i], l)
			}
		}
	}
}
