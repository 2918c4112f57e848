package metrics

import (
	"math"
	"testing"
)

var benchSink float64

func BenchmarkExpCR(b *testing.B) {
	x := -3.0
	for b.Loop() {
		benchSink += expCR(x)
		x += 1e-7
	}
}

func BenchmarkMathExp(b *testing.B) {
	x := -3.0
	for b.Loop() {
		benchSink += math.Exp(x)
		x += 1e-7
	}
}
