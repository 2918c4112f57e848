package stattest_test

import (
	"fmt"
	"testing"

	"github.com/telltale-ml/telltale/metrics/stattest"
)

// BenchmarkTextDrift trains the domain classifier on n rows per side
// (TextMaxRows is the most it ever uses) and draws the 1000 random AUCs.
func BenchmarkTextDrift(b *testing.B) {
	tt, _ := stattest.Default().Lookup("perc_text_content_drift")
	for _, n := range []int{1000, stattest.TextMaxRows} {
		ref := corpus(n, weatherWords, 1)
		cur := append(corpus(n/2, weatherWords, 2), corpus(n-n/2, financeWords, 3)...)
		in := stattest.TextInput(ref, cur)
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := tt.Run(in, tt.DefaultThreshold, stattest.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
