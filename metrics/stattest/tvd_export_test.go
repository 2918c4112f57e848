package stattest

import "math/rand/v2"

// Hypergeometric exposes the sampler to the external tests.
func Hypergeometric(seed uint64, draws, total, good, n int) []int {
	rng := rand.New(rand.NewPCG(seed, 2))
	out := make([]int, draws)
	for i := range out {
		out[i] = hypergeometric(rng, total, good, n)
	}
	return out
}
