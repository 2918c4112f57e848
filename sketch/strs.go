package sketch

import (
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
)

// strs sketches a categorical or text column: exact counts of rows and
// missing values, the exact length and word-count statistics of the
// values, and each category's count, exactly while there are at most
// Options.Categories of them (and at most 64 KiB), then Misra-Gries heavy
// hitters and a HyperLogLog distinct count.
type strs struct {
	typ           dataset.Type // Categorical or Text when declared, Unknown when inferred
	rows, missing int64
	text          textStats
	exact         *values[string] // nil once spilled
	exactBytes    int
	hll           *hll
	hh            *heavy[string]
}

// textStats are the exact length and word statistics of the values.
type textStats struct {
	n                         int64
	lenMin, lenMax, lenSum    int64
	wordMin, wordMax, wordSum int64
}

func (t *textStats) add(length, words, count int64) {
	if t.n == 0 {
		t.lenMin, t.lenMax, t.wordMin, t.wordMax = length, length, words, words
	}
	t.n += count
	t.lenMin, t.lenMax = min(t.lenMin, length), max(t.lenMax, length)
	t.wordMin, t.wordMax = min(t.wordMin, words), max(t.wordMax, words)
	t.lenSum += length * count
	t.wordSum += words * count
}

func (t *textStats) merge(o textStats) {
	if o.n == 0 {
		return
	}
	if t.n == 0 {
		*t = o
		return
	}
	t.n += o.n
	t.lenMin, t.lenMax = min(t.lenMin, o.lenMin), max(t.lenMax, o.lenMax)
	t.wordMin, t.wordMax = min(t.wordMin, o.wordMin), max(t.wordMax, o.wordMax)
	t.lenSum += o.lenSum
	t.wordSum += o.wordSum
}

func newStrs(typ dataset.Type) *strs { return &strs{typ: typ, exact: &values[string]{}} }

func (c *strs) add(o Options, col *dataset.StringColumn) {
	levels := col.Levels()
	c.rows += int64(col.Len())
	c.missing += int64(col.NullN())
	counts := make([]int64, len(levels))
	if codes, ok := col.Codes16(); ok {
		countLevels(counts, codes)
	} else {
		countLevels(counts, col.Codes())
	}
	keys := make([]string, 0, len(levels))
	kc := make([]int64, 0, len(levels))
	for k, n := range counts {
		if n > 0 {
			l := levels[k]
			keys = append(keys, l)
			kc = append(kc, n)
			c.text.add(int64(utf8.RuneCountInString(l)), int64(len(strings.Fields(l))), n)
		}
	}
	c.addCounts(o, keys, kc)
}

func (c *strs) addCounts(o Options, keys []string, counts []int64) {
	if c.exact != nil {
		c.exact.addUnsorted(keys, counts)
		c.exactBytes = 0
		for _, k := range c.exact.keys {
			c.exactBytes += len(k)
		}
		if len(c.exact.keys) > o.Categories || c.exactBytes > categoryBytes {
			c.spill(o)
		}
		return
	}
	for _, k := range keys {
		c.hll.add(hashString(k))
	}
	c.hh.addCounts(keys, counts)
}

func (c *strs) spill(o Options) {
	c.hll = newHLL(uint8(o.HLLPrecision))
	c.hh = newHeavy[string](o.HeavyHitters)
	for _, k := range c.exact.keys {
		c.hll.add(hashString(k))
	}
	c.hh.addCounts(c.exact.keys, c.exact.counts)
	c.exact, c.exactBytes = nil, 0
}

func (c *strs) clone() *strs {
	d := *c
	if c.exact != nil {
		d.exact = c.exact.clone()
	}
	if c.hll != nil {
		d.hll = &hll{p: c.hll.p, regs: append([]uint8(nil), c.hll.regs...)}
		hh := newHeavy[string](c.hh.k)
		hh.n = c.hh.n
		for k, v := range c.hh.counts {
			hh.counts[k] = v
		}
		d.hh = hh
	}
	return &d
}

func (c *strs) merge(opts Options, o *strs) {
	c.rows += o.rows
	c.missing += o.missing
	c.text.merge(o.text)
	if c.typ != o.typ {
		c.typ = dataset.Unknown
	}
	if c.exact != nil && o.exact != nil {
		c.addCounts(opts, o.exact.keys, o.exact.counts)
		return
	}
	if o.exact != nil {
		o = o.clone()
		o.spill(opts)
	}
	if c.exact != nil {
		c.spill(opts)
	}
	c.hll.merge(o.hll)
	c.hh.merge(o.hh)
}

// countLevels adds each present code's row to counts.
func countLevels[T int16 | int32](counts []int64, codes []T) {
	for _, k := range codes {
		if k >= 0 {
			counts[k]++
		}
	}
}
