package dataset

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestKnownShortMatchesAdd checks knownShort against the general path: a
// field it takes must end where the tokenizer's unquoted scan ends it, and
// get the code colChunk.add gives it, never a missing marker's.
func TestKnownShortMatchesAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	const alphabet = "aAbNn/#.-1 ,\t\n\r\"é\x00"
	word := func(max int) string {
		b := make([]byte, r.IntN(max+1))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for _, markers := range [][]string{nil, {}, {"a", "bb", "NA"}} {
		spec := &colSpec{name: "s", missing: newMissingSet(markers), keepText: true, intCard: 10}
		// Two chunks built alike: codes follow the order levels came in.
		levels := []string{"a", "NA", "nan", "b", "white", "z10", "u47", "1.5", "sevenby", "eightbyt", "", "é", "N/A",
			"ab\r", "ab\r\n", "ab,", "ab\"", "ab\n", "ab\t", "ab"}
		for range 40 {
			levels = append(levels, word(9))
		}
		fast, general := &colChunk{}, &colChunk{}
		for _, c := range []*colChunk{fast, general} {
			c.reset(spec, 4)
			c.fill(modeStr)
			for _, l := range levels {
				c.add([]byte(l), 1) // as a quoted field may hold any byte
			}
		}
		took := 0
		for k := range 20_000 {
			var text string
			if k%2 == 0 {
				text = levels[r.IntN(len(levels))]
			} else {
				text = word(10)
			}
			data := []byte("x," + text + []string{"", ",", "\n", "\r\n", "\r", ",abc,def,ghi", "\"x\","}[r.IntN(7)])
			end, code, ok := knownShort(fast, data, 2, ',')
			if !ok {
				continue
			}
			took++
			want := 2 + len(text)
			if i := bytes.IndexAny(data[2:], ",\n\r"); i >= 0 {
				want = 2 + i
			}
			if end != want {
				t.Fatalf("%q: knownShort ends at %d, the unquoted scan at %d", data, end, want)
			}
			field := data[2:end]
			if bytes.IndexByte(field, '"') >= 0 {
				t.Fatalf("%q: knownShort took a field with a quote, which the tokenizer notes", field)
			}
			before := len(general.codes)
			general.add(field, 1)
			if got := general.codes[before]; got != code {
				t.Fatalf("%q (markers %q): knownShort gives code %d, colChunk.add %d", field, markers, code, got)
			}
			general.codes = general.codes[:before]
		}
		if took < 1000 {
			t.Fatalf("knownShort took %d fields of 20,000: the test checks too little", took)
		}
	}
}

// TestKnownShortRecentEntriesAreHints checks the dictionary's memo of
// recent levels (localDict.recent): levels that share an entry, and levels
// whose packed words are equal but whose lengths differ ("a" and "a\x00"),
// each keep their own code however they alternate.
func TestKnownShortRecentEntriesAreHints(t *testing.T) {
	// Levels of two letters that share an entry with "aa", found by search.
	var levels []string
	d := &localDict{}
	first := d.recentSlot(pack([]byte("aa")))
	for c1 := byte('a'); c1 <= 'z' && len(levels) < 4; c1++ {
		for c2 := byte('a'); c2 <= 'z' && len(levels) < 4; c2++ {
			if l := string([]byte{c1, c2}); d.recentSlot(pack([]byte(l))) == first {
				levels = append(levels, l)
			}
		}
	}
	if len(levels) < 3 {
		t.Fatalf("found %d levels sharing an entry: %q", len(levels), levels)
	}
	levels = append(levels, "a", "a\x00", "a\x00\x00")
	spec := &colSpec{name: "s", missing: newMissingSet(nil), intCard: 10}
	c := &colChunk{}
	c.reset(spec, 4)
	c.fill(modeStr)
	for _, l := range levels {
		c.add([]byte(l), 1)
	}
	r := rand.New(rand.NewPCG(7, 7))
	for range 10_000 {
		k := r.IntN(len(levels))
		data := []byte(levels[k] + ",padding,")
		end, code, ok := knownShort(c, data, 0, ',')
		if !ok {
			t.Fatalf("%q: knownShort declined a known level", levels[k])
		}
		if end != len(levels[k]) || code != int32(k) {
			t.Fatalf("%q: knownShort ends at %d with code %d, want %d and %d", levels[k], end, code, len(levels[k]), k)
		}
	}
}

// TestCategoricalLevelsAcrossChunks reads a categorical column of short
// levels (NUL bytes, missing markers, quoted and unquoted, a set of levels
// that shifts every 500 rows, so that each chunk meets its own first
// levels) with 1 to 3 workers and chunks of 1,000 bytes to 64 KiB, and
// checks every row's value: a chunk's dictionary, and the memo of recent
// levels beside it, must start afresh with each chunk.
func TestCategoricalLevelsAcrossChunks(t *testing.T) {
	pool := []string{"a", "a\x00", "a\x00\x00", "\x00", "\x00\x00", "NA", "nan", "None", "b", "ab", "ba",
		"abcdefg", "abcdefgh", "abcdefghi", "x y", "é", "日本", "q'", "c\x00d"}
	miss := newMissingSet(nil)
	for seed := uint64(1); seed <= 6; seed++ {
		r := rand.New(rand.NewPCG(seed, 99))
		var b strings.Builder
		b.WriteString("s,t\n")
		var want []string
		for i := range 30_000 {
			l := pool[(r.IntN(5)+i/500*3)%len(pool)]
			want = append(want, l)
			if r.IntN(4) == 0 {
				b.WriteString(`"` + l + `"`)
			} else {
				b.WriteString(l)
			}
			b.WriteString(",x\n")
		}
		for _, workers := range []int{1, 2, 3} {
			for _, cb := range []int{1000, 4096, 65536} {
				f, err := ReadCSV(context.Background(), strings.NewReader(b.String()), "x.csv",
					&ReadOptions{Workers: workers, chunkBytes: cb, Types: map[string]Type{"s": Categorical}})
				if err != nil {
					t.Fatal(err)
				}
				c := f.Columns()[0].(*StringColumn)
				for i, s := range want {
					got, ok := c.Value(i)
					if miss.is([]byte(s)) {
						if ok {
							t.Fatalf("seed %d, %d workers, chunks of %d bytes, row %d: %q should be missing, got %q", seed, workers, cb, i, s, got)
						}
						continue
					}
					if !ok || got != s {
						t.Fatalf("seed %d, %d workers, chunks of %d bytes, row %d: %q, want %q", seed, workers, cb, i, got, s)
					}
				}
			}
		}
	}
}
