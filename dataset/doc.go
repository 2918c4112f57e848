// Package dataset holds tabular data as typed columns with explicit missing
// values, reads it from CSV, Parquet and JSON, infers column types, and
// describes what each column means to a model (the Definition).
//
// # Columns
//
// A Frame is a list of equally long columns. Each column has one of four
// types:
//
//   - Numerical: float64 values (*NumericColumn). Columns read from integers
//     keep their exact values too, for counts and distinct values: as int64
//     (Ints), or in 16 or 32 bits when a Parquet file's type or statistics
//     bound them (Int16s, Int32s; Ints then writes them out as int64 at its
//     first call), and their float64 values are written at the first Values.
//   - Categorical: dictionary-encoded strings (*StringColumn): levels, and a
//     code a row, mostly in 16 bits when the readers built the column with
//     at most 32,768 levels (Codes16; Codes writes them out in 32 at its
//     first call), else in 32. Booleans are categories.
//   - Text: free text, stored like categorical strings (*StringColumn).
//   - Datetime: instants as Unix nanoseconds in UTC (*TimeColumn).
//
// Every column records which rows are missing (IsNull, NullN). In numerical
// columns a missing value is also stored as NaN, so code that works on the
// float64 slice can skip missing values without consulting the mask.
// Infinities are values, not missing.
//
// # Type inference
//
// When the caller does not give a column's type, it is inferred from the
// non-missing values, following Evidently's DataDefinition rules
// (evidently/core/datasets.py, infer_column_type):
//
//   - all values are integers (no decimal point or exponent): numerical,
//     unless the column has at most 10 distinct values, which makes it
//     categorical (Evidently's INTEGER_CARDINALITY_LIMIT);
//   - all values are numbers: numerical;
//   - all values are true/false: categorical;
//   - all values are ISO-8601 dates or date-times between 1677-09-21 and
//     2262-04-11 (what Unix nanoseconds in an int64 hold): datetime; a
//     column that starts with dates but holds other values (a sentinel such
//     as 9999-12-31) is read as strings, with a note;
//   - otherwise strings: text when more than half of the non-missing values
//     are distinct and the values are long (20 characters on average or
//     more), categorical otherwise. Evidently uses only the distinct share;
//     the length rule keeps identifiers and codes categorical;
//   - a column with no values at all is categorical, with a note.
//
// A column where most values are numbers but a few are not is read as
// categorical, and the Frame carries a note naming the first value that is
// not a number and where it is. ReadOptions.Types overrides the inferred type
// of any column; a value that cannot be read as the requested type is an
// error naming the file, line and column, and so is a type given for a
// column the file does not have.
//
// A CSV file with a header and no rows reads as a frame of 0 rows, with a
// note; its columns are categorical unless ReadOptions.Types says otherwise.
//
// # Reading
//
// CSV is read in chunks of a few megabytes, tokenized in parallel as they
// arrive and gathered into columns allocated once at the size the first
// chunk predicts; gzip input is decompressed as it is read. Parquet column
// chunks are decoded in parallel straight into the columns. Memory is that
// of the decoded columns, whatever the size of the file.
//
// ReadOptions.MaxInputBytes and MaxCompressionRatio bound what one input may
// take (a gzip bomb, /dev/zero, a Parquet footer claiming billions of rows);
// an input past them is a *LimitError. Read refuses named pipes, devices
// and the files of /proc and /sys unless the caller gives the format, and
// every reader stops when its context is done, a read blocked on a pipe
// included.
//
// # Errors
//
// Problems in input files are reported as *ParseError values naming the file,
// the line and the column. Readers never panic on bad input.
package dataset
