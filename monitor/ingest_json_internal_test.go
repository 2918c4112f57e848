package monitor

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// TestFastNumberIsParseNumber: the fused scan and parse of JSON numbers
// gives dataset.ParseNumber's value, bit for bit, or declines.
func TestFastNumberIsParseNumber(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []string{"0", "-0", "0.0", "-0.0", "1", "-1", "0.05", "123.456", "999999999999999", "9999999999999999",
		"1.000000000000001", "0.1234567890123456789012", "1e5", "1.5E-3", "-12.", "01", "-", "1.2.3", "100000000000000000000"}
	for i := 0; i < 20000; i++ {
		var s string
		switch i % 4 {
		case 0:
			s = strconv.FormatFloat(r.NormFloat64()*math.Pow(10, float64(r.IntN(12))), 'f', r.IntN(8), 64)
		case 1:
			s = strconv.FormatInt(r.Int64N(1<<53)-1<<52, 10)
		case 2:
			s = strconv.FormatFloat(r.Float64(), 'f', -1, 64)
		default:
			s = strconv.FormatFloat(r.NormFloat64()*1e3, 'f', 4, 64)
		}
		cases = append(cases, s)
	}
	for _, s := range cases {
		for _, tail := range []string{"", ",", "}", " "} {
			p := &jsonParser{data: []byte(s + tail)}
			v, iv, isInt, ok := p.fastNumber()
			if !ok {
				if p.pos != 0 {
					t.Fatalf("%q: declined but moved to %d", s, p.pos)
				}
				continue
			}
			// It stops where the grammar's scan stops.
			q := &jsonParser{data: []byte(s + tail)}
			if _, err := q.number(); err != nil || q.pos != p.pos {
				t.Fatalf("%q: fast stopped at %d, the scan at %d (%v)", s, p.pos, q.pos, err)
			}
			wv, wi, wInt, wok := dataset.ParseNumber([]byte(s[:p.pos]))
			if !wok || math.Float64bits(v) != math.Float64bits(wv) || isInt != wInt || (isInt && iv != wi) {
				t.Fatalf("%q: fast %v %v %v, ParseNumber %v %v %v %v", s, v, iv, isInt, wv, wi, wInt, wok)
			}
		}
	}
}
