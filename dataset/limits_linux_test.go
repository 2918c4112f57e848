package dataset_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// gzipBomb returns a gzip stream of a CSV with a header line and then
// members GiB... of "0\n" lines: members concatenated gzip members of one
// MiB each, so a few MB of gzip expand to gigabytes.
func gzipBomb(t *testing.T, members int) []byte {
	t.Helper()
	member := func(data []byte) []byte {
		var buf bytes.Buffer
		zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		require.NoError(t, err)
		_, err = zw.Write(data)
		require.NoError(t, err)
		require.NoError(t, zw.Close())
		return buf.Bytes()
	}
	out := member([]byte("x\n"))
	zeros := member(bytes.Repeat([]byte("0\n"), 1<<19))
	for range members {
		out = append(out, zeros...)
	}
	return out
}

// TestGzipBombStops reads 3 MB of gzip that expand to 3 GiB: the ratio
// limit stops it early, and without it the size limit does, in little
// time and memory.
func TestGzipBombStops(t *testing.T) {
	t.Run("ratio", func(t *testing.T) {
		inChild(t, 400<<20, 60*time.Second, func(t *testing.T) {
			bomb := gzipBomb(t, 3072)
			start := time.Now()
			_, err := dataset.ReadCSV(context.Background(), bytes.NewReader(bomb), "bomb.csv.gz", nil)
			var le *dataset.LimitError
			require.ErrorAs(t, err, &le)
			assert.ErrorIs(t, err, dataset.ErrTooLarge)
			assert.Equal(t, dataset.LimitCompressionRatio, le.Limit)
			assert.Equal(t, float64(dataset.DefaultMaxCompressionRatio), le.Value)
			assert.Contains(t, err.Error(), "bomb.csv.gz: decompresses to more than 100 times its compressed size")
			assert.Less(t, time.Since(start), 20*time.Second)
		})
	})
	t.Run("size", func(t *testing.T) {
		inChild(t, 400<<20, 60*time.Second, func(t *testing.T) {
			bomb := gzipBomb(t, 3072)
			_, err := dataset.ReadCSV(context.Background(), bytes.NewReader(bomb), "bomb.csv.gz",
				&dataset.ReadOptions{MaxCompressionRatio: -1, MaxInputBytes: 100 << 20})
			var le *dataset.LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, dataset.LimitInputBytes, le.Limit)
			assert.Contains(t, err.Error(), "100 MiB")
		})
	})
}

// TestDevZeroStops reads /dev/zero as CSV: no line ever ends, and the
// reader gives up at the longest record it reads.
func TestDevZeroStops(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip(err)
	}
	inChild(t, 400<<20, 60*time.Second, func(t *testing.T) {
		_, err := dataset.Read(context.Background(), "/dev/zero", &dataset.ReadOptions{Format: "csv"})
		require.ErrorIs(t, err, dataset.ErrFormat)
		assert.Contains(t, err.Error(), "/dev/zero:1: a header longer than 64 MiB")
	})
}

// TestNewlinesStop reads an endless stream of one-byte rows: the limit on
// the decoded size stops it.
func TestNewlinesStop(t *testing.T) {
	inChild(t, 400<<20, 60*time.Second, func(t *testing.T) {
		_, err := dataset.ReadCSV(context.Background(), &endless{head: []byte("a,b\n"), line: []byte("1,2\n")}, "yes.csv",
			&dataset.ReadOptions{MaxInputBytes: 128 << 20})
		var le *dataset.LimitError
		require.ErrorAs(t, err, &le)
		assert.Contains(t, err.Error(), "yes.csv: takes more than 128 MiB once decoded into columns")
	})
}

// endless is a reader of head followed by line repeated without end.
type endless struct {
	head, line []byte
	off        int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.head) > 0 {
			k := copy(p[n:], e.head)
			e.head = e.head[k:]
			n += k
			continue
		}
		k := copy(p[n:], e.line[e.off:])
		e.off = (e.off + k) % len(e.line)
		n += k
	}
	return n, nil
}

// TestFIFOCancel reads from a named pipe whose writer goes quiet: the read
// stops as soon as the context is done, and so does the wait for a writer.
func TestFIFOCancel(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "in.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))

	// Without a format, a named pipe is refused.
	_, err := dataset.Read(context.Background(), fifo, nil)
	require.ErrorIs(t, err, dataset.ErrUnsupported)
	assert.Contains(t, err.Error(), "a named pipe, not a regular file: give its format to read it anyway")

	// No writer at all: the open waits, until the context ends.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = dataset.Read(ctx, fifo, &dataset.ReadOptions{Format: "csv"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 3*time.Second)

	// A writer that sends a header and a row, then nothing.
	done := make(chan struct{})
	go func() {
		defer close(done)
		w, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		w.WriteString("a,b\n1,2\n")
		time.Sleep(5 * time.Second)
	}()
	ctx, cancel = context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start = time.Now()
	_, err = dataset.Read(ctx, fifo, &dataset.ReadOptions{Format: "csv"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Less(t, time.Since(start), 3*time.Second)
	<-done
}

// TestKernelFilesRefused: files of /proc and devices look like data to a
// careless config; they are read only when the format is given.
func TestKernelFilesRefused(t *testing.T) {
	for _, path := range []string{"/proc/self/environ", "/dev/null"} {
		if _, err := os.Stat(path); err != nil {
			continue
		}
		// A symlink with a data file's name does not help.
		link := filepath.Join(t.TempDir(), "data.csv")
		require.NoError(t, os.Symlink(path, link))
		_, err := dataset.Read(context.Background(), link, nil)
		require.ErrorIs(t, err, dataset.ErrUnsupported, path)
		assert.Contains(t, err.Error(), "not a regular file", path)
		// Given the format, the caller means it.
		_, err = dataset.Read(context.Background(), link, &dataset.ReadOptions{Format: "csv"})
		if err != nil {
			assert.False(t, errors.Is(err, dataset.ErrUnsupported), "%s: %v", path, err)
			assert.False(t, strings.Contains(err.Error(), "not a regular file"), path)
		}
	}
}
