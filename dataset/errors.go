package dataset

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, matched with errors.Is.
var (
	// ErrNoColumn: a column named by the caller is not in the frame.
	ErrNoColumn = errors.New("no such column")
	// ErrColumnType: a column does not have the type its use requires.
	ErrColumnType = errors.New("wrong column type")
	// ErrDefinition: a Definition contradicts itself (a column named in two
	// roles, probabilities without a target).
	ErrDefinition = errors.New("invalid definition")
	// ErrEmpty: the input holds no data.
	ErrEmpty = errors.New("no data")
	// ErrFormat: the input is malformed.
	ErrFormat = errors.New("malformed input")
	// ErrUnsupported: the input uses a feature telltale does not read, such
	// as a nested Parquet column.
	ErrUnsupported = errors.New("unsupported input")
	// ErrTooLarge: the input passes a limit of ReadOptions (its size, or
	// its compression ratio); the error is a *LimitError.
	ErrTooLarge = errors.New("input too large")
)

// The limits a LimitError names.
const (
	LimitInputBytes       = "MaxInputBytes"       // ReadOptions.MaxInputBytes
	LimitCompressionRatio = "MaxCompressionRatio" // ReadOptions.MaxCompressionRatio
)

// LimitError is an input that passes one of the limits of ReadOptions that
// keep a hostile or mistaken input (a gzip bomb, /dev/zero, a Parquet
// footer claiming billions of rows) from taking all the memory. It matches
// ErrTooLarge.
type LimitError struct {
	File  string
	Limit string  // LimitInputBytes or LimitCompressionRatio
	Value float64 // the limit in force: bytes, or a ratio
	msg   string
}

func (e *LimitError) Error() string        { return e.File + ": " + e.msg }
func (e *LimitError) Is(target error) bool { return target == ErrTooLarge }

// sizeLimitError reports data past the input size limit max; format has
// one %s for the limit.
func sizeLimitError(file, format string, max int64) *LimitError {
	return &LimitError{File: file, Limit: LimitInputBytes, Value: float64(max),
		msg: fmt.Sprintf(format, formatBytes(max)) + ", the limit on the size of an input"}
}

// ParseError is a problem at a place in an input file. Line and Column are
// 0 when unknown; Line counts from 1 and includes the header.
type ParseError struct {
	File   string // the file path, or the source name
	Line   int    // 1-based line (CSV, JSON lines) or 0
	Column string // the column name, when known
	Field  int    // 1-based field number within the line, when known
	Err    error  // what is wrong; wraps ErrFormat, ErrEmpty, ...
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	switch {
	case e.Column != "" && e.Field > 0:
		fmt.Fprintf(&b, ": column %q (field %d)", e.Column, e.Field)
	case e.Column != "":
		fmt.Fprintf(&b, ": column %q", e.Column)
	case e.Field > 0:
		fmt.Fprintf(&b, ": field %d", e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// ColumnError is a problem with one column of a frame or a definition.
type ColumnError struct {
	Source string // the frame's source, or "" when not about one frame
	Column string
	Err    error // wraps ErrNoColumn, ErrColumnType, ...
}

func (e *ColumnError) Error() string {
	if e.Source != "" {
		return fmt.Sprintf("%s: column %q: %v", e.Source, e.Column, e.Err)
	}
	return fmt.Sprintf("column %q: %v", e.Column, e.Err)
}

func (e *ColumnError) Unwrap() error { return e.Err }

// kindError is an error with its own message that matches a sentinel
// under errors.Is, so messages read "unterminated quoted field" rather than
// "malformed input: unterminated quoted field".
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

// formatErr returns an error matching ErrFormat.
func formatErr(format string, args ...any) error {
	return &kindError{ErrFormat, fmt.Sprintf(format, args...)}
}

// emptyErr returns an error matching ErrEmpty.
func emptyErr(format string, args ...any) error {
	return &kindError{ErrEmpty, fmt.Sprintf(format, args...)}
}
