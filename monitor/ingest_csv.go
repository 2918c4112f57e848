package monitor

import (
	"bytes"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
)

// csvParser reads CSV with a header row straight into a batch, as the CSV
// reader reads files: the delimiter is detected from the header among ','
// tab ';' and '|'; '"'-quoted fields may hold delimiters, newlines and
// doubled quotes; blank lines are skipped; the fields of
// dataset.DefaultMissingValues are missing. Lines without a quote are
// split with bytes.IndexByte, the common case.
type csvParser struct {
	data    []byte
	pos     int
	line    int // 1-based line at pos
	delim   byte
	b       *batch
	cols    []int    // header field -> schema column, -1 for a column the reference lacks
	header  []string // the header's names
	headerB [][]byte // the same, as bytes
	fields  [][]byte // the current record's fields
	offs    []int    // slow path: field bounds in scratch
	scratch []byte
	miss    *missingMarkers
}

// missingMarkers matches the CSV fields that mean missing.
type missingMarkers struct {
	first  [256]bool
	values []string
}

func newMissingMarkers() *missingMarkers {
	m := &missingMarkers{}
	for _, v := range dataset.DefaultMissingValues() {
		if v != "" {
			m.first[v[0]] = true
			m.values = append(m.values, v)
		}
	}
	return m
}

// is reports whether a non-empty field is a missing marker.
func (m *missingMarkers) is(f []byte) bool {
	if len(f) == 0 || !m.first[f[0]] || len(f) > 4 {
		return false
	}
	for _, v := range m.values {
		if string(f) == v {
			return true
		}
	}
	return false
}

func parseCSV(data []byte, b *batch, miss *missingMarkers) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &csvParser{data: data, line: 1, b: b, miss: miss}
	return p.parse()
}

func (p *csvParser) parse() error {
	p.delim = detectDelimiter(p.data)
	start, err := p.record()
	if err != nil {
		return err
	}
	if p.fields == nil {
		return &IngestError{Kind: ErrNoRows, Msg: "the body is empty: want a header row and rows"}
	}
	seen := map[string]bool{}
	for i, f := range p.fields {
		name := string(f)
		if name == "" {
			return &IngestError{Kind: ErrMalformed, Line: start, Msg: fmt.Sprintf("the header's field %d is empty: every column needs a name", i+1)}
		}
		if seen[name] {
			return &IngestError{Kind: ErrMalformed, Line: start, Column: name, Msg: "the header names the column twice"}
		}
		seen[name] = true
		p.header = append(p.header, name)
		p.headerB = append(p.headerB, []byte(name))
		p.cols = append(p.cols, p.b.sch.lookup(f))
	}
	for {
		start, err := p.record()
		if err != nil {
			return err
		}
		if p.fields == nil {
			break
		}
		if len(p.fields) != len(p.cols) {
			return &IngestError{Kind: ErrMalformed, Row: p.b.rows + 1, Line: start,
				Msg: fmt.Sprintf("%d fields, but the header has %d", len(p.fields), len(p.cols))}
		}
		for i, f := range p.fields {
			j := p.cols[i]
			if j < 0 {
				p.b.ignore(p.headerB[i])
				continue
			}
			if p.miss.is(f) {
				p.b.putNull(j)
				continue
			}
			if err := p.b.putString(j, f); err != nil {
				return &IngestError{Kind: ErrValue, Row: p.b.rows + 1, Line: start, Column: p.header[i], Msg: err.Error()}
			}
		}
		p.b.endRow()
	}
	if p.b.rows == 0 {
		return &IngestError{Kind: ErrNoRows, Msg: "the body has a header but no rows"}
	}
	return nil
}

// detectDelimiter picks the most frequent of ',', tab, ';' and '|' outside
// quotes in the first line; ',' when there is none.
func detectDelimiter(data []byte) byte {
	var counts [4]int
	cands := [4]byte{',', '\t', ';', '|'}
	quoted := false
	for _, c := range data {
		if c == '"' {
			quoted = !quoted
		}
		if quoted {
			continue
		}
		if c == '\n' {
			break
		}
		for k, d := range cands {
			if c == d {
				counts[k]++
			}
		}
	}
	best := 0
	for k := range cands {
		if counts[k] > counts[best] {
			best = k
		}
	}
	return cands[best]
}

// record reads the next non-blank record into p.fields (nil at the end)
// and returns the line it starts on.
func (p *csvParser) record() (int, error) {
	for p.pos < len(p.data) {
		start := p.line
		rest := p.data[p.pos:]
		end := bytes.IndexByte(rest, '\n')
		next := p.pos + end + 1
		if end < 0 {
			end, next = len(rest), len(p.data)
		}
		line := rest[:end]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(line) == 0 {
			p.pos = next
			p.line++
			continue
		}
		if bytes.IndexByte(line, '"') >= 0 {
			return start, p.quotedRecord()
		}
		p.fields = p.fields[:0]
		for {
			k := bytes.IndexByte(line, p.delim)
			if k < 0 {
				p.fields = append(p.fields, line)
				break
			}
			p.fields = append(p.fields, line[:k])
			line = line[k+1:]
		}
		p.pos = next
		p.line++
		return start, nil
	}
	p.fields = nil
	return p.line, nil
}

// row is the 1-based row being read, 0 while reading the header.
func (p *csvParser) row() int {
	if p.header == nil {
		return 0
	}
	return p.b.rows + 1
}

// quotedRecord reads a record with quoted fields byte by byte.
func (p *csvParser) quotedRecord() error {
	start := p.line
	p.scratch = p.scratch[:0]
	p.offs = p.offs[:0]
	d := p.data
	i := p.pos
	for {
		fieldStart := len(p.scratch)
		if i < len(d) && d[i] == '"' {
			i++
			for {
				if i >= len(d) {
					return &IngestError{Kind: ErrMalformed, Row: p.row(), Line: start, Msg: "an unterminated quoted field"}
				}
				c := d[i]
				if c == '"' {
					if i+1 < len(d) && d[i+1] == '"' {
						p.scratch = append(p.scratch, '"')
						i += 2
						continue
					}
					i++
					break
				}
				if c == '\n' {
					p.line++
				}
				p.scratch = append(p.scratch, c)
				i++
			}
			if i < len(d) && d[i] != p.delim && d[i] != '\n' && !(d[i] == '\r' && (i+1 == len(d) || d[i+1] == '\n')) {
				return &IngestError{Kind: ErrMalformed, Row: p.row(), Line: p.line,
					Msg: fmt.Sprintf("%s after a closing quote (a quote inside a quoted field is written \"\")", describeByte(d[i]))}
			}
		} else {
			for i < len(d) && d[i] != p.delim && d[i] != '\n' {
				if d[i] == '"' {
					return &IngestError{Kind: ErrMalformed, Row: p.row(), Line: p.line,
						Msg: "a quote inside an unquoted field (quote the whole field and write the quote as \"\")"}
				}
				p.scratch = append(p.scratch, d[i])
				i++
			}
			if n := len(p.scratch); n > fieldStart && p.scratch[n-1] == '\r' && (i == len(d) || d[i] == '\n') {
				p.scratch = p.scratch[:n-1]
			}
		}
		p.offs = append(p.offs, fieldStart, len(p.scratch))
		if i < len(d) && d[i] == p.delim {
			i++
			continue
		}
		if i < len(d) && d[i] == '\r' {
			i++
		}
		if i < len(d) { // '\n'
			i++
			p.line++
		}
		break
	}
	p.pos = i
	p.fields = p.fields[:0]
	for k := 0; k < len(p.offs); k += 2 {
		p.fields = append(p.fields, p.scratch[p.offs[k]:p.offs[k+1]])
	}
	return nil
}
