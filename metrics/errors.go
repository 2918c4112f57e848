package metrics

import (
	"errors"
	"fmt"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNoReference: the metric needs reference data and none was given.
	ErrNoReference = errors.New("needs reference data")
	// ErrNoColumn: a column the metric needs is not in the data.
	ErrNoColumn = errors.New("no such column")
	// ErrColumnType: a column has the wrong type for the metric.
	ErrColumnType = errors.New("wrong column type")
	// ErrEmpty: no values are left to compute on (after dropping missing
	// and infinite values).
	ErrEmpty = errors.New("no values")
	// ErrOption: a metric option is invalid.
	ErrOption = errors.New("invalid option")
	// ErrPanic: the computation panicked, a bug; the error carries the
	// panic value and stack (an *parallel.PanicError in its chain).
	ErrPanic = errors.New("internal error")
)

// ColumnError is a problem with one column in one metric.
type ColumnError struct {
	Metric string
	Column string
	Err    error
}

func (e *ColumnError) Error() string {
	return fmt.Sprintf("%s: column %q: %v", e.Metric, e.Column, e.Err)
}

func (e *ColumnError) Unwrap() error { return e.Err }
