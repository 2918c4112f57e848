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
	na, nb := float64(len(a)), float64(len(b))
	var s1, s2 float64
	ca, cb := 0, 0
	prev := math.NaN()
	// walkDistinct's merge, inline: each distinct value x of the union,
	// in ascending order, adds the area between the two CDFs from the
	// previous value to x.
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var x float64
		switch {
		case j >= len(b):
			x = a[i]
		case i >= len(a):
			x = b[j]
		default:
			x = min(a[i], b[j])
		}
		ka, kb := 0, 0
		for i < len(a) && a[i] == x {
			i++
			ka++
		}
		for j < len(b) && b[j] == x {
			j++
			kb++
		}
		if ca+cb > 0 {
			d := float64(ca)/na - float64(cb)/nb
			dx := x - prev
			s1 += math.Abs(d) * dx
			s2 += d * d * dx
		}
		ca += ka
		cb += kb
		prev = x
	}
	return s1, math.Sqrt(s2)
}

// cdfDistancesRuns is CDFDistances walking runs as they are: the same
// operations at each distinct value, in the same order.
func cdfDistancesRuns(u, v *Sample) (l1, l2 float64) {
	na, nb := float64(u.Len()), float64(v.Len())
	var s1, s2 float64
	ca, cb := 0, 0
	prev := math.NaN()
	x, y := newCursor(u), newCursor(v)
	for !x.done() || !y.done() {
		var z float64
		switch {
		case y.done():
			z = x.value()
		case x.done():
			z = y.value()
		default:
			z = min(x.value(), y.value())
		}
		ka, kb := x.take(z), y.take(z)
		if ca+cb > 0 {
			d := float64(ca)/na - float64(cb)/nb
			dz := z - prev
			s1 += math.Abs(d) * dz
			s2 += d * d * dz
		}
		ca += ka
		cb += kb
		prev = z
	}
	return s1, math.Sqrt(s2)
}

// computeWasserstein is Evidently's normed Wasserstein distance:
//
//	score = W1(ref, cur) / max(std(ref, ddof=0), 0.001)
func computeWasserstein(in Input, _ Options) (Stat, error) {
	w, _ := CDFDistances(in.Reference, in.Current)
	return distanceStat(w / math.Max(in.Reference.Std(), 0.001)), nil
}

// computeEnergy is Evidently's ed, scipy.stats.energy_distance on raw
// values (not normalised):
//
//	E = sqrt(2) · sqrt(Σ (F_ref - F_cur)² Δz)
func computeEnergy(in Input, _ Options) (Stat, error) {
	_, l2 := CDFDistances(in.Reference, in.Current)
	return distanceStat(math.Sqrt2 * l2), nil
}
