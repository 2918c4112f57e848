package sketch

import (
	"context"
	"fmt"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/parallel"
)

// Sketch is a mergeable summary of a dataset: one sketch per column, the
// number of rows, and the rows with a missing value or with every value
// missing. Build it with New and Add (or Of), combine sketches with Merge,
// and store them with Encode and Decode. A Sketch is not safe for
// concurrent use; Merge and Summary do not modify their argument.
type Sketch struct {
	opts            Options
	rows            int64
	rowsWithMissing int64
	emptyRows       int64
	cols            []*column
	index           map[string]int
}

// column is one column's sketch: exactly one of num, str and tm is set.
type column struct {
	name    string
	num     *numeric
	str     *strs
	tm      *times
	scratch scratch // memory reused from chunk to chunk
}

// Kind names what a column's sketch holds: "numerical", "string" (a
// categorical or text column) or "datetime".
func (c *column) kind() string {
	switch {
	case c.num != nil:
		return "numerical"
	case c.str != nil:
		return "string"
	}
	return "datetime"
}

// New returns an empty sketch. The zero Options give the defaults.
func New(opts Options) (*Sketch, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	return &Sketch{opts: opts.withDefaults(), index: map[string]int{}}, nil
}

// Of returns the sketch of a frame.
func Of(ctx context.Context, f *dataset.Frame, opts Options) (*Sketch, error) {
	s, err := New(opts)
	if err != nil {
		return nil, err
	}
	if err := s.Add(ctx, f); err != nil {
		return nil, err
	}
	return s, nil
}

// Rows returns the number of rows sketched.
func (s *Sketch) Rows() int64 { return s.rows }

// Names returns the column names, in the order of the first frame added.
func (s *Sketch) Names() []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.name
	}
	return out
}

// Options returns the options the sketch was made with.
func (s *Sketch) Options() Options { return s.opts }

// Add adds the rows of f. The first frame added sets the columns; later
// frames must have the same columns (in any order), each of the same kind
// (numerical, string or datetime).
func (s *Sketch) Add(ctx context.Context, f *dataset.Frame) error {
	cols := f.Columns()
	if len(s.cols) == 0 && s.rows == 0 {
		for _, c := range cols {
			col := &column{name: c.Name()}
			switch c := c.(type) {
			case *dataset.NumericColumn:
				col.num = newNumeric(s.opts, true)
			case *dataset.StringColumn:
				col.str = newStrs(dataset.Unknown)
			case *dataset.TimeColumn:
				col.tm = newTimes()
			default:
				return fmt.Errorf("sketch: %s: column %q: unsupported column type %T", f.Source(), c.Name(), c)
			}
			s.index[col.name] = len(s.cols)
			s.cols = append(s.cols, col)
		}
	}
	if err := s.checkColumns(f); err != nil {
		return err
	}
	err := parallel.For(ctx, 0, len(cols), func(i int) {
		c := s.cols[s.index[cols[i].Name()]]
		switch col := cols[i].(type) {
		case *dataset.NumericColumn:
			c.num.add(s.opts, col, &c.scratch)
		case *dataset.StringColumn:
			c.str.add(s.opts, col)
		case *dataset.TimeColumn:
			c.tm.add(s.opts, col)
		}
	})
	if err != nil {
		return err
	}
	s.rows += int64(f.Len())
	s.countMissingRows(f)
	return nil
}

// SetType records the declared type (categorical or text) of a string
// column, which Summary then keeps instead of inferring it.
func (s *Sketch) SetType(name string, t dataset.Type) error {
	i, ok := s.index[name]
	if !ok || s.cols[i].str == nil || (t != dataset.Categorical && t != dataset.Text) {
		return fmt.Errorf("sketch: cannot type column %q as %s", name, t)
	}
	s.cols[i].str.typ = t
	return nil
}

func (s *Sketch) checkColumns(f *dataset.Frame) error {
	if f.NumColumns() != len(s.cols) {
		return fmt.Errorf("sketch: %s has columns %v, the sketch has %v", f.Source(), f.Names(), s.Names())
	}
	for _, c := range f.Columns() {
		i, ok := s.index[c.Name()]
		if !ok {
			return fmt.Errorf("sketch: %s has column %q, which the sketch has not (columns %v)", f.Source(), c.Name(), s.Names())
		}
		want := s.cols[i].kind()
		got := (&column{num: asNum(c), str: asStr(c)}).kind()
		if got != want {
			return fmt.Errorf("sketch: %s: column %q is %s here and %s in the sketch; give its type (--type %s=TYPE)", f.Source(), c.Name(), c.Type(), want, c.Name())
		}
	}
	return nil
}

func asNum(c dataset.Column) *numeric {
	if _, ok := c.(*dataset.NumericColumn); ok {
		return &numeric{}
	}
	return nil
}

func asStr(c dataset.Column) *strs {
	if _, ok := c.(*dataset.StringColumn); ok {
		return &strs{}
	}
	return nil
}

// countMissingRows counts the rows of f with a missing value and with
// every value missing.
func (s *Sketch) countMissingRows(f *dataset.Frame) {
	n := f.Len()
	if n == 0 || f.NumColumns() == 0 {
		return
	}
	per := make([]int32, n)
	any := false
	for _, c := range f.Columns() {
		if c.NullN() == 0 {
			continue
		}
		any = true
		if sc, ok := c.(*dataset.StringColumn); ok {
			if codes, ok := sc.Codes16(); ok {
				countMissingCodes(per, codes)
			} else {
				countMissingCodes(per, sc.Codes())
			}
			continue
		}
		for i := range per {
			if c.IsNull(i) {
				per[i]++
			}
		}
	}
	if !any {
		return
	}
	all := int32(f.NumColumns())
	for _, k := range per {
		if k > 0 {
			s.rowsWithMissing++
		}
		if k == all {
			s.emptyRows++
		}
	}
}

// Merge adds o to s; o is not modified. Both must have been made with the
// same options and have the same columns of the same kinds.
func (s *Sketch) Merge(o *Sketch) error {
	if s.opts != o.opts {
		return fmt.Errorf("sketch: cannot merge sketches made with different options (%+v and %+v)", s.opts, o.opts)
	}
	if len(s.cols) == 0 && s.rows == 0 {
		for _, c := range o.cols {
			nc := &column{name: c.name}
			switch {
			case c.num != nil:
				nc.num = newNumeric(s.opts, c.num.integer)
			case c.str != nil:
				nc.str = newStrs(c.str.typ)
			default:
				nc.tm = newTimes()
			}
			s.index[c.name] = len(s.cols)
			s.cols = append(s.cols, nc)
		}
	}
	if len(o.cols) != len(s.cols) {
		return fmt.Errorf("sketch: cannot merge sketches of different columns: %v and %v", s.Names(), o.Names())
	}
	for _, oc := range o.cols {
		i, ok := s.index[oc.name]
		if !ok {
			return fmt.Errorf("sketch: cannot merge sketches of different columns: %v and %v", s.Names(), o.Names())
		}
		if k := s.cols[i].kind(); k != oc.kind() {
			return fmt.Errorf("sketch: column %q is %s in one sketch and %s in the other", oc.name, k, oc.kind())
		}
	}
	for _, oc := range o.cols {
		c := s.cols[s.index[oc.name]]
		switch {
		case c.num != nil:
			c.num.merge(s.opts, oc.num)
		case c.str != nil:
			c.str.merge(s.opts, oc.str)
		default:
			c.tm.merge(s.opts, oc.tm)
		}
	}
	s.rows += o.rows
	s.rowsWithMissing += o.rowsWithMissing
	s.emptyRows += o.emptyRows
	return nil
}

// sortedNames returns the column names sorted, for a canonical encoding.
func (s *Sketch) sortedNames() []string {
	n := s.Names()
	slices.Sort(n)
	return n
}

// countMissingCodes adds 1 to per[i] for each missing code i.
func countMissingCodes[T int16 | int32](per []int32, codes []T) {
	for i, k := range codes {
		if k < 0 {
			per[i]++
		}
	}
}
