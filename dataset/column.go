package dataset

import (
	"math"
	"strconv"
	"sync"
	"time"
)

// Column is one named, typed column of a Frame. The concrete types are
// *NumericColumn, *StringColumn and *TimeColumn; a type switch gives access
// to their values.
//
// Columns are immutable once built: the slices their accessors return must
// not be modified. They are safe for concurrent use.
type Column interface {
	Name() string
	Type() Type
	Len() int
	// NullN returns the number of missing values.
	NullN() int
	// IsNull reports whether row i is missing.
	IsNull(i int) bool
	// Format returns row i as text, "" for a missing value. It is meant for
	// messages and examples, not for hot loops.
	Format(i int) string
}

// NumericColumn is a numerical column. Missing values are NaN in Values and
// set in the null mask.
type NumericColumn struct {
	name   string
	values []float64  // of an integer column, written from its integers at the first Values (floats)
	ints   []int64    // exact values of an integer column, nil otherwise; of a narrow one, written at the first Ints (wide)
	narrow narrowInts // exact values of an integer column held in 16 or 32 bits, none otherwise
	nulls  nullMask
	nullN  int
	floats sync.Once // converts the integers to values
	wide   sync.Once // converts narrow to ints
}

// NewNumericColumn returns a numerical column holding values. NaN values are
// missing. The column takes ownership of values.
func NewNumericColumn(name string, values []float64) *NumericColumn {
	c := &NumericColumn{name: name, values: values}
	for i, v := range values {
		if math.IsNaN(v) {
			if c.nulls == nil {
				c.nulls = newNullMask(len(values))
			}
			c.nulls.set(i)
			c.nullN++
		}
	}
	return c
}

// NewIntColumn returns a numerical column of integers; nulls (nil, or as long
// as values) marks missing rows. The exact int64 values are kept alongside
// their float64 conversions. The column takes ownership of values.
func NewIntColumn(name string, values []int64, nulls []bool) *NumericColumn {
	return newIntColumn(name, values, maskFromBools(nulls))
}

// newIntColumn returns the integer column; its float64 values are written
// when first asked for (Values), so that the many uses that read the exact
// integers (sorting, counting, inference) never pay for a second copy.
func newIntColumn(name string, values []int64, nulls nullMask) *NumericColumn {
	return &NumericColumn{name: name, ints: values, nulls: nulls, nullN: nulls.count()}
}

// fillFloats writes the float64 values of an integer column, NaN where
// missing.
func (c *NumericColumn) fillFloats() {
	switch {
	case c.narrow.i16 != nil:
		c.values = intsToFloats(c.narrow.i16, c.nulls)
	case c.narrow.i32 != nil:
		c.values = intsToFloats(c.narrow.i32, c.nulls)
	default:
		c.values = intsToFloats(c.ints, c.nulls)
	}
}

func intsToFloats[T integer](ints []T, nulls nullMask) []float64 {
	values := make([]float64, len(ints))
	for i, v := range ints {
		if nulls.isSet(i) {
			values[i] = math.NaN()
		} else {
			values[i] = float64(v)
		}
	}
	return values
}

func (c *NumericColumn) Name() string { return c.name }
func (c *NumericColumn) Type() Type   { return Numerical }
func (c *NumericColumn) Len() int {
	switch {
	case c.narrow.held():
		return c.narrow.len()
	case c.ints != nil:
		return len(c.ints)
	}
	return len(c.values)
}
func (c *NumericColumn) NullN() int        { return c.nullN }
func (c *NumericColumn) IsNull(i int) bool { return c.nulls.isSet(i) }

// Values returns the values as float64, NaN where missing. The slice must
// not be modified. For an integer column it is written at the first call.
func (c *NumericColumn) Values() []float64 {
	if c.Integer() {
		c.floats.Do(c.fillFloats)
	}
	return c.values
}

// Ints returns the exact integer values of a column read from integers, and
// whether it was; missing rows hold 0. The slice must not be modified. A
// column that holds its integers in fewer bits (Int16s, Int32s) writes
// them out as int64 at the first call.
func (c *NumericColumn) Ints() ([]int64, bool) {
	if c.narrow.held() {
		c.wide.Do(c.widen)
	}
	return c.ints, c.ints != nil
}

// Integer reports whether the column was read from integers.
func (c *NumericColumn) Integer() bool { return c.narrow.held() || c.ints != nil }

func (c *NumericColumn) Format(i int) string {
	switch {
	case c.nulls.isSet(i):
		return ""
	case c.narrow.held():
		return strconv.FormatInt(c.narrow.at(i), 10)
	case c.ints != nil:
		return strconv.FormatInt(c.ints[i], 10)
	}
	return strconv.FormatFloat(c.Values()[i], 'g', -1, 64)
}

// StringColumn is a categorical or text column, dictionary-encoded: row i
// holds Levels()[Codes()[i]], and code -1 marks a missing row. Levels are in
// order of first appearance.
//
// A column the readers build with at most 32,768 levels holds its codes in
// 16 bits (Codes16: all of CSV's, Parquet's where every row group has a
// dictionary, booleans, and columns Convert makes categorical); Codes
// gives them in 32, written out at its first call.
type StringColumn struct {
	name    string
	typ     Type // Categorical or Text
	codes   []int32
	codes16 []int16   // the codes in 16 bits, nil when the column holds them in 32
	wide    sync.Once // writes codes from codes16
	levels  []string
	nullN   int
}

// NewStringColumn returns a categorical (typ Categorical) or text (typ Text)
// column from values; nulls (nil, or as long as values) marks missing rows.
func NewStringColumn(name string, typ Type, values []string, nulls []bool) *StringColumn {
	var d dictBuilder
	codes := make([]int32, len(values))
	nullN := 0
	for i, v := range values {
		if nulls != nil && nulls[i] {
			codes[i] = -1
			nullN++
			continue
		}
		codes[i] = d.code(v)
	}
	return newStringColumn(name, typ, codes, d.levels, nullN)
}

// newStringColumn returns the column of codes, which it takes, in the bits
// they come in.
func newStringColumn[T narrowInt](name string, typ Type, codes []T, levels []string, nullN int) *StringColumn {
	if typ != Text {
		typ = Categorical
	}
	c := &StringColumn{name: name, typ: typ, levels: levels, nullN: nullN}
	switch codes := any(codes).(type) {
	case []int16:
		c.codes16 = codes
		if codes == nil {
			c.codes16 = []int16{}
		}
	case []int32:
		c.codes = codes
	}
	return c
}

// retyped returns the column as typ, sharing its codes and levels.
func (c *StringColumn) retyped(typ Type) *StringColumn {
	if c.codes16 != nil {
		return newStringColumn(c.name, typ, c.codes16, c.levels, c.nullN)
	}
	return newStringColumn(c.name, typ, c.codes, c.levels, c.nullN)
}

func (c *StringColumn) Name() string { return c.name }
func (c *StringColumn) Type() Type   { return c.typ }
func (c *StringColumn) NullN() int   { return c.nullN }

func (c *StringColumn) Len() int {
	if c.codes16 != nil {
		return len(c.codes16)
	}
	return len(c.codes)
}

func (c *StringColumn) IsNull(i int) bool { return c.code(i) < 0 }

// code returns row i's code.
func (c *StringColumn) code(i int) int32 {
	if c.codes16 != nil {
		return int32(c.codes16[i])
	}
	return c.codes[i]
}

// Codes returns each row's index into Levels, -1 where missing. The slice
// must not be modified. Of a column held in 16 bits, it is written out at
// the first call; code that reads the codes in a hot loop asks for them in
// 16 bits first (Codes16).
func (c *StringColumn) Codes() []int32 {
	if c.codes16 != nil {
		c.wide.Do(func() { c.codes = convertInts[int32](c.codes16) })
	}
	return c.codes
}

// Codes16 returns the codes of a column held in 16 bits, and whether it is.
// The slice must not be modified.
func (c *StringColumn) Codes16() ([]int16, bool) { return c.codes16, c.codes16 != nil }

// Levels returns the distinct values in order of first appearance. A frame
// made with Take shares its source's levels, so some may occur in no row.
// The slice must not be modified.
func (c *StringColumn) Levels() []string { return c.levels }

// Value returns row i and whether it is present.
func (c *StringColumn) Value(i int) (string, bool) {
	if k := c.code(i); k >= 0 {
		return c.levels[k], true
	}
	return "", false
}

func (c *StringColumn) Format(i int) string { v, _ := c.Value(i); return v }

// TimeColumn is a datetime column: instants as Unix nanoseconds in UTC.
type TimeColumn struct {
	name     string
	values   []int64
	nulls    nullMask
	nullN    int
	dateOnly bool // every value was a calendar date without a time of day

	bounds     timeBounds // the present instants' range, when known
	boundsOnce sync.Once  // finds bounds when they were not known when built
}

// timeBounds is the range of a time column's present instants.
type timeBounds struct {
	lo, hi int64
	ok     bool // there is a present instant
	known  bool // lo, hi and ok are set
}

// add widens b to the values of vals.
func (b *timeBounds) add(vals []int64) {
	if len(vals) == 0 {
		return
	}
	lo, hi := vals[0], vals[0]
	if b.ok {
		lo, hi = b.lo, b.hi
	}
	for _, v := range vals {
		lo, hi = min(lo, v), max(hi, v)
	}
	b.lo, b.hi, b.ok = lo, hi, true
}

// merge widens b to the range of o.
func (b *timeBounds) merge(o timeBounds) {
	switch {
	case !o.ok:
	case !b.ok:
		b.lo, b.hi, b.ok = o.lo, o.hi, true
	default:
		b.lo, b.hi = min(b.lo, o.lo), max(b.hi, o.hi)
	}
}

// NewTimeColumn returns a datetime column from values; nulls (nil, or as long
// as values) marks missing rows.
func NewTimeColumn(name string, values []time.Time, nulls []bool) *TimeColumn {
	ns := make([]int64, len(values))
	for i, t := range values {
		ns[i] = t.UnixNano()
	}
	m := maskFromBools(nulls)
	return &TimeColumn{name: name, values: ns, nulls: m, nullN: m.count()}
}

func (c *TimeColumn) Name() string      { return c.name }
func (c *TimeColumn) Type() Type        { return Datetime }
func (c *TimeColumn) Len() int          { return len(c.values) }
func (c *TimeColumn) NullN() int        { return c.nullN }
func (c *TimeColumn) IsNull(i int) bool { return c.nulls.isSet(i) }

// UnixNanos returns the instants as Unix nanoseconds; missing rows hold 0.
// The slice must not be modified.
func (c *TimeColumn) UnixNanos() []int64 { return c.values }

// Range returns the earliest and latest present instants, as Unix
// nanoseconds, and whether any row is present. A column read from Parquet
// knows them from the reading; others find them at the first call, in one
// pass.
func (c *TimeColumn) Range() (lo, hi int64, ok bool) {
	// Always through the Once: reading bounds.known before it would race
	// with another goroutine's findBounds writing bounds.
	c.boundsOnce.Do(c.findBounds)
	return c.bounds.lo, c.bounds.hi, c.bounds.ok
}

// findBounds sets bounds, unless they were known when the column was built.
func (c *TimeColumn) findBounds() {
	if c.bounds.known {
		return
	}
	var b timeBounds
	if c.nullN == 0 {
		b.add(c.values)
	} else {
		for i, v := range c.values {
			if !c.nulls.isSet(i) {
				b.merge(timeBounds{lo: v, hi: v, ok: true})
			}
		}
	}
	b.known = true
	c.bounds = b
}

// Time returns row i as a time in UTC and whether it is present.
func (c *TimeColumn) Time(i int) (time.Time, bool) {
	if c.nulls.isSet(i) {
		return time.Time{}, false
	}
	return time.Unix(0, c.values[i]).UTC(), true
}

// DateOnly reports whether every value is a calendar date (read from dates,
// with no time of day).
func (c *TimeColumn) DateOnly() bool { return c.dateOnly }

func (c *TimeColumn) Format(i int) string {
	t, ok := c.Time(i)
	switch {
	case !ok:
		return ""
	case c.dateOnly:
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// dictBuilder assigns dictionary codes to strings in order of first
// appearance.
type dictBuilder struct {
	index  map[string]int32
	levels []string
}

func (d *dictBuilder) code(s string) int32 {
	if d.index == nil {
		d.index = make(map[string]int32)
	}
	if k, ok := d.index[s]; ok {
		return k
	}
	k := int32(len(d.levels))
	d.index[s] = k
	d.levels = append(d.levels, s)
	return k
}

// codeBytes is code for a byte slice; it allocates only for a new level.
func (d *dictBuilder) codeBytes(b []byte) int32 {
	if d.index == nil {
		d.index = make(map[string]int32)
	}
	if k, ok := d.index[string(b)]; ok {
		return k
	}
	return d.code(string(b))
}

// distinctShare returns the number of levels over the number of present
// values, 0 for an all-missing column.
func (c *StringColumn) distinctShare() float64 {
	present := c.Len() - c.nullN
	if present == 0 {
		return 0
	}
	return float64(len(c.levels)) / float64(present)
}
