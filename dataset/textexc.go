package dataset

import (
	"cmp"
	"slices"
)

// textExc keeps the texts of the values of a column that are not spelled as
// the column's formatter writes them ("007", "1.50", "2024-01-31 10:00" in a
// column of "2024-01-31T10:00" values), so that a column read as numbers or
// date-times can still become a column of the exact strings of the file
// when a later value shows it is not one. Values in the canonical spelling,
// nearly all of them, cost nothing here.
type textExc struct {
	ents  []excEntry
	arena []byte
	g     bitRows // numbers written as strconv.FormatFloat(f, 'g', -1, 64)
}

type excEntry struct {
	row        int32
	start, end uint32 // the text in arena; start == gStyle: a number in 'g' form
}

// gStyle marks an entry whose text is strconv.FormatFloat(f, 'g', -1, 64),
// as the cursor returns the rows of g.
const gStyle = ^uint32(0)

func (x *textExc) reset() {
	x.ents = x.ents[:0]
	x.arena = x.arena[:0]
	x.g.reset()
}

func (x *textExc) add(row int, text []byte) {
	start := uint32(len(x.arena))
	x.arena = append(x.arena, text...)
	x.ents = append(x.ents, excEntry{int32(row), start, uint32(len(x.arena))})
}

func (x *textExc) addG(row int) { x.g.set(row) }

// empty reports that no row has a kept text or a 'g' form.
func (x *textExc) empty() bool { return len(x.ents) == 0 && x.g.none() }

// has reports whether row has an entry; it is linear, for rare uses.
func (x *textExc) has(row int) bool {
	if x.g.isSet(row) {
		return true
	}
	for _, e := range x.ents {
		if e.row == int32(row) {
			return true
		}
	}
	return false
}

// appendShifted appends the entries of y with their rows moved by off.
func (x *textExc) appendShifted(y *textExc, off int) {
	base := uint32(len(x.arena))
	x.arena = append(x.arena, y.arena...)
	for _, e := range y.ents {
		e.row += int32(off)
		if e.start != gStyle {
			e.start += base
			e.end += base
		}
		x.ents = append(x.ents, e)
	}
	y.g.each(func(i int) { x.g.set(off + i) })
}

// cursor returns an iterator over the entries in row order. Entries are
// mostly added in row order; a conversion may add some out of order, so
// they are sorted first (stably: a row's first entry wins).
func (x *textExc) cursor() excCursor {
	if !slices.IsSortedFunc(x.ents, cmpEntry) {
		slices.SortStableFunc(x.ents, cmpEntry)
	}
	return excCursor{x: x}
}

func cmpEntry(a, b excEntry) int { return cmp.Compare(a.row, b.row) }

// excCursor walks the entries of a textExc by increasing row.
type excCursor struct {
	x *textExc
	i int
}

// at returns the entry of row, if any; rows must be asked in increasing
// order.
func (c *excCursor) at(row int) (excEntry, bool) {
	for c.i < len(c.x.ents) && int(c.x.ents[c.i].row) < row {
		c.i++
	}
	if c.i < len(c.x.ents) && int(c.x.ents[c.i].row) == row {
		return c.x.ents[c.i], true
	}
	if c.x.g.isSet(row) {
		return excEntry{row: int32(row), start: gStyle}, true
	}
	return excEntry{}, false
}

func (c *excCursor) text(e excEntry) []byte { return c.x.arena[e.start:e.end] }
