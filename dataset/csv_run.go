package dataset

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/telltale-ml/telltale/internal/parallel"
)

// csvRun reads the body of a CSV file: a splitter goroutine cuts the data
// into chunks of whole records as it arrives, workers tokenize the chunks
// in parallel, and the caller's goroutine gathers them, in order, into the
// column builders. A fixed set of chunks circulates, so memory stays that
// of the columns plus a few chunks.
type csvRun struct {
	t         *tokenizer
	src       *source
	opts      *ReadOptions
	name      string
	builders  []*colBuilder
	base      int   // the line of the next chunk's first line
	pos       int64 // bytes of data before the next chunk
	rows      int
	quoteLine int // the first line with a quote read as a character
	estimated bool
}

func (r *csvRun) run(ctx context.Context, rest []byte, eof bool) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := r.opts.workers()
	nchunks := workers + 2
	free := make(chan *csvChunk, nchunks)
	for range nchunks {
		free <- &csvChunk{}
	}
	work := make(chan *csvChunk, nchunks)
	order := make(chan *csvChunk, nchunks)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				r.t.tokenize(c)
				close(c.done)
			}
		})
	}
	go r.split(ctx, rest, eof, free, work, order)

	var err error
	for c := range order {
		<-c.done
		if err == nil {
			if err = r.commit(c); err != nil {
				cancel() // the splitter stops; keep draining
			}
		}
		free <- c
	}
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// split cuts the data into chunks of whole records and sends each to a
// worker and, in file order, to the committer. A read error travels as a
// chunk holding it.
func (r *csvRun) split(ctx context.Context, carry []byte, eof bool, free <-chan *csvChunk, work, order chan<- *csvChunk) {
	defer close(order)
	defer close(work)
	carry = bytes.Clone(carry)
	chunk := r.opts.chunkSize(r.src)
	want := chunk
	for {
		var c *csvChunk
		select {
		case c = <-free:
		case <-ctx.Done():
			return
		}
		c.done = make(chan struct{})
		c.err = nil
		c.data = append(c.data[:0], carry...)
		var err error
		cut := 0
		for {
			if !eof && len(c.data) < want {
				c.data, eof, err = r.src.fill(c.data, want)
				if err != nil {
					break
				}
			}
			if eof {
				cut = len(c.data)
				break
			}
			if cut = lastBreak(c.data, r.t.delim); cut > 0 {
				break
			}
			if len(c.data) > maxRecordBytes {
				err = &ParseError{File: r.name, Err: formatErr("a record longer than %s, after line %d (is a quote left open?)", formatBytes(maxRecordBytes), r.base)}
				break
			}
			want = 2 * len(c.data)
		}
		if err != nil {
			c.err = wrapReadErr(r.name, err)
			close(c.done)
			order <- c
			return
		}
		want = chunk
		carry = append(carry[:0], c.data[cut:]...)
		c.data = c.data[:cut]
		c.srcPos = r.src.raw.n
		if len(c.data) == 0 {
			close(c.done)
			order <- c
			return
		}
		order <- c
		work <- c
		if eof && len(carry) == 0 {
			return
		}
	}
}

// lastBreak returns the offset just past the last line break of data that
// ends a record, by the tokenizer's quoting rules, or 0 when there is none.
// data starts at the start of a record. A "\r" at the very end is not taken:
// a "\n" may follow.
func lastBreak(data []byte, delim byte) int {
	last, n := 0, len(data)
	for i := 0; ; {
		q := bytes.IndexByte(data[i:], '"')
		end := n
		if q >= 0 {
			end = i + q
		}
		if k := lastBreakIn(data, i, end); k > last {
			last = k
		}
		if q < 0 {
			return last
		}
		p := i + q
		if p > 0 && data[p-1] != delim && data[p-1] != '\n' && data[p-1] != '\r' {
			i = p + 1 // a quote inside an unquoted field
			continue
		}
		j := p + 1
		for {
			k := bytes.IndexByte(data[j:], '"')
			if k < 0 || j+k+1 == n {
				return last // the quoted field runs past the data, or may
			}
			j += k
			if data[j+1] == '"' {
				j += 2
				continue
			}
			break
		}
		i = j + 1
	}
}

// lastBreakIn returns the offset after the last line break in data[from:to]
// (a "\r" at the very end of data does not count), or 0.
func lastBreakIn(data []byte, from, to int) int {
	seg := data[from:to]
	k := bytes.LastIndexByte(seg, '\n')
	// A "\r" counts after the last "\n" only (bytes.LastIndexByte is a
	// plain loop: it must not scan a whole chunk of "\n" lines).
	if cr := bytes.LastIndexByte(seg[k+1:], '\r'); cr >= 0 {
		cr += k + 1
		if from+cr+1 < len(data) {
			k = cr
		} else if cr2 := bytes.LastIndexByte(seg[k+1:cr], '\r'); cr2 >= 0 {
			k = cr2 + k + 1
		}
	}
	if k < 0 {
		return 0
	}
	return from + k + 1
}

// commit gathers chunk c into the builders, or returns its error, or that
// of the first value that failed its column's given type.
func (r *csvRun) commit(c *csvChunk) error {
	if c.err != nil {
		return r.fixLine(c.err)
	}
	if len(c.data) == 0 {
		return nil // the end of the data
	}
	var colErr *ParseError
	for j := range c.cols {
		if e := c.cols[j].err; e != nil && (colErr == nil || e.line < colErr.Line) {
			colErr = &ParseError{File: r.name, Line: e.line, Column: r.t.names[j], Field: j + 1, Err: formatErr("%s", e.msg)}
		}
	}
	if colErr != nil {
		return r.fixLine(colErr)
	}
	if !r.estimated {
		r.estimated = true
		r.estimate(c)
	}
	for j, b := range r.builders {
		b.commit(&c.cols[j], r.base)
	}
	if c.quoteLine > 0 && r.quoteLine == 0 {
		r.quoteLine = r.base + c.quoteLine - 1
	}
	r.rows += c.rows
	r.base += c.lines
	r.pos += int64(len(c.data))
	if err := checkRows(r.name, r.rows); err != nil {
		return err
	}
	if max := r.opts.maxInputBytes(); max > 0 {
		per := 0
		for _, b := range r.builders {
			per += b.bytesPerRow()
		}
		if int64(r.rows)*int64(per) > max {
			return sizeLimitError(r.name, "takes more than %s once decoded into columns", max)
		}
	}
	return nil
}

// fixLine makes the chunk-relative line of a ParseError the file's.
func (r *csvRun) fixLine(err error) error {
	if pe, ok := err.(*ParseError); ok && pe.File == r.name && pe.Line > 0 {
		pe.Line += r.base - 1
	}
	return err
}

// estimate sets the builders' expected rows from the first chunk, when the
// input's size is known, so each column is allocated once. The estimate
// never passes what the limits allow: a gzip bomb must not get its columns
// allocated at the size it claims.
func (r *csvRun) estimate(c *csvChunk) {
	if r.src.size <= 0 || c.rows == 0 {
		return
	}
	dataDone := float64(r.pos + int64(len(c.data))) // bytes of data up to the chunk's end
	rowBytes := dataDone / float64(r.rows+c.rows)   // data bytes a row
	dataTotal := float64(r.src.size)
	if r.src.gz {
		// The gzip trailer's size is that of a file of one member under
		// 4 GiB; a smaller one (a file of several members) leaves the
		// columns to grow as they fill.
		if r.src.isize < int64(dataDone) {
			return
		}
		dataTotal = float64(r.src.isize)
		if ratio := r.opts.maxCompressionRatio(); ratio > 0 {
			dataTotal = min(dataTotal, ratio*float64(r.src.size))
		}
	}
	if max := r.opts.maxInputBytes(); max > 0 {
		dataTotal = min(dataTotal, float64(max))
		// A decoded row takes up to 8 bytes a column.
		dataTotal = min(dataTotal, float64(max)/float64(8*len(r.builders))*rowBytes)
	}
	est := int(dataTotal/rowBytes*1.02) + 64
	for _, b := range r.builders {
		b.est = est
	}
}

// frame finishes the columns in parallel and gathers the notes.
func (r *csvRun) frame(ctx context.Context) (*Frame, error) {
	n := len(r.builders)
	cols := make([]Column, n)
	notes := make([]string, n)
	err := parallel.For(ctx, r.opts.workers(), n, func(j int) {
		cols[j], notes[j] = r.builders[j].finish(r.name)
	})
	if err != nil {
		return nil, err
	}
	f, err := New(r.name, cols...)
	if err != nil {
		return nil, err
	}
	if f.rows == 0 {
		f.notes = append(f.notes, r.name+": no rows below the header; columns of no given type read as categorical")
	}
	for _, n := range notes {
		if n != "" {
			f.notes = append(f.notes, n)
		}
	}
	if r.quoteLine > 0 {
		f.notes = append(f.notes, fmt.Sprintf("%s:%d: a quote inside an unquoted field, or text after a closing quote, read as it stands, as pandas reads it (the first such line)", r.name, r.quoteLine))
	}
	if r.opts.MissingValues == nil {
		f.notes = append(f.notes, missingNotes(r.name, r.builders, cols)...)
	}
	return f, nil
}

// missingNotes says how many values each default missing marker other than
// the empty field turned into missing values in the columns of strings,
// where the marker might have been a value ("None" for no damage, "NA" for
// North America). In numerical and datetime columns, and in categorical
// columns of integers, no such word could be a value.
func missingNotes(file string, builders []*colBuilder, cols []Column) []string {
	if len(builders) == 0 {
		return nil
	}
	markers := builders[0].spec.missing.values
	var notes []string
	for k, m := range markers {
		total := 0
		var in []string
		for j, b := range builders {
			if t := cols[j].Type(); (t == Categorical || t == Text) && !b.fromInts && b.miss[k+1] > 0 {
				total += b.miss[k+1]
				in = append(in, b.spec.name)
			}
		}
		if total == 0 {
			continue
		}
		values, column := "values", "column"
		if total == 1 {
			values = "value"
		}
		if len(in) > 1 {
			column = "columns"
		}
		notes = append(notes, fmt.Sprintf("%s: %s %s %q read as missing in %s %s (--missing to change)",
			file, groupThousands(total), values, m, column, quoteList(in, 5)))
	}
	return notes
}

// groupThousands writes n with thousands separators: 4,483.
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + groupThousands(-n)
	}
	var b []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}
