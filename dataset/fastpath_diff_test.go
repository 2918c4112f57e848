package dataset

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// tokenizeBoth tokenizes body (the records after the header head) twice
// with the number fast paths (plainFloat, gFloat, plainInt, fastNumber)
// and twice without them (tokenizer.fastNum false: every field through
// colChunk.add), each chunk used twice so that estimateRows guesses from
// its last use, and fails unless the two give the same error, records and
// columns: mode, rows, present and NaN counts, value bits, codes, missing
// rows, kept texts and 'g' form marks, and integer cardinality.
func tokenizeBoth(t *testing.T, head string, delim byte, body string, missing []string, intCard int) {
	t.Helper()
	names := strings.Split(head, string(delim))
	mk := func(fast bool) *csvChunk {
		opts := &ReadOptions{MissingValues: missing}
		if intCard != 0 {
			opts.IntegerCardinality = intCard
		}
		tok, err := newTokenizer("f", &csvHeader{delim: delim, names: names}, opts)
		if err != nil {
			t.Fatal(err)
		}
		for j := range tok.specs {
			tok.specs[j].numOK = true
			tok.specs[j].keepText = true
		}
		if delim|0x20 == 'e' && tok.fastNum {
			t.Fatalf("delimiter %q: the number fast paths are on, which read an exponent across it", delim)
		}
		if !fast {
			tok.fastNum = false
		}
		c := &csvChunk{data: []byte(body)}
		tok.tokenize(c)
		tok.tokenize(c) // again: estimateRows from the chunk's last use
		return c
	}
	a, b := mk(true), mk(false)
	if fmt.Sprint(a.err) != fmt.Sprint(b.err) || a.rows != b.rows || a.lines != b.lines {
		t.Fatalf("%q: fast err %v rows %d; general err %v rows %d", body, a.err, a.rows, b.err, b.rows)
	}
	if a.err != nil {
		return
	}
	for j := range a.cols {
		x, y := &a.cols[j], &b.cols[j]
		if x.mode != y.mode || x.rows != y.rows || x.present != y.present || x.nanVals != y.nanVals ||
			!reflect.DeepEqual(x.vals, y.vals) || !reflect.DeepEqual(x.codes, y.codes) ||
			!reflect.DeepEqual(x.nulls, y.nulls) || !reflect.DeepEqual(x.exc.ents, y.exc.ents) ||
			!reflect.DeepEqual(x.exc.arena, y.exc.arena) || !reflect.DeepEqual(x.exc.g, y.exc.g) ||
			x.ints.over != y.ints.over || x.ints.len() != y.ints.len() || !reflect.DeepEqual(x.miss, y.miss) {
			t.Fatalf("%q col %d:\nfast    mode %d rows %d present %d nan %d vals %x codes %v exc %v %q g %v ints %v %d\ngeneral mode %d rows %d present %d nan %d vals %x codes %v exc %v %q g %v ints %v %d",
				body, j, x.mode, x.rows, x.present, x.nanVals, x.vals, x.codes, x.exc.ents, x.exc.arena, x.exc.g, x.ints.over, x.ints.len(),
				y.mode, y.rows, y.present, y.nanVals, y.vals, y.codes, y.exc.ents, y.exc.arena, y.exc.g, y.ints.over, y.ints.len())
		}
	}
}

// TestTokenizeFastPathsMatchGeneral reads random records of short fields
// over the characters numbers are made of ("0159.-+eE"), with plain and
// 'g' form numbers, missing markers and empty fields mixed in, delimited
// by ',', ';', 'e' or 'E' (a delimiter that is an exponent letter must
// end a number: the reader then turns the fast paths off, which
// tokenizeBoth checks) and ended by "\n", "\r\n" or "\r", with and without 24
// blank lines after the last record (the fast paths need 20 bytes), and
// integer cardinality limits that are and are not crossed: the fast paths
// must give what the general path gives.
func TestTokenizeFastPathsMatchGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 15))
	alpha := "0159.-+eE"
	tok := func() string {
		switch r.IntN(13) {
		case 0:
			return ""
		case 1:
			return "NA"
		case 2:
			return fmt.Sprint(r.IntN(100))
		case 3:
			return []string{"1e+06", "3.51526e+06", "-2.5e-07", "1.2345678e+10", "9e+22", "1e+100", "1e-05", "5e+05"}[r.IntN(8)]
		case 4:
			return []string{"+06", "-07", "+100", "-05", "+22"}[r.IntN(5)] // an exponent, should the delimiter be 'e'
		}
		n := 1 + r.IntN(10)
		b := make([]byte, n)
		for i := range b {
			b[i] = alpha[r.IntN(len(alpha))]
		}
		return string(b)
	}
	for iter := range 20_000 {
		delim := []byte{',', 'e', 'E', ';'}[iter%4]
		ncols := 1 + r.IntN(3)
		head := strings.Join([]string{"a", "b", "c"}[:ncols], string(delim))
		var sb strings.Builder
		nrows := 1 + r.IntN(8)
		for range nrows {
			for c := range ncols {
				if c > 0 {
					sb.WriteByte(delim)
				}
				f := tok()
				if strings.IndexByte(f, delim) >= 0 {
					f = "7"
				}
				sb.WriteString(f)
			}
			sb.WriteString([]string{"\n", "\r\n", "\r"}[r.IntN(3)])
		}
		if r.IntN(2) == 0 {
			sb.WriteString(strings.Repeat("\n", 24))
		}
		missing := []string(nil)
		if r.IntN(4) == 0 {
			missing = []string{"NA", ""}
		}
		tokenizeBoth(t, head, delim, sb.String(), missing, []int{0, 3, -1}[r.IntN(3)])
	}
}
