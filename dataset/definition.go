package dataset

import (
	"errors"
	"fmt"
	"sort"
)

// Definition says what each column means to a model: Evidently's column
// mapping. The zero value means "every column is a feature, typed as the
// frame types it".
type Definition struct {
	// Target is the column of true labels or values.
	Target string
	// Prediction is a column of predicted labels (classification) or
	// values (regression).
	Prediction string
	// PredictionProbas are predicted probabilities: one column per class,
	// or in a binary task one column, the probability of its Label when
	// that is one of the task's labels and else of PosLabel.
	PredictionProbas []ProbaColumn
	// PosLabel is the positive class of a binary task, compared as a
	// string with the labels; "" means "1".
	PosLabel string
	// ID and Datetime are utility columns: never features.
	ID, Datetime string
	// Numerical, Categorical, Text and DatetimeFeatures list features and
	// set their types (Apply converts the frame's columns to them).
	// Columns in no list and no role are features of the type the frame
	// gives them.
	Numerical, Categorical, Text, DatetimeFeatures []string
	// Embeddings are named groups of numerical columns.
	Embeddings map[string][]string
	// Descriptors are columns computed from others (text descriptors,
	// such as the length of a review): metrics read them when named, but
	// they are neither features nor roles, as in Evidently.
	Descriptors []string
}

// ProbaColumn is a column of predicted probabilities of one class.
type ProbaColumn struct {
	Label  string // the class, compared as a string with the labels
	Column string
}

// ProbasNamedAsClasses returns one ProbaColumn per column, each named as its
// class (the config file's list form of prediction_probas).
func ProbasNamedAsClasses(cols ...string) []ProbaColumn {
	out := make([]ProbaColumn, len(cols))
	for i, c := range cols {
		out[i] = ProbaColumn{Label: c, Column: c}
	}
	return out
}

// Positive returns the positive label, "1" when none is set.
func (d *Definition) Positive() string {
	if d.PosLabel == "" {
		return "1"
	}
	return d.PosLabel
}

// roles returns each named utility column with its role, in a fixed order.
func (d *Definition) roles() [][2]string {
	var r [][2]string
	add := func(role, col string) {
		if col != "" {
			r = append(r, [2]string{role, col})
		}
	}
	add("target", d.Target)
	add("prediction", d.Prediction)
	for _, p := range d.PredictionProbas {
		add("prediction probability", p.Column)
	}
	add("id", d.ID)
	add("datetime", d.Datetime)
	return r
}

// listed returns each feature list with the type it sets.
func (d *Definition) listed() []struct {
	t    Type
	cols []string
} {
	return []struct {
		t    Type
		cols []string
	}{{Numerical, d.Numerical}, {Categorical, d.Categorical}, {Text, d.Text}, {Datetime, d.DatetimeFeatures}}
}

// Apply returns f with the listed features converted to their listed types,
// then checks the definition against it (see Validate).
func (d *Definition) Apply(f *Frame) (*Frame, error) {
	if err := d.checkNames(f); err != nil {
		return nil, err
	}
	for _, l := range d.listed() {
		for _, name := range l.cols {
			c, _ := f.Column(name)
			if c.Type() == l.t {
				continue
			}
			conv, err := Convert(c, l.t)
			if err != nil {
				return nil, &ColumnError{Source: f.Source(), Column: name,
					Err: fmt.Errorf("listed as %s: %w", l.t, errors.Unwrap(err))}
			}
			if f, err = f.Replace(conv); err != nil {
				return nil, err
			}
		}
	}
	return f, d.Validate(f)
}

// checkNames checks that every column the definition names exists in f and
// that no column has two roles or lists.
func (d *Definition) checkNames(f *Frame) error {
	seen := map[string]string{}
	claim := func(col, what string) error {
		if _, ok := f.Column(col); !ok {
			return &ColumnError{Source: f.Source(), Column: col,
				Err: &kindError{ErrNoColumn, fmt.Sprintf("%s column not in the data (columns: %s)", what, quoteList(f.Names(), 10))}}
		}
		if prev, dup := seen[col]; dup && prev != what {
			return &ColumnError{Source: f.Source(), Column: col,
				Err: &kindError{ErrDefinition, fmt.Sprintf("named both as %s and as %s", prev, what)}}
		}
		seen[col] = what
		return nil
	}
	for _, r := range d.roles() {
		if err := claim(r[1], r[0]); err != nil {
			return err
		}
	}
	for _, l := range d.listed() {
		for _, col := range l.cols {
			if err := claim(col, l.t.String()+" feature"); err != nil {
				return err
			}
		}
	}
	for _, name := range sortedKeys(d.Embeddings) {
		for _, col := range d.Embeddings[name] {
			if _, ok := f.Column(col); !ok {
				return &ColumnError{Source: f.Source(), Column: col,
					Err: &kindError{ErrNoColumn, fmt.Sprintf("column of embedding %q not in the data", name)}}
			}
		}
	}
	return nil
}

// Validate checks the definition against f: every named column exists, no
// column has two roles, listed features have their listed types,
// probabilities and embeddings are numerical, the datetime column is a
// datetime, and a binary task's single probability column comes with a
// target. Errors are *ColumnError values naming the column.
func (d *Definition) Validate(f *Frame) error {
	if err := d.checkNames(f); err != nil {
		return err
	}
	mistyped := func(col, what string, want Type) error {
		c, _ := f.Column(col)
		if c.Type() == want {
			return nil
		}
		return &ColumnError{Source: f.Source(), Column: col,
			Err: &kindError{ErrColumnType, fmt.Sprintf("%s must be %s, but the column is %s", what, want, c.Type())}}
	}
	for _, l := range d.listed() {
		for _, col := range l.cols {
			if err := mistyped(col, "a "+l.t.String()+" feature", l.t); err != nil {
				return err
			}
		}
	}
	for _, p := range d.PredictionProbas {
		if err := mistyped(p.Column, "a prediction probability", Numerical); err != nil {
			return err
		}
	}
	if d.Datetime != "" {
		if err := mistyped(d.Datetime, "the datetime column", Datetime); err != nil {
			return err
		}
	}
	for _, name := range sortedKeys(d.Embeddings) {
		for _, col := range d.Embeddings[name] {
			if err := mistyped(col, fmt.Sprintf("a column of embedding %q", name), Numerical); err != nil {
				return err
			}
		}
	}
	if len(d.PredictionProbas) > 0 && d.Target == "" {
		return &kindError{ErrDefinition, "dataset: prediction probabilities need a target column"}
	}
	return nil
}

// Features returns the feature columns of f by type: every column with no
// role (target, prediction, probabilities, id, datetime), in no embedding
// and not a descriptor, in frame order.
func (d *Definition) Features(f *Frame) map[Type][]string {
	skip := map[string]bool{}
	for _, r := range d.roles() {
		skip[r[1]] = true
	}
	for _, cols := range d.Embeddings {
		for _, c := range cols {
			skip[c] = true
		}
	}
	for _, c := range d.Descriptors {
		skip[c] = true
	}
	out := map[Type][]string{}
	for _, c := range f.Columns() {
		if !skip[c.Name()] {
			out[c.Type()] = append(out[c.Type()], c.Name())
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// quoteList quotes up to n names for a message.
func quoteList(names []string, n int) string {
	s := ""
	for i, name := range names[:min(n, len(names))] {
		if i > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%q", name)
	}
	if len(names) > n {
		s += fmt.Sprintf(" and %d more", len(names)-n)
	}
	if s == "" {
		return "none"
	}
	return s
}
