package dataset

import (
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
)

// pqGroupDict is what a string column knows of one row group's dictionary.
// The dictionaries of all row groups are read and merged into the column's
// levels before the values are decoded (readDicts), so a dictionary-encoded
// page writes the column's codes at once, in parallel with the other row
// groups. A row group with values outside its dictionary (a writer falls
// back to plain values when a dictionary grows too large) keeps its own
// dictionary, and finish merges them all as the reading in order would.
type pqGroupDict struct {
	pages   parquet.Pages      // opened by readDicts, for the row group's task
	dict    parquet.Dictionary // the chunk's dictionary, nil when none was read
	codes   []int32            // the column's codes of dict's entries
	codes16 []int16            // the same in 16 bits, for a column held in them
	plain   bool               // the row group's codes are of local
	local   localDict
	wide    []int32 // the group's codes, of a column held in 16 bits, once local outgrew them (stringPage)
}

// readDicts reads the dictionary of each row group of a string column, in
// order, and gives its entries the column's codes.
func (c *pqColumn) readDicts() {
	defer func() {
		if p := recover(); p != nil {
			c.errs[0] = formatErr("corrupt or unreadable dictionary: %v", p)
		}
	}()
	for g := range c.dicts {
		gd := &c.dicts[g]
		chunk := c.plan.pf.RowGroups()[g].ColumnChunks()[c.leaf.Index()]
		gd.pages = chunk.Pages()
		fp, ok := gd.pages.(*parquet.FilePages)
		if !ok {
			continue
		}
		dict, err := fp.ReadDictionary()
		if err != nil {
			c.errs[g] = formatErr("reading a dictionary page: %v", err)
			return
		}
		if dict == nil {
			continue
		}
		dv := dict.Page().Data()
		data, offsets := dv.ByteArray()
		for i := 0; i+1 < len(offsets); i++ {
			b := data[offsets[i]:offsets[i+1]]
			if !utf8.Valid(b) {
				c.errs[g] = formatErr("invalid UTF-8 in a string value")
				return
			}
			gd.codes = append(gd.codes, c.levels.code(b))
		}
		gd.dict = dict
	}
}

// localGroup switches row group g to a dictionary of its own, as the first
// value not in the merged dictionary comes at row off: the group's
// dictionary entries come first, and its rows decoded so far get codes of
// them.
func (c *pqColumn) localGroup(g, off int) {
	gd := &c.dicts[g]
	if gd.plain {
		return
	}
	gd.plain = true
	if gd.dict == nil {
		return
	}
	toLocal := make(map[int32]int32, len(gd.codes))
	for _, code := range gd.codes {
		toLocal[code] = gd.local.codeString(c.levels.levels[code])
	}
	// The group's dictionary entries are no more than the column's
	// levels: their local codes fit the column's bits.
	if c.narrowCodes {
		remapThrough(c.codes16[c.plan.rgOff[g]:off], toLocal)
	} else {
		remapThrough(c.codes[c.plan.rgOff[g]:off], toLocal)
	}
}

// remapThrough replaces each present code k by m[k].
func remapThrough[T narrowInt](codes []T, m map[int32]int32) {
	for i, k := range codes {
		if k >= 0 {
			codes[i] = T(m[int32(k)])
		}
	}
}

// narrowCodesFit reports whether the column's codes can be held in 16 bits
// as far as its dictionaries tell: every row group has one (a group of
// plain values only would make its own levels as it goes, unbounded) and
// together they hold at most maxNarrowLevels. A group whose plain values
// outgrow 16 bits all the same goes on in 32 (stringPage).
func (c *pqColumn) narrowCodesFit() bool {
	for g := range c.dicts {
		if c.dicts[g].dict == nil {
			return false
		}
	}
	return len(c.levels.levels) <= maxNarrowLevels
}

// holdCodes decides the bits of a string column's codes, once its
// dictionaries are read (readDicts), and makes room for its rows when the
// plan allocates at once.
func (c *pqColumn) holdCodes() {
	c.narrowCodes = c.narrowCodesFit()
	if c.narrowCodes {
		for g := range c.dicts {
			c.dicts[g].codes16 = convertInts[int16](c.dicts[g].codes)
		}
	}
	if c.plan.prealloc {
		c.alloc(c.plan.rows)
	}
}

// mergeDicts returns the column's levels. When every row group read only
// its dictionary, they are the merged dictionaries, already the codes'. Else
// the levels are built again in the order a reading of the row groups in
// turn gives (each group's dictionary, then its other values), and every
// row group's codes are remapped: in 32 bits when a group went on in them
// (pqGroupDict.wide) or the levels outgrow 16.
func (c *pqColumn) mergeDicts() []string {
	anyPlain := false
	for g := range c.dicts {
		anyPlain = anyPlain || c.dicts[g].plain
	}
	if !anyPlain {
		if c.levels.levels == nil {
			return []string{}
		}
		return c.levels.levels
	}
	var final localDict
	remaps := make([][]int32, len(c.dicts))
	anyWide := false
	for g := range c.dicts {
		gd := &c.dicts[g]
		if gd.plain {
			for _, l := range gd.local.levels {
				remaps[g] = append(remaps[g], final.codeString(l))
			}
		} else {
			remaps[g] = make([]int32, len(c.levels.levels))
			for _, code := range gd.codes {
				remaps[g][code] = final.codeString(c.levels.levels[code])
			}
		}
		anyWide = anyWide || gd.wide != nil
	}
	if c.narrowCodes && (anyWide || len(final.levels) > maxNarrowLevels) {
		c.codes = convertInts[int32](c.codes16)
		for g := range c.dicts {
			if w := c.dicts[g].wide; w != nil {
				copy(c.codes[c.plan.rgOff[g]:c.plan.rgOff[g]+c.plan.rgRows[g]], w)
			}
		}
		c.codes16, c.narrowCodes = nil, false
	}
	for g := range c.dicts {
		lo, hi := c.plan.rgOff[g], c.plan.rgOff[g]+c.plan.rgRows[g]
		if c.narrowCodes {
			remapCodes(c.codes16[lo:hi], remaps[g])
		} else {
			remapCodes(c.codes[lo:hi], remaps[g])
		}
	}
	if final.levels == nil {
		return []string{}
	}
	return final.levels
}
