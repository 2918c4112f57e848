package dataset

import (
	"fmt"
	"slices"
)

// Frame is a table of equally long, uniquely named columns. A Frame is
// immutable and safe for concurrent use.
type Frame struct {
	source string // where the data came from, for messages: a file path
	cols   []Column
	byName map[string]int
	rows   int
	notes  []string
}

// New returns a frame of cols. source names where the data came from (a file
// path, or any label) and appears in error messages. It is an error for two
// columns to share a name or for the columns to differ in length.
func New(source string, cols ...Column) (*Frame, error) {
	f := &Frame{source: source, cols: cols, byName: make(map[string]int, len(cols))}
	for i, c := range cols {
		if c == nil {
			return nil, fmt.Errorf("dataset: %s: column %d is nil", source, i+1)
		}
		if i == 0 {
			f.rows = c.Len()
		} else if c.Len() != f.rows {
			return nil, fmt.Errorf("dataset: %s: column %q has %d rows, column %q has %d",
				source, c.Name(), c.Len(), cols[0].Name(), f.rows)
		}
		if _, dup := f.byName[c.Name()]; dup {
			return nil, fmt.Errorf("dataset: %s: duplicate column name %q", source, c.Name())
		}
		f.byName[c.Name()] = i
	}
	return f, nil
}

// Source returns the frame's source, as given to New or the reader.
func (f *Frame) Source() string { return f.source }

// Len returns the number of rows.
func (f *Frame) Len() int { return f.rows }

// NumColumns returns the number of columns.
func (f *Frame) NumColumns() int { return len(f.cols) }

// Columns returns the columns in order. The slice must not be modified.
func (f *Frame) Columns() []Column { return f.cols }

// Names returns the column names in order.
func (f *Frame) Names() []string {
	names := make([]string, len(f.cols))
	for i, c := range f.cols {
		names[i] = c.Name()
	}
	return names
}

// Column returns the column called name, and whether there is one.
func (f *Frame) Column(name string) (Column, bool) {
	i, ok := f.byName[name]
	if !ok {
		return nil, false
	}
	return f.cols[i], true
}

// Notes returns remarks the reader made about the data (a column read as
// categorical because a few values were not numbers, an all-missing column,
// ...). They are worth showing to a user but are not errors.
func (f *Frame) Notes() []string { return f.notes }

// WithNotes returns a copy of f with notes added.
func (f *Frame) WithNotes(notes ...string) *Frame {
	g := *f
	g.notes = append(slices.Clip(f.notes), notes...)
	return &g
}

// WithColumns returns a frame of f's columns followed by cols, with f's
// source and notes. As for New, it is an error for two columns to share a
// name or for the columns to differ in length.
func (f *Frame) WithColumns(cols ...Column) (*Frame, error) {
	g, err := New(f.source, append(slices.Clip(f.cols), cols...)...)
	if err != nil {
		return nil, err
	}
	g.notes = f.notes
	return g, nil
}

// Select returns a frame of the named columns, in the order given.
func (f *Frame) Select(names ...string) (*Frame, error) {
	cols := make([]Column, 0, len(names))
	for _, n := range names {
		c, ok := f.Column(n)
		if !ok {
			return nil, &ColumnError{Source: f.source, Column: n, Err: ErrNoColumn}
		}
		cols = append(cols, c)
	}
	return New(f.source, cols...)
}

// Replace returns a copy of f with the column of c's name replaced by c, or
// c appended when f has no column of that name.
func (f *Frame) Replace(c Column) (*Frame, error) {
	cols := slices.Clone(f.cols)
	if i, ok := f.byName[c.Name()]; ok {
		cols[i] = c
	} else {
		cols = append(cols, c)
	}
	g, err := New(f.source, cols...)
	if err != nil {
		return nil, err
	}
	g.notes = f.notes
	return g, nil
}
