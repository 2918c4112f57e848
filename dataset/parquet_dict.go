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
	pages parquet.Pages      // opened by readDicts, for the row group's task
	dict  parquet.Dictionary // the chunk's dictionary, nil when none was read
	codes []int32            // the column's codes of dict's entries
	plain bool               // the row group's codes are of local
	local localDict
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
	for i := c.plan.rgOff[g]; i < off; i++ {
		if k := c.codes[i]; k >= 0 {
			c.codes[i] = toLocal[k]
		}
	}
}

// mergeDicts returns the column's levels. When every row group read only
// its dictionary, they are the merged dictionaries, already the codes'. Else
// the levels are built again in the order a reading of the row groups in
// turn gives (each group's dictionary, then its other values), and every
// row group's codes are remapped.
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
	for g := range c.dicts {
		gd := &c.dicts[g]
		var remap []int32
		if gd.plain {
			for _, l := range gd.local.levels {
				remap = append(remap, final.codeString(l))
			}
		} else {
			remap = make([]int32, len(c.levels.levels))
			for _, code := range gd.codes {
				remap[code] = final.codeString(c.levels.levels[code])
			}
		}
		seg := c.codes[c.plan.rgOff[g] : c.plan.rgOff[g]+c.plan.rgRows[g]]
		for i, k := range seg {
			if k >= 0 {
				seg[i] = remap[k]
			}
		}
	}
	if final.levels == nil {
		return []string{}
	}
	return final.levels
}
