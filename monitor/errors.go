package monitor

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors of ingestion, matched with errors.Is. Each rejected batch
// is an *IngestError wrapping one of them; the HTTP API maps them to status
// codes (400, 400, 413, 415, 400).
var (
	// ErrMalformed: the body is not valid JSON or CSV, or not a table of
	// flat rows (a nested value, a key given twice in one object, a CSV
	// row with the wrong number of fields).
	ErrMalformed = errors.New("malformed body")
	// ErrValue: a value that its column's type does not take (a string
	// that is not a number in a numerical column).
	ErrValue = errors.New("value of the wrong type")
	// ErrTooLarge: the body, once decompressed, is over the size limit.
	ErrTooLarge = errors.New("body too large")
	// ErrFormat: the body's format (its Content-Type) is not one the
	// monitor reads.
	ErrFormat = errors.New("unsupported format")
	// ErrNoRows: the body holds no rows.
	ErrNoRows = errors.New("no rows")
)

// IngestError is a rejected batch: what is wrong and where. Nothing of the
// batch entered the window.
type IngestError struct {
	Kind   error  // ErrMalformed, ErrValue, ErrTooLarge, ErrFormat or ErrNoRows
	Row    int    // 1-based row of the batch (CSV: not counting the header); 0 when not about a row
	Line   int    // 1-based line of the (decompressed) body; 0 when unknown
	Column string // the column, when the error is about one
	Msg    string
}

func (e *IngestError) Error() string {
	var b strings.Builder
	switch {
	case e.Row > 0 && e.Line > 0:
		fmt.Fprintf(&b, "row %d (line %d)", e.Row, e.Line)
	case e.Row > 0:
		fmt.Fprintf(&b, "row %d", e.Row)
	case e.Line > 0:
		fmt.Fprintf(&b, "line %d", e.Line)
	}
	if e.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column %q", e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *IngestError) Unwrap() error { return e.Kind }

// reason names the kind of a rejected batch, as the label of
// telltale_batches_rejected_total.
func reason(err error) string {
	switch {
	case errors.Is(err, ErrValue):
		return "invalid_value"
	case errors.Is(err, ErrTooLarge):
		return "too_large"
	case errors.Is(err, ErrFormat):
		return "unsupported_format"
	case errors.Is(err, ErrNoRows):
		return "no_rows"
	}
	return "malformed"
}

// reasons lists every value of reason, so each counter exists from the
// start.
func reasons() []string {
	return []string{"malformed", "invalid_value", "too_large", "unsupported_format", "no_rows"}
}
