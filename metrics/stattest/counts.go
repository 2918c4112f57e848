package stattest

import (
	"fmt"
	"slices"
)

// Counts is one categorical comparison: the union of the categories seen on
// either side (sorted) and the number of reference and current rows in each.
// Missing values are not categories: the caller drops them first.
type Counts struct {
	Keys      []string
	Reference []int
	Current   []int
}

// NewCounts counts the values of two categorical columns. Keys are the
// sorted union of the values.
func NewCounts(reference, current []string) *Counts {
	idx := map[string]int{}
	for _, v := range reference {
		idx[v] = 0
	}
	for _, v := range current {
		idx[v] = 0
	}
	keys := make([]string, 0, len(idx))
	for k := range idx {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for i, k := range keys {
		idx[k] = i
	}
	c := &Counts{Keys: keys, Reference: make([]int, len(keys)), Current: make([]int, len(keys))}
	for _, v := range reference {
		c.Reference[idx[v]]++
	}
	for _, v := range current {
		c.Current[idx[v]]++
	}
	return c
}

func (c *Counts) validate() error {
	if len(c.Reference) != len(c.Current) || len(c.Keys) != len(c.Reference) {
		return fmt.Errorf("%w: counts of different lengths", ErrBadInput)
	}
	for i := range c.Reference {
		if c.Reference[i] < 0 || c.Current[i] < 0 {
			return fmt.Errorf("%w: negative count", ErrBadInput)
		}
	}
	return nil
}

// freq is the internal form of a comparison of category frequencies, in key
// order, with only categories seen on at least one side.
type freq struct {
	ref, cur   []float64
	nRef, nCur float64
}

func freqFromCounts(c *Counts) freq {
	f := freq{}
	for i := range c.Reference {
		r, k := c.Reference[i], c.Current[i]
		if r == 0 && k == 0 {
			continue
		}
		f.ref = append(f.ref, float64(r))
		f.cur = append(f.cur, float64(k))
		f.nRef += float64(r)
		f.nCur += float64(k)
	}
	return f
}

// freqFromSamples treats each distinct value of a numerical column as a
// category, in ascending order.
func freqFromSamples(a, b *Sample) freq {
	f := freq{nRef: float64(a.Len()), nCur: float64(b.Len())}
	walkSamples(a, b, func(_ float64, ca, cb int) {
		f.ref = append(f.ref, float64(ca))
		f.cur = append(f.cur, float64(cb))
	})
	return f
}
