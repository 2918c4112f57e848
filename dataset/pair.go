package dataset

import (
	"context"
	"fmt"
	"maps"
)

// PairOptions configure how a reference and a current frame are matched.
type PairOptions struct {
	// SkipMismatched drops, with a note, each column that is missing on one
	// side or whose current values cannot take the reference's type,
	// instead of failing.
	SkipMismatched bool
}

// ReadPair reads a reference and a current file so that their columns
// match: the reference's inferred types are imposed on the current file
// (an integer column with few distinct values in the current sample stays
// numerical if it is numerical in the reference), then Align checks them.
func ReadPair(ctx context.Context, refPath, curPath string, opts *ReadOptions, pair PairOptions) (ref, cur *Frame, err error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	ro := *opts
	ro.typesMayMiss = true // a type may be for a column only the current file has
	ref, err = Read(ctx, refPath, &ro)
	if err != nil {
		return nil, nil, err
	}
	co := *opts
	co.typesMayMiss = true // Align reports the columns missing from the current file
	co.Types = maps.Clone(opts.Types)
	if co.Types == nil {
		co.Types = map[string]Type{}
	}
	for _, c := range ref.Columns() {
		if _, given := co.Types[c.Name()]; !given {
			co.Types[c.Name()] = c.Type()
		}
	}
	cur, err = Read(ctx, curPath, &co)
	if err != nil && pair.SkipMismatched {
		// Read again with inferred types; Align decides column by column.
		io := *opts
		io.typesMayMiss = true
		cur, err = Read(ctx, curPath, &io)
	}
	if err != nil {
		return nil, nil, err
	}
	for _, name := range sortedKeys(opts.Types) {
		_, inRef := ref.Column(name)
		_, inCur := cur.Column(name)
		if !inRef && !inCur {
			return nil, nil, &ColumnError{Column: name, Err: &kindError{ErrNoColumn,
				fmt.Sprintf("a type is given for this column, but neither %s nor %s has it", refPath, curPath)}}
		}
	}
	return Align(ref, cur, pair)
}

// Align returns ref and cur restricted to the columns they share, with the
// current columns converted to the reference's types. A column missing on
// one side, or a current column that does not convert, is an error naming
// it, or with SkipMismatched a note on both frames and the column dropped.
// A categorical column of numbers is spelled canonically on both sides
// (1.0 and 01 are the category 1, 2.50 is 2.5), so that a file pandas
// wrote with missing values (1.0, 0.0, , 5.0) and one it wrote without
// (1, 0, 5) hold the same categories.
func Align(ref, cur *Frame, opts PairOptions) (*Frame, *Frame, error) {
	ref, cur = canonicalFrame(ref), canonicalFrame(cur)
	var notes []string
	var keep []string
	curCols := map[string]Column{}
	for _, c := range cur.Columns() {
		curCols[c.Name()] = c
	}
	for _, rc := range ref.Columns() {
		cc, ok := curCols[rc.Name()]
		delete(curCols, rc.Name())
		if !ok {
			err := &ColumnError{Column: rc.Name(), Err: &kindError{ErrNoColumn,
				fmt.Sprintf("in the reference (%s) but not in the current data (%s)", ref.Source(), cur.Source())}}
			if !opts.SkipMismatched {
				return nil, nil, err
			}
			notes = append(notes, "skipped "+err.Error())
			continue
		}
		if cc.Type() != rc.Type() {
			conv, err := Convert(cc, rc.Type())
			if err != nil {
				err := &ColumnError{Column: rc.Name(), Err: &kindError{ErrColumnType,
					fmt.Sprintf("%s in the reference (%s) but %s in the current data (%s)", rc.Type(), ref.Source(), cc.Type(), cur.Source())}}
				if !opts.SkipMismatched {
					return nil, nil, err
				}
				notes = append(notes, "skipped "+err.Error())
				continue
			}
			cc = conv
		}
		curCols[rc.Name()] = cc
		keep = append(keep, rc.Name())
	}
	for _, cc := range cur.Columns() {
		if _, inRef := ref.Column(cc.Name()); inRef {
			continue
		}
		err := &ColumnError{Column: cc.Name(), Err: &kindError{ErrNoColumn,
			fmt.Sprintf("in the current data (%s) but not in the reference (%s)", cur.Source(), ref.Source())}}
		if !opts.SkipMismatched {
			return nil, nil, err
		}
		notes = append(notes, "skipped "+err.Error())
	}
	refOut, err := ref.Select(keep...)
	if err != nil {
		return nil, nil, err
	}
	cols := make([]Column, len(keep))
	for i, name := range keep {
		cols[i] = curCols[name]
	}
	curOut, err := New(cur.Source(), cols...)
	if err != nil {
		return nil, nil, err
	}
	refOut.notes = append(append([]string(nil), ref.notes...), notes...)
	curOut.notes = append(append([]string(nil), cur.notes...), notes...)
	return refOut, curOut, nil
}
