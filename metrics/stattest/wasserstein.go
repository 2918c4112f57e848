package stattest

import "math"

// CDFDistances walks the merged sorted samples once and returns the L1 and
// L2 distances between their empirical CDFs (scipy.stats._cdf_distance):
//
//	l1 = Σ |F_u(z_i) - F_v(z_i)| (z_{i+1} - z_i)
//	l2 = sqrt(Σ (F_u(z_i) - F_v(z_i))² (z_{i+1} - z_i))
//
// over the pooled sorted values z. l1 is the Wasserstein-1 distance
// (scipy.stats.wasserstein_distance) and sqrt(2)·l2 the energy distance
// (scipy.stats.energy_distance).
func CDFDistances(u, v *Sample) (l1, l2 float64) {
	if u.runs != nil || v.runs != nil {
		return cdfDistancesRuns(u, v)
	}
	a, b := u.sorted, v.sorted
	c := cdfWalk{na: float64(len(a)), nb: float64(len(b)), prev: math.NaN()}
	// The merge takes one value at a time, the smaller head (a's on a
	// tie), chosen without a branch: which sample holds the next value is
	// a coin toss, and a mispredicted branch per value cost more than the
	// rest of the loop. Each distinct value x of the union, in ascending
	// order, adds the area between the two CDFs from the previous distinct
	// value to x, with the counts of the values below x: the same terms in
	// the same order as walking the distinct values (so the same sums, bit
	// for bit). -0 and +0 are one value, as == has them.
	//
	// The loop is cdfWalk.add written out, its sums and the previous value
	// in locals (registers, not memory: each step's sum no longer waits for
	// the last one's store), and i and j advanced before the sums, so the
	// next values load while the divisions run: BenchmarkTests/wasserstein
	// at a million values a side took 12.4-13.6 ms against 13.1-16.5.
	i, j := 0, 0
	prev, s1, s2 := c.prev, 0.0, 0.0
	for i < len(a) && j < len(b) {
		ai, bj := math.Float64bits(a[i]), math.Float64bits(b[j])
		takeA := a[i] <= b[j]
		y := bj
		if takeA {
			y = ai // a conditional move
		}
		t := int(flag(takeA))
		ci, cj := i, j // the counts below x
		i += t
		j += 1 - t
		if x := math.Float64frombits(y); x != prev {
			if ci+cj > 0 {
				d := float64(ci)/c.na - float64(cj)/c.nb
				dx := x - prev
				s1 += math.Abs(d) * dx
				s2 += d * d * dx
			}
			prev = x
		}
	}
	c.prev, c.s1, c.s2 = prev, s1, s2
	c.ca, c.cb = i, j
	for ; i < len(a); i++ {
		c.add(a[i], 1, 0)
	}
	for ; j < len(b); j++ {
		c.add(b[j], 0, 1)
	}
	return c.s1, math.Sqrt(c.s2)
}

// cdfWalk accumulates CDFDistances' sums over the merged values.
type cdfWalk struct {
	na, nb float64
	ca, cb int // the values of each sample taken so far
	prev   float64
	s1, s2 float64
}

// add takes value y, fromA times from sample u and fromB times from v.
func (c *cdfWalk) add(y float64, fromA, fromB int) {
	if y != c.prev {
		if c.ca+c.cb > 0 {
			d := float64(c.ca)/c.na - float64(c.cb)/c.nb
			dx := y - c.prev
			c.s1 += math.Abs(d) * dx
			c.s2 += d * d * dx
		}
		c.prev = y
	}
	c.ca += fromA
	c.cb += fromB
}

// flag is 1 for true and 0 for false, without a branch (the compiler
// makes it a SETcc).
func flag(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// cdfDistancesRuns is CDFDistances walking runs as they are: cdfWalk.add
// once a distinct value, with the counts of its run in each sample (the
// same operations in the same order).
func cdfDistancesRuns(u, v *Sample) (l1, l2 float64) {
	c := cdfWalk{na: float64(u.Len()), nb: float64(v.Len()), prev: math.NaN()}
	x, y := newCursor(u), newCursor(v)
	for !x.done() || !y.done() {
		z := head(&x, &y)
		c.add(z, x.take(z), y.take(z))
	}
	return c.s1, math.Sqrt(c.s2)
}

// computeWasserstein is Evidently's normed Wasserstein distance:
//
//	score = W1(ref, cur) / max(std(ref, ddof=0), 0.001)
func computeWasserstein(in Input, _ Options) (Stat, error) {
	w, std := cdfL1AndStd(in.Reference, in.Current)
	return distanceStat(w / math.Max(std, 0.001)), nil
}

// cdfL1AndStd returns CDFDistances(u, v)'s l1 and u.Std(), to the same
// bits, taking the steps of u's squared deviations (computeStats' second
// loop) inside the merge of the two samples: each is a chain of dependent
// operations, about 10 and 12 cycles a step, which the processor runs side
// by side when they share a loop, where one after the other they took
// their sum. u's statistics are kept as computeStats keeps them.
func cdfL1AndStd(u, v *Sample) (l1, std float64) {
	if u.runs != nil || v.runs != nil || len(u.sorted) == 0 || len(v.sorted) == 0 {
		l1, _ = CDFDistances(u, v)
		return l1, u.Std()
	}
	a, b := u.sorted, v.sorted
	mean, distinct := meanDistinct(a)
	c := cdfWalk{na: float64(len(a)), nb: float64(len(b)), prev: math.NaN()}
	// The merge as in CDFDistances (without l2's sum), and one step of
	// the deviations of a as in computeStats, while there are any.
	i, j, k := 0, 0, 0
	prev, s1 := c.prev, 0.0
	dev := newDevSum(a[0], mean)
	for i < len(a) && j < len(b) {
		ai, bj := math.Float64bits(a[i]), math.Float64bits(b[j])
		takeA := a[i] <= b[j]
		y := bj
		if takeA {
			y = ai // a conditional move
		}
		t := int(flag(takeA))
		ci, cj := i, j
		i += t
		j += 1 - t
		if x := math.Float64frombits(y); x != prev {
			if ci+cj > 0 {
				d := float64(ci)/c.na - float64(cj)/c.nb
				s1 += math.Abs(d) * (x - prev)
			}
			prev = x
		}
		if k < len(a) {
			dev = dev.add(a[k], mean)
			k++
		}
	}
	c.prev, c.s1 = prev, s1
	c.ca, c.cb = i, j
	for ; i < len(a); i++ {
		c.add(a[i], 1, 0)
	}
	for ; j < len(b); j++ {
		c.add(b[j], 0, 1)
	}
	for ; k < len(a); k++ {
		dev = dev.add(a[k], mean)
	}
	st := sampleStats{mean: mean, std: dev.std(len(a)), distinct: distinct}
	u.once.Do(func() { u.stats = st })
	return c.s1, u.stats.std
}

// computeEnergy is Evidently's ed, scipy.stats.energy_distance on raw
// values (not normalised):
//
//	E = sqrt(2) · sqrt(Σ (F_ref - F_cur)² Δz)
func computeEnergy(in Input, _ Options) (Stat, error) {
	_, l2 := CDFDistances(in.Reference, in.Current)
	return distanceStat(math.Sqrt2 * l2), nil
}
