package monitor

import (
	"github.com/telltale-ml/telltale/dataset"
)

// schema is the reference's columns: what an incoming row may hold and how
// each value is typed.
type schema struct {
	names []string
	types []dataset.Type
	ints  []bool // a numerical column the reference read from integers
	index map[string]int
}

func newSchema(ref *dataset.Frame) *schema {
	s := &schema{index: make(map[string]int, ref.NumColumns())}
	for i, c := range ref.Columns() {
		s.names = append(s.names, c.Name())
		s.types = append(s.types, c.Type())
		integer := false
		if nc, ok := c.(*dataset.NumericColumn); ok {
			integer = nc.Integer()
		}
		s.ints = append(s.ints, integer)
		s.index[c.Name()] = i
	}
	return s
}

// lookup returns the index of the column named b, -1 when the reference
// has none. It does not allocate.
func (s *schema) lookup(b []byte) int {
	if j, ok := s.index[string(b)]; ok {
		return j
	}
	return -1
}
