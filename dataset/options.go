package dataset

import (
	"fmt"
	"runtime"
)

// DefaultMissingValues returns the field values that mean "missing" when
// ReadOptions.MissingValues is nil: the empty field and the markers pandas
// and R write.
func DefaultMissingValues() []string {
	return []string{"", "NA", "N/A", "NaN", "nan", "null", "NULL", "None"}
}

// The default limits of ReadOptions.
const (
	DefaultMaxInputBytes       = 4 << 30 // 4 GiB
	DefaultMaxCompressionRatio = 100
)

// ReadOptions configure the readers. The zero value reads with the
// defaults: format from the file name, delimiter detected, the
// DefaultMissingValues, inferred types, all cores.
type ReadOptions struct {
	// Format is "csv", "tsv", "parquet", "json" (an array of objects) or
	// "jsonl" (one object a line). Empty means: from the file name
	// (.csv, .tsv, .txt, .parquet, .pq, .json, .jsonl, .ndjson, each
	// optionally followed by .gz for the text formats). Read reads a named
	// pipe, a device or a file of /proc or /sys only when Format is given.
	Format string

	// Delimiter of CSV fields. Zero means: detect it from the header line
	// among ',', '\t', ';' and '|'.
	Delimiter byte

	// MissingValues are the CSV fields that mean "missing". Nil means
	// DefaultMissingValues(); an empty, non-nil slice means none (not even the
	// empty field).
	MissingValues []string

	// Types overrides the inferred type of the named columns. Naming a
	// column the file does not have is an error matching ErrNoColumn.
	Types map[string]Type

	// IntegerCardinality is the largest number of distinct values an
	// integer column may have and still be inferred categorical. Zero means
	// 10 (Evidently's INTEGER_CARDINALITY_LIMIT); negative means integer
	// columns are always numerical.
	IntegerCardinality int

	// Workers is the number of goroutines a reader may use. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int

	// DateFormats gives the format of the dates of the named columns, which
	// are then read as datetime: a Go layout ("Jan 2 2006") or, when it
	// holds a '%', a C strftime format ("%b %d %Y"), as pandas' format=.
	// A value that does not match is an error naming it.
	DateFormats map[string]string

	// MaxInputBytes bounds the size of one input: the bytes read (after
	// decompression) and the bytes its columns take once decoded (8 a
	// numerical or datetime value, 4 a categorical one). Zero means
	// DefaultMaxInputBytes; negative means no limit. An input past it is a
	// *LimitError.
	MaxInputBytes int64

	// MaxCompressionRatio bounds how many times a gzip-compressed input may
	// expand (checked once it passes 32 MiB), against gzip bombs. Zero
	// means DefaultMaxCompressionRatio; negative means no limit.
	MaxCompressionRatio float64

	// chunkBytes overrides the size of the chunks a CSV body is cut into,
	// for tests; 0 means chunkBytes.
	chunkBytes int

	// typesMayMiss lets Types name columns the file does not have (ReadPair
	// imposes the reference's types on the current file).
	typesMayMiss bool
}

// checkTypes returns an error naming the first column (in name order) that
// opts.Types gives a type for but names does not hold.
func (o *ReadOptions) checkTypes(file string, names []string) error {
	if o.typesMayMiss || len(o.Types)+len(o.DateFormats) == 0 {
		return nil
	}
	have := make(map[string]bool, len(names))
	for _, n := range names {
		have[n] = true
	}
	for _, n := range sortedKeys(o.Types) {
		if !have[n] {
			return &ParseError{File: file, Column: n, Err: &kindError{ErrNoColumn,
				fmt.Sprintf("a type is given for this column, but the file has no such column (columns: %s)", quoteList(names, 10))}}
		}
	}
	for _, n := range sortedKeys(o.DateFormats) {
		if !have[n] {
			return &ParseError{File: file, Column: n, Err: &kindError{ErrNoColumn,
				fmt.Sprintf("a date format is given for this column, but the file has no such column (columns: %s)", quoteList(names, 10))}}
		}
	}
	return nil
}

func (o *ReadOptions) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// chunkSize is the size of the chunks to read src in: chunkBytes, or less
// for a small input.
func (o *ReadOptions) chunkSize(src *source) int {
	n := chunkBytes
	if o.chunkBytes > 0 {
		n = o.chunkBytes
	}
	if src.size >= 0 && !src.gz && src.size < int64(n) {
		n = int(src.size) + 1
	}
	return n
}

func (o *ReadOptions) maxInputBytes() int64 {
	switch {
	case o.MaxInputBytes == 0:
		return DefaultMaxInputBytes
	case o.MaxInputBytes < 0:
		return 0
	}
	return o.MaxInputBytes
}

func (o *ReadOptions) maxCompressionRatio() float64 {
	switch {
	case o.MaxCompressionRatio == 0:
		return DefaultMaxCompressionRatio
	case o.MaxCompressionRatio < 0:
		return 0
	}
	return o.MaxCompressionRatio
}

func (o *ReadOptions) integerCardinality() int {
	switch {
	case o.IntegerCardinality == 0:
		return 10
	case o.IntegerCardinality < 0:
		return -1
	}
	return o.IntegerCardinality
}

// missingSet matches missing-value markers quickly: most fields are
// rejected by their first byte or their length.
type missingSet struct {
	empty  bool
	first  [256]bool
	maxLen int
	values []string
}

func newMissingSet(values []string) *missingSet {
	if values == nil {
		values = DefaultMissingValues()
	}
	m := &missingSet{}
	for _, v := range values {
		if v == "" {
			m.empty = true
			continue
		}
		m.first[v[0]] = true
		m.maxLen = max(m.maxLen, len(v))
		m.values = append(m.values, v)
	}
	return m
}

func (m *missingSet) is(b []byte) bool { return m.index(b) >= 0 }

// index returns -1 when b is not a missing marker, 0 for the empty field
// and 1+i for m.values[i].
func (m *missingSet) index(b []byte) int {
	if len(b) == 0 {
		if m.empty {
			return 0
		}
		return -1
	}
	if !m.first[b[0]] || len(b) > m.maxLen {
		return -1
	}
	for i, v := range m.values {
		if string(b) == v {
			return 1 + i
		}
	}
	return -1
}

// numberLike reports whether a marker could be taken for a number by the
// tokenizer's fast path: it is made only of digits, signs, points and
// exponent letters ("1e5").
func (m *missingSet) numberLike() bool {
	for _, v := range m.values {
		like := true
		for i := 0; i < len(v); i++ {
			like = like && (isNumberByte(v[i]) || v[i]|0x20 == 'e')
		}
		if like {
			return true
		}
	}
	return false
}

func isNumberByte(b byte) bool { return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' }
