package stattest

import (
	"math"
	"math/rand/v2"
)

// hypergeometric draws the number of marked items among n drawn without
// replacement from total items of which good are marked:
//
//	P(X = k) = C(good, k) · C(total-good, n-k) / C(total, n),
//	max(0, n-(total-good)) <= k <= min(n, good)
//
// It inverts the CDF exactly, visiting the support outwards from the mode
// (alternately below and above it) with the ratio recurrences
//
//	P(k+1)/P(k) = (good-k)(n-k) / ((k+1)(total-good-n+k+1))
//
// so a draw costs O(σ) steps, σ the standard deviation, instead of O(n)
// for drawing the items one by one. P(mode) comes from log-gamma and is at
// least 1/(support size), so it never underflows.
func hypergeometric(rng *rand.Rand, total, good, n int) int {
	bad := total - good
	lo, hi := max(0, n-bad), min(n, good)
	if lo >= hi {
		return lo
	}
	mode := int(float64(n+1) * float64(good+1) / float64(total+2))
	mode = min(max(mode, lo), hi)
	p := math.Exp(lchoose(good, mode) + lchoose(bad, n-mode) - lchoose(total, n))
	u := rng.Float64() - p
	if u <= 0 {
		return mode
	}
	down, up := mode, mode
	pd, pu := p, p
	fg, fb, fn := float64(good), float64(bad), float64(n)
	for down > lo || up < hi {
		if down > lo {
			k := float64(down)
			pd *= k * (fb - fn + k) / ((fg - k + 1) * (fn - k + 1))
			down--
			if u -= pd; u <= 0 {
				return down
			}
		}
		if up < hi {
			k := float64(up)
			pu *= (fg - k) * (fn - k) / ((k + 1) * (fb - fn + k + 1))
			up++
			if u -= pu; u <= 0 {
				return up
			}
		}
	}
	return mode // rounding left a sliver of mass unassigned
}

// multiHypergeometric fills dst with the counts per category of n items
// drawn without replacement from a population with counts[i] items of
// category i (the multivariate hypergeometric distribution), by drawing
// each category's count given the ones before it. It costs O(Σ σ_i).
func multiHypergeometric(rng *rand.Rand, dst []float64, counts []int, total, n int) {
	for i, c := range counts {
		if n == 0 {
			dst[i] = 0
			continue
		}
		k := hypergeometric(rng, total, c, n)
		dst[i] = float64(k)
		total -= c
		n -= k
	}
}
