package sketch

import "fmt"

// Options size a sketch's parts. The zero value gives the defaults; two
// sketches merge only when made with the same options.
type Options struct {
	// K is the KLL sketch's size parameter (default 2048): the rank error
	// bound is about 0.3% of the values at 10^8 values, and the sketch
	// keeps about 1.7·K values.
	K int `json:"k"`
	// Bins is the most fixed bins a numerical column's histogram has
	// (default 2048).
	Bins int `json:"bins"`
	// ExactValues is how many distinct values a numerical or datetime
	// column keeps exactly, with their counts, before it turns to the
	// quantile and distinct-count sketches (default 4096).
	ExactValues int `json:"exact_values"`
	// Categories is how many distinct categories a categorical or text
	// column counts exactly (default 1024, and at most 64 KiB of them),
	// before it turns to the heavy-hitter and distinct-count sketches.
	Categories int `json:"categories"`
	// HeavyHitters is the number of Misra-Gries counters (default 128):
	// beyond the exact limits, every count is known to within
	// (N - Σcounters)/(HeavyHitters+1).
	HeavyHitters int `json:"heavy_hitters"`
	// HLLPrecision is the HyperLogLog's precision p, 2^p registers
	// (default 12, 4096 registers: a relative standard error of 1.6%).
	HLLPrecision int `json:"hll_precision"`
}

// categoryBytes bounds the bytes of the categories counted exactly.
const categoryBytes = 64 << 10

func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.K, 2048)
	def(&o.Bins, 2048)
	def(&o.ExactValues, 4096)
	def(&o.Categories, 1024)
	def(&o.HeavyHitters, 128)
	def(&o.HLLPrecision, 12)
	return o
}

// Validate reports options out of range.
func (o Options) Validate() error {
	o = o.withDefaults()
	switch {
	case o.K < 8 || o.K > 1<<16:
		return fmt.Errorf("sketch: K %d is not in [8, 65536]", o.K)
	case o.Bins < 2 || o.Bins > 1<<16:
		return fmt.Errorf("sketch: Bins %d is not in [2, 65536]", o.Bins)
	case o.ExactValues < 1 || o.ExactValues > 1<<20:
		return fmt.Errorf("sketch: ExactValues %d is not in [1, 1048576]", o.ExactValues)
	case o.Categories < 1 || o.Categories > 1<<20:
		return fmt.Errorf("sketch: Categories %d is not in [1, 1048576]", o.Categories)
	case o.HeavyHitters < 1 || o.HeavyHitters > 1<<16:
		return fmt.Errorf("sketch: HeavyHitters %d is not in [1, 65536]", o.HeavyHitters)
	case o.HLLPrecision < 4 || o.HLLPrecision > 18:
		return fmt.Errorf("sketch: HLLPrecision %d is not in [4, 18]", o.HLLPrecision)
	}
	return nil
}
