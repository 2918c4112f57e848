package dataset

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// naiveLeadingDigits and naiveDigitsValue are the byte-at-a-time
// definitions the word-at-a-time helpers must agree with.
func naiveLeadingDigits(b []byte) int {
	k := 0
	for k < len(b) && b[k] >= '0' && b[k] <= '9' {
		k++
	}
	return k
}

func naiveDigitsValue(b []byte, k int) uint64 {
	var v uint64
	for _, c := range b[:k] {
		v = v*10 + uint64(c-'0')
	}
	return v
}

func TestSWARDigitsMatchBytewise(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	check := func(b []byte) {
		t.Helper()
		x := load8(b, 0)
		k := naiveLeadingDigits(b)
		if got := leadingDigits(x); got != k {
			t.Fatalf("leadingDigits(%q) = %d, want %d", b, got, k)
		}
		if got, want := digitsValue(x, k), naiveDigitsValue(b, k); got != want {
			t.Fatalf("digitsValue(%q, %d) = %d, want %d", b, k, got, want)
		}
	}
	// Every byte value at every position of a run of digits.
	for pos := range 8 {
		for c := range 256 {
			b := []byte("98765432")
			b[pos] = byte(c)
			check(b)
		}
	}
	alphabet := []byte("0123456789.,-+eE\n\r\"/:\x00\x7f\x80\xb0\xb9\xff")
	for range 50_000 {
		b := make([]byte, 8)
		for i := range b {
			if r.IntN(4) == 0 {
				b[i] = byte(r.IntN(256))
			} else {
				b[i] = alphabet[r.IntN(len(alphabet))]
			}
		}
		check(b)
	}
}

// fastAndGeneral reads text as the only field of a float (or integer)
// column chunk twice: through the tokenizer's fast path, placed in data
// at offset off and followed by tail, and through the general path
// (colChunk.add, which parses with parseNumberForm). It fails t when the
// fast path takes the field and the two chunks differ.
func fastAndGeneral(t *testing.T, text string, tail string, mode colMode, over bool) {
	t.Helper()
	tok := &tokenizer{delim: ',', fastNum: true}
	spec := &colSpec{name: "x", missing: newMissingSet(nil), numOK: true, keepText: true, intCard: 10}
	if over {
		spec.intCard = -1
	}
	fast, general := &colChunk{}, &colChunk{}
	for _, c := range []*colChunk{fast, general} {
		c.reset(spec, 4)
		c.fill(mode)
	}
	data := []byte("xx" + text + tail)
	for _, p := range leafPaths {
		if p.mode == mode {
			leafAndGeneral(t, p, text, tail, data, spec)
		}
	}
	end, ok := tok.fastNumber(fast, data, 2, 1)
	if !ok {
		return
	}
	if end != 2+len(text) {
		t.Fatalf("%q%q: fast path ends at %d, want %d", text, tail, end-2, len(text))
	}
	general.add([]byte(text), 1)
	if fast.mode != general.mode || fast.rows != general.rows || fast.present != general.present ||
		len(fast.vals) != 1 || len(general.vals) != 1 || fast.vals[0] != general.vals[0] {
		t.Fatalf("%q in mode %d: fast path gives mode %d, values %x; general path mode %d, values %x",
			text, mode, fast.mode, fast.vals, general.mode, general.vals)
	}
	if fast.exc.has(0) != general.exc.has(0) || fast.exc.g.isSet(0) != general.exc.g.isSet(0) {
		t.Fatalf("%q: fast path keeps text %v, general path %v", text, fast.exc.has(0), general.exc.has(0))
	}
	// The value is strconv's, bit for bit; an integer's is that of its
	// int64 ("-0" is 0, as the general path reads it).
	want, err := strconv.ParseFloat(text, 64)
	if !strings.ContainsAny(text, ".eE") {
		var iv int64
		iv, err = strconv.ParseInt(text, 10, 64)
		want = float64(iv)
	}
	if err != nil {
		t.Fatalf("%q: the fast path took what strconv.ParseFloat refuses: %v", text, err)
	}
	got := math.Float64frombits(fast.vals[0])
	if fast.mode == modeInt {
		got = float64(int64(fast.vals[0]))
	}
	if math.Float64bits(got) != math.Float64bits(want) {
		t.Fatalf("%q: fast path %v (%x), strconv.ParseFloat %v (%x)", text, got, math.Float64bits(got), want, math.Float64bits(want))
	}
}

// leafPath is one of the tokenizer's fast paths that call nothing, with
// what the general path must make of a field it takes.
type leafPath struct {
	name  string
	mode  colMode                                                  // the column's mode it runs in
	read  func(data []byte, i int, delim byte) (int, uint64, bool) // the field's end and value bits
	g     bool                                                     // the row is marked as strconv's 'g' form
	spell func(bits uint64) string                                 // how strconv spells the value
}

var leafPaths = []leafPath{
	{"plainFloat", modeFloat, plainFloat, false,
		func(b uint64) string { return strconv.FormatFloat(math.Float64frombits(b), 'f', -1, 64) }},
	{"gFloat", modeFloat, gFloat, true,
		func(b uint64) string { return strconv.FormatFloat(math.Float64frombits(b), 'g', -1, 64) }},
	{"plainInt", modeInt, func(data []byte, i int, delim byte) (int, uint64, bool) {
		end, v, ok := plainInt(data, i, delim)
		return end, uint64(v), ok
	}, false, func(b uint64) string { return strconv.FormatInt(int64(b), 10) }},
}

// leafAndGeneral checks a fast path on text, placed in data at offset 2
// and followed by tail: a field it takes must end where text does, the
// general path (colChunk.add) must read text into a column of the path's
// mode as the same value, with no text kept and the 'g' mark as the path
// says, and strconv must spell the value as text.
func leafAndGeneral(t *testing.T, p leafPath, text, tail string, data []byte, spec *colSpec) {
	t.Helper()
	end, bits, ok := p.read(data, 2, ',')
	if !ok {
		return
	}
	if end != 2+len(text) {
		t.Fatalf("%q%q: %s ends at %d, want %d", text, tail, p.name, end-2, len(text))
	}
	general := &colChunk{}
	general.reset(spec, 4)
	general.fill(p.mode)
	general.add([]byte(text), 1)
	if general.mode != p.mode || len(general.vals) != 1 || general.vals[0] != bits ||
		general.exc.g.isSet(0) != p.g || len(general.exc.ents) != 0 {
		t.Fatalf("%q: %s gives %x; the general path mode %d, values %x, g form %v, texts %d",
			text, p.name, bits, general.mode, general.vals, general.exc.g.isSet(0), len(general.exc.ents))
	}
	if got := p.spell(bits); got != text {
		t.Fatalf("%q: %s took it as %x, which strconv spells %q", text, p.name, bits, got)
	}
}

func checkFastNumber(t *testing.T, text string) {
	t.Helper()
	if strings.ContainsAny(text, ",\n\r") {
		return // not one field
	}
	// Short tails leave fewer than 20 bytes from the field's start: the
	// byte-at-a-time path; long ones the word-at-a-time path.
	for _, tail := range []string{"", ",", "\n", "\r\n", ",12345678", "\n0.1234567,",
		",12345678901234567890123", "\r\n-0.5,1,2,3,4,5,6,7,8,9,10", "\n\x80\xff\x00aaaaaaaaaaaaaaaaaaaa"} {
		for _, mode := range []colMode{modeFloat, modeInt} {
			fastAndGeneral(t, text, tail, mode, false)
			fastAndGeneral(t, text, tail, mode, true)
		}
	}
}

func TestFastNumberMatchesStrconv(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "+0", "0.0", "-0.0", "00", "007", "1", "-1", "+1", "17", "171", "144933",
		"0.385133", "-0.0418585", "10.8222", "106.4", "2.5", "1.50", ".5", "5.", "-.5",
		"123456789012345", "1234567890123456", "12345678901234567", "1234567890123456789",
		"12345678901234567890", "0.000000000000000000001", "0.0000000000000000001",
		"000000000000000000001", "0000000000000000000001", "9007199254740993", "-9007199254740993",
		"9223372036854775807", "-9223372036854775808", "99999999.99999999", "0.123456789012345",
		"0.1234567890123456", "1e5", "1E5", "inf", "nan", "NaN", "1_000", "0x10", "1.2.3", "-", "+", ".",
		"12345678", "123456789", "1234567.8", "12345678.9", "0.12345678", "99999999", "100000000",
		"2.49128e+06", "-2.49128e+06", "2.49128E+06", "2.49128e06", "2.49128e+6", "2.49128e+006",
		"2.49128e-06", "1e+06", "1e+05", "1.5e+03", "1.0e+06", "10e+05", "0.5e+07", "1.e+06", ".5e+07",
		"1e-05", "1e-04", "1e-5", "1.5e-05", "9.99999e+21", "1e+22", "1e+23", "1e-22", "1e-23",
		"123456789012345e+07", "123456789012345e+08", "1234567890123456e+06", "1e+100", "1e+308", "1e+309",
		"1e-320", "1e", "1e+", "1e-", "e5", "-e5", "1e5e5", "1e1000", "0e+00", "-0e+00", "0e-00", "1e+00",
		"1e-00", "+1e+06", "1.23e+10", "1.23e+010", "-1.23e-10", "1.2345678901234e+200",
	} {
		checkFastNumber(t, s)
	}
	r := rand.New(rand.NewPCG(9, 9))
	for range 10_000 {
		var s string
		switch r.IntN(6) {
		case 4:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(60)-30)), 'g', -1, 64)
		case 5:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(60)-30)), "eEg"[r.IntN(3)], r.IntN(17)-1, 64)
		case 0:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(30)-15)), 'f', -1, 64)
		case 1:
			s = strconv.FormatFloat(r.NormFloat64()*1000, 'f', r.IntN(20), 64)
		case 2:
			s = strconv.FormatInt(r.Int64()>>r.IntN(64), 10)
		default:
			b := make([]byte, 1+r.IntN(24))
			for i := range b {
				b[i] = "0123456789.-+eE"[r.IntN(15)]
			}
			s = string(b)
		}
		checkFastNumber(t, s)
	}
}

// FuzzFastNumber checks that the tokenizer's fast path for plain decimals
// reads each field it takes as the general path (and strconv.ParseFloat)
// does, bit for bit.
func FuzzFastNumber(f *testing.F) {
	for _, s := range []string{"0.385133", "-0.0418585", "144933", "007", "1.50", "123456789012345.6", "99999999.9",
		"2.49128e+06", "1.5e-07", "1E+5", "1e+022"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkFastNumber(t, s)
	})
}
