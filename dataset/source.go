package dataset

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// source is an input as the readers see it: decompressed when it is gzip,
// bounded by the limits of ReadOptions, and stopping when its context is
// done.
type source struct {
	r     io.Reader    // the data
	raw   *countReader // the bytes taken from the underlying input
	size  int64        // the underlying input's size, -1 when unknown
	gz    bool
	isize int64 // gzip: the size its trailer gives the data (of the last member, modulo 4 GiB), -1 unknown
}

// newSource wraps r, of size bytes (-1 unknown), named name in errors.
func newSource(ctx context.Context, r io.Reader, size int64, name string, opts *ReadOptions) (*source, error) {
	cr := &countReader{r: r, ctx: ctx}
	br := bufio.NewReaderSize(cr, 64<<10)
	s := &source{raw: cr, size: size, isize: -1}
	var data io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &ParseError{File: name, Err: fmt.Errorf("reading gzip data: %w", err)}
		}
		data = &gzipReader{zr: zr, ctx: ctx, name: name}
		s.gz = true
		if ra, ok := r.(io.ReaderAt); ok && size >= 18 {
			var tail [4]byte
			if _, err := ra.ReadAt(tail[:], size-4); err == nil {
				s.isize = int64(binary.LittleEndian.Uint32(tail[:]))
			}
		}
	}
	s.r = &limitReader{r: data, src: s, name: name, max: opts.maxInputBytes(), ratio: opts.maxCompressionRatio()}
	return s, nil
}

// countReader counts the bytes read from r and stops when ctx is done.
type countReader struct {
	r   io.Reader
	ctx context.Context
	n   int64
}

func (c *countReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	if err != nil && err != io.EOF && c.ctx.Err() != nil {
		return n, c.ctx.Err() // a read cut short by cancellation
	}
	return n, err
}

// gzipReader names gzip errors as such.
type gzipReader struct {
	zr   *gzip.Reader
	ctx  context.Context
	name string
}

func (g *gzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if err != nil && err != io.EOF {
		if g.ctx.Err() != nil {
			return n, g.ctx.Err()
		}
		var le *LimitError
		if errors.As(err, &le) {
			return n, err
		}
		return n, &ParseError{File: g.name, Err: fmt.Errorf("reading gzip data: %w", err)}
	}
	return n, err
}

// minRatioBytes is how much data a compressed input may expand to before
// its compression ratio is checked: small files may compress very well.
const minRatioBytes = 32 << 20

// limitReader fails once the data read passes the input size limit, or
// expands more than the ratio limit over the compressed bytes.
type limitReader struct {
	r     io.Reader
	src   *source
	name  string
	n     int64
	max   int64   // 0: none
	ratio float64 // 0: none
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.max > 0 && l.n > l.max {
		return n, sizeLimitError(l.name, "holds more than %s of data", l.max)
	}
	if l.src.gz && l.ratio > 0 && l.n > minRatioBytes && float64(l.n) > l.ratio*float64(l.src.raw.n) {
		return n, &LimitError{File: l.name, Limit: LimitCompressionRatio, Value: l.ratio,
			msg: fmt.Sprintf("decompresses to more than %g times its compressed size (%s from %s so far), the limit on the compression ratio that guards against gzip bombs",
				l.ratio, formatBytes(l.n), formatBytes(l.src.raw.n))}
	}
	return n, err
}

// fill reads from s into buf until it holds want bytes or the data ends.
func (s *source) fill(buf []byte, want int) ([]byte, bool, error) {
	if cap(buf) < want {
		b := make([]byte, len(buf), want)
		copy(b, buf)
		buf = b
	}
	for len(buf) < want {
		n, err := s.r.Read(buf[len(buf):want])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, true, nil
		}
		if err != nil {
			return buf, false, err
		}
	}
	return buf, false, nil
}

// readAll reads the whole data, for the formats that need it at once.
func (s *source) readAll() ([]byte, error) {
	want := 64 << 10
	if s.size > 0 && !s.gz {
		want = int(s.size) + 1
	}
	var buf []byte
	for {
		var eof bool
		var err error
		if buf, eof, err = s.fill(buf, want); err != nil || eof {
			return buf, err
		}
		want = 2 * len(buf)
	}
}

// openInput opens path for reading. A file that is not a regular one (a
// named pipe, a device, a file of /proc or /sys) is refused unless the
// caller gave the format, which says they mean it; opening a named pipe
// waits for a writer only as long as ctx lasts, and reads from it stop when
// ctx is done. It returns the file and its size, -1 when unknown.
func openInput(ctx context.Context, path string, opts *ReadOptions) (*inputFile, int64, error) {
	st, regular, err := checkInput(path, opts)
	if err != nil {
		return nil, 0, err
	}
	if regular {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, err
		}
		return &inputFile{File: f}, st.Size(), nil
	}
	// Opening a named pipe blocks until a writer opens it.
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		if o.err != nil {
			return nil, 0, o.err
		}
		// Unblock a read waiting for data when ctx is done (pipes and
		// most devices support deadlines; regular files never block).
		stop := context.AfterFunc(ctx, func() { o.f.SetReadDeadline(time.Unix(1, 0)) })
		return &inputFile{File: o.f, stop: stop}, -1, nil
	case <-ctx.Done():
		go func() { // close the file should a writer still come
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, 0, ctx.Err()
	}
}

// checkInput stats path and refuses a directory, and a file that is not a
// regular one unless the format is given. It reports whether the file is
// regular.
func checkInput(path string, opts *ReadOptions) (os.FileInfo, bool, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, false, err
	}
	if st.IsDir() {
		return nil, false, &ParseError{File: path, Err: &kindError{ErrUnsupported, "a directory, not a data file"}}
	}
	regular := st.Mode().IsRegular() && !kernelFile(path)
	if !regular && opts.Format == "" {
		return nil, false, &ParseError{File: path, Err: &kindError{ErrUnsupported,
			fmt.Sprintf("%s, not a regular file: give its format to read it anyway", describeFile(path, st))}}
	}
	return st, regular, nil
}

// inputFile is an open input; Close also forgets its cancellation.
type inputFile struct {
	*os.File
	stop func() bool
}

func (f *inputFile) Close() error {
	if f.stop != nil {
		f.stop()
	}
	return f.File.Close()
}

// describeFile names the kind of a file that is not regular.
func describeFile(path string, st os.FileInfo) string {
	m := st.Mode()
	switch {
	case m&os.ModeNamedPipe != 0:
		return "a named pipe"
	case m&os.ModeSocket != 0:
		return "a socket"
	case m&os.ModeCharDevice != 0, m&os.ModeDevice != 0:
		return "a device"
	case m.IsRegular():
		return "a file of the kernel (/proc or /sys)"
	}
	return "a special file"
}

// formatBytes writes n in binary units: 512 B, 1.5 KiB, 4 GiB.
func formatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	v := float64(n) / float64(div)
	s := fmt.Sprintf("%.1f", v)
	if v == float64(int64(v)) {
		s = fmt.Sprintf("%d", int64(v))
	}
	return s + " " + string("KMGTPE"[exp]) + "iB"
}
