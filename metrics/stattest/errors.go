package stattest

import (
	"errors"
	"fmt"
)

// Sentinel errors. Tests wrap them with their name ("stattest: ks: ..."), so
// match them with errors.Is.
var (
	// ErrEmpty means a side has no values after NaN and ±Inf were removed.
	ErrEmpty = errors.New("empty sample")
	// ErrConstant means the statistic is undefined because the data has no
	// spread (one distinct value pooled, zero variance, zero IQR).
	ErrConstant = errors.New("constant sample")
	// ErrOverflow means the statistic is undefined because the values are
	// so large that its arithmetic overflows (squares beyond the largest
	// float, as with the ±1.8e308 sentinels some exporters write).
	ErrOverflow = errors.New("values too large")
	// ErrTooFew means a side has fewer values than the test needs.
	ErrTooFew = errors.New("too few values")
	// ErrWrongKind means the test does not support the column kind.
	ErrWrongKind = errors.New("test does not support this column kind")
	// ErrTooManyCategories means a test for binary data got more than two
	// categories.
	ErrTooManyCategories = errors.New("too many categories")
	// ErrNotFinite means a value passed to NewSample is NaN or infinite.
	ErrNotFinite = errors.New("value is NaN or infinite")
	// ErrUnknownTest means a name is not in the registry.
	ErrUnknownTest = errors.New("unknown stat test")
	// ErrBadInput means the input is malformed (missing sample or counts,
	// mismatched lengths, negative counts, bad options).
	ErrBadInput = errors.New("bad input")
)

func errorf(test string, sentinel error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if msg == "" {
		return fmt.Errorf("stattest: %s: %w", test, sentinel)
	}
	return fmt.Errorf("stattest: %s: %w: %s", test, sentinel, msg)
}
