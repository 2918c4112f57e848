package dataset_test

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
)

// TestIntegerCategoriesKeepTheirTexts: a column of integers read as
// categorical gives each row the level of its own text, whatever the
// values' range (near the first value or far from it, at the ends of
// int64), with missing values and spellings strconv would not write.
func TestIntegerCategoriesKeepTheirTexts(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	cases := map[string]func(i int) string{
		"small":           func(int) string { return strconv.Itoa(r.IntN(10)) },
		"past the window": func(int) string { return strconv.Itoa(r.IntN(3000) - 1000) },
		"years":           func(int) string { return strconv.Itoa(1990 + r.IntN(40)) },
		"ends of int64": func(i int) string {
			return []string{"9223372036854775807", "-9223372036854775808", "3", "-1"}[(i+r.IntN(2))%4]
		},
		"missing and odd": func(int) string { return []string{"", "007", "+5", "7", "5", "-0", "0", "12"}[r.IntN(8)] },
		"first far, then near": func(i int) string {
			if i == 0 {
				return "-9223372036854775800"
			}
			return strconv.Itoa(r.IntN(20))
		},
	}
	for name, draw := range cases {
		texts := make([]string, 3000)
		var b strings.Builder
		b.WriteString("x,y\n")
		for i := range texts {
			texts[i] = draw(i)
			b.WriteString(texts[i] + ",1\n")
		}
		for _, opts := range []*dataset.ReadOptions{
			types("x", dataset.Categorical),
			{IntegerCardinality: 5000},
		} {
			f, err := readCSV(b.String(), opts)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checkConsistent(t, f)
			c, _ := f.Column("x")
			sc, ok := c.(*dataset.StringColumn)
			if !ok {
				t.Fatalf("%s: x is %T, want categorical", name, c)
			}
			seen := map[string]bool{}
			for _, l := range sc.Levels() {
				if seen[l] {
					t.Fatalf("%s: level %q twice", name, l)
				}
				seen[l] = true
			}
			for i, want := range texts {
				got, present := sc.Value(i)
				if want == "" {
					if present {
						t.Fatalf("%s: row %d is %q, want missing", name, i, got)
					}
					continue
				}
				if !present || got != want {
					t.Fatalf("%s: row %d is %q (present %v), want %q", name, i, got, present, want)
				}
			}
		}
	}
}
