package monitor

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// Format is the format of a body of rows.
type Format int

// Formats of bodies.
const (
	// FormatAuto reads JSON when the body starts with '{' or '[' (after
	// white space), CSV otherwise.
	FormatAuto Format = iota
	// FormatJSON is a JSON array of flat objects, or JSON lines (one
	// object a line).
	FormatJSON
	// FormatCSV is CSV with a header row; the delimiter (',', tab, ';',
	// '|') is detected from the header.
	FormatCSV
)

// FormatOf returns the format a Content-Type names: application/json,
// application/x-ndjson, application/jsonl (and its variants) are JSON;
// text/csv and text/tab-separated-values are CSV; an empty type, text/plain
// and application/octet-stream are FormatAuto. Others are an ErrFormat
// error.
func FormatOf(contentType string) (Format, error) {
	if strings.TrimSpace(contentType) == "" {
		return FormatAuto, nil
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return 0, &IngestError{Kind: ErrFormat, Msg: fmt.Sprintf("unreadable Content-Type %q", contentType)}
	}
	switch mt {
	case "application/json", "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonl",
		"application/jsonlines", "application/x-jsonlines", "application/json-seq":
		return FormatJSON, nil
	case "text/csv", "application/csv", "text/tab-separated-values":
		return FormatCSV, nil
	case "text/plain", "application/octet-stream":
		return FormatAuto, nil
	}
	return 0, &IngestError{Kind: ErrFormat, Msg: fmt.Sprintf("Content-Type %q: want application/json, application/x-ndjson or text/csv", mt)}
}

// Ingested is what a batch of rows did.
type Ingested struct {
	// Rows is the number of rows accepted.
	Rows int `json:"rows"`
	// WindowRows is the number of rows in the window afterwards.
	WindowRows int `json:"window_rows"`
	// IgnoredColumns are the columns of the batch that the reference
	// lacks (at most 100 names); IgnoredValues counts their values.
	IgnoredColumns []string `json:"ignored_columns,omitempty"`
	IgnoredValues  int      `json:"ignored_values,omitempty"`
}

// Ingest adds the rows of body, in the given format, to the window. A
// batch is all or nothing: on an error (an *IngestError naming the row,
// line and column) no row of it enters the window. Columns the reference
// lacks are ignored and counted; columns a row lacks are missing values;
// values are typed by the reference's schema. Gzip-compressed bodies are
// decompressed.
func (m *Monitor) Ingest(body []byte, format Format) (Ingested, error) {
	if isGzip(body) {
		return m.IngestReader(bytes.NewReader(body), format, 0)
	}
	return m.ingest(body, format)
}

// IngestReader reads a body from r and ingests it as Ingest does. limit,
// when positive, bounds the body's size in bytes, after decompression: a
// larger body is an ErrTooLarge error and is not read further.
func (m *Monitor) IngestReader(r io.Reader, format Format, limit int64) (Ingested, error) {
	buf := m.getBuf()
	defer m.putBuf(buf)
	if err := readLimited(buf, r, limit); err != nil {
		return Ingested{}, m.reject(err, 0)
	}
	body := buf.Bytes()
	if isGzip(body) {
		zbuf := m.getBuf()
		defer m.putBuf(zbuf)
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return Ingested{}, m.reject(&IngestError{Kind: ErrMalformed, Msg: "reading gzip data: " + err.Error()}, 0)
		}
		if err := readLimited(zbuf, zr, limit); err != nil {
			var ie *IngestError
			if !errors.As(err, &ie) {
				err = &IngestError{Kind: ErrMalformed, Msg: "reading gzip data: " + err.Error()}
			}
			return Ingested{}, m.reject(err, 0)
		}
		body = zbuf.Bytes()
	}
	return m.ingest(body, format)
}

// getBuf returns an empty buffer to read a body into.
func (m *Monitor) getBuf() *bytes.Buffer {
	if b, ok := m.bufs.Get().(*bytes.Buffer); ok {
		b.Reset()
		return b
	}
	return new(bytes.Buffer)
}

// putBuf returns a buffer to the pool unless it grew huge.
func (m *Monitor) putBuf(b *bytes.Buffer) {
	if b.Cap() <= 64<<20 {
		m.bufs.Put(b)
	}
}

func isGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// readLimited reads r into buf, failing with ErrTooLarge past limit bytes
// (when limit > 0).
func readLimited(buf *bytes.Buffer, r io.Reader, limit int64) error {
	if limit <= 0 {
		_, err := buf.ReadFrom(r)
		return err
	}
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &IngestError{Kind: ErrTooLarge, Msg: fmt.Sprintf("the body is over the limit of %d bytes", limit)}
		}
		return &IngestError{Kind: ErrMalformed, Msg: "reading the body: " + err.Error()}
	}
	if n > limit {
		return &IngestError{Kind: ErrTooLarge, Msg: fmt.Sprintf("the body is over the limit of %d bytes (after decompression)", limit)}
	}
	return nil
}

func (m *Monitor) ingest(body []byte, format Format) (Ingested, error) {
	b := m.batches.Get().(*batch)
	defer m.batches.Put(b)
	b.reset()
	if format == FormatAuto {
		format = FormatCSV
		if t := bytes.TrimLeft(body, " \t\r\n\xef\xbb\xbf"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
			format = FormatJSON
		}
	}
	var err error
	switch format {
	case FormatJSON:
		err = parseJSON(body, b)
	case FormatCSV:
		err = parseCSV(body, b, m.miss)
	default:
		err = &IngestError{Kind: ErrFormat, Msg: fmt.Sprintf("unknown format %d", format)}
	}
	if err == nil {
		err = m.checkBatch(b)
	}
	if err != nil {
		var ie *IngestError
		rows := 0
		if errors.As(err, &ie) && ie.Row > 0 {
			rows = ie.Row
		}
		return Ingested{}, m.reject(err, rows)
	}
	return m.accept(b), nil
}

// checkBatch checks what the parsers cannot: a window by datetime needs
// each row's datetime.
func (m *Monitor) checkBatch(b *batch) error {
	j := m.win.timeCol
	if j < 0 {
		return nil
	}
	for r, fl := range b.cols[j].fl {
		if fl&flagNull != 0 {
			return &IngestError{Kind: ErrValue, Row: r + 1, Column: m.sch.names[j],
				Msg: "the datetime is missing; the window is measured on this column, so each row needs one"}
		}
	}
	return nil
}

// reject counts a rejected batch of rows rows (those read up to the
// error) and returns err.
func (m *Monitor) reject(err error, rows int) error {
	m.m.rejectedRows.Add(int64(rows))
	m.m.rejected[reason(err)].Add(1)
	return err
}

// accept adds a parsed batch to the window.
func (m *Monitor) accept(b *batch) Ingested {
	m.mu.Lock()
	now := m.opts.Clock().UnixNano()
	m.win.add(b, now)
	m.accepted += int64(b.rows)
	for _, n := range b.ignored {
		if len(m.ignored) < maxIgnoredTracked {
			m.ignored[n] = true
		}
	}
	rows := m.win.rows(now)
	m.due()
	m.mu.Unlock()
	m.m.ignoredValues.Add(int64(b.ignoredValues))
	out := Ingested{Rows: b.rows, WindowRows: rows, IgnoredValues: b.ignoredValues}
	if len(b.ignored) > 0 {
		out.IgnoredColumns = append([]string(nil), b.ignored...)
	}
	return out
}

// maxIgnoredTracked bounds the distinct ignored column names a monitor
// remembers (telltale_ignored_columns).
const maxIgnoredTracked = 1000

// IngestFrame adds the rows of f to the window, as Ingest does: columns
// are matched by name and converted to the reference's types
// (dataset.Convert); a column that does not convert is an ErrValue error
// and nothing enters the window.
func (m *Monitor) IngestFrame(f *dataset.Frame) (Ingested, error) {
	b := m.batches.Get().(*batch)
	defer m.batches.Put(b)
	b.reset()
	n := f.Len()
	if n == 0 {
		return Ingested{}, m.reject(&IngestError{Kind: ErrNoRows, Msg: "the frame has no rows"}, 0)
	}
	have := make([]bool, len(m.sch.names))
	for _, c := range f.Columns() {
		j, ok := m.sch.index[c.Name()]
		if !ok {
			b.ignoredValues += n
			if len(b.ignored) < maxIgnoredNames {
				b.ignored = append(b.ignored, c.Name())
			}
			continue
		}
		conv, err := dataset.Convert(c, m.sch.types[j])
		if err != nil {
			return Ingested{}, m.reject(&IngestError{Kind: ErrValue, Column: c.Name(), Msg: err.Error()}, n)
		}
		have[j] = true
		if err := b.putColumn(j, conv); err != nil {
			return Ingested{}, m.reject(&IngestError{Kind: ErrValue, Column: c.Name(), Msg: err.Error()}, n)
		}
	}
	for j := range have {
		if !have[j] {
			for r := 0; r < n; r++ {
				b.putNull(j)
			}
		}
	}
	b.rows = n
	if err := m.checkBatch(b); err != nil {
		return Ingested{}, m.reject(err, n)
	}
	return m.accept(b), nil
}

// putColumn fills column j of the batch from c, of j's type.
func (b *batch) putColumn(j int, c dataset.Column) error {
	switch c := c.(type) {
	case *dataset.NumericColumn:
		vals := c.Values()
		ints, isInt := c.Ints()
		for r, v := range vals {
			switch {
			case c.IsNull(r):
				b.putNull(j)
			case isInt:
				b.putNum(j, v, ints[r], true)
			default:
				b.putFloat(j, v)
			}
		}
	case *dataset.TimeColumn:
		ns := c.UnixNanos()
		bc := &b.cols[j]
		for r := range ns {
			if c.IsNull(r) {
				b.putNull(j)
				continue
			}
			bc.t = append(bc.t, ns[r])
			if c.DateOnly() {
				bc.fl = append(bc.fl, 0)
			} else {
				bc.fl = append(bc.fl, flagNonDate)
			}
		}
	case *dataset.StringColumn:
		for r := 0; r < c.Len(); r++ {
			v, ok := c.Value(r)
			if !ok {
				b.putNull(j)
				continue
			}
			if err := b.putString(j, []byte(v)); err != nil {
				return fmt.Errorf("row %d: %w", r+1, err)
			}
		}
	default:
		return fmt.Errorf("unsupported column type %T", c)
	}
	return nil
}
