package dataset

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Read reads the file at path into a Frame, choosing the reader from
// opts.Format or else from the file name's extension. A nil opts reads with
// the defaults.
func Read(ctx context.Context, path string, opts *ReadOptions) (*Frame, error) {
	if opts == nil {
		opts = &ReadOptions{}
	}
	format := opts.Format
	if format == "" {
		var err error
		if format, err = formatOf(path); err != nil {
			return nil, err
		}
	}
	switch format {
	case "parquet":
		return ReadParquetFile(ctx, path, opts)
	case "csv", "tsv", "json", "jsonl":
	default:
		return nil, fmt.Errorf("dataset: unknown format %q (want csv, tsv, parquet, json or jsonl)", format)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	switch format {
	case "json", "jsonl":
		return ReadJSON(ctx, f, path, opts)
	case "tsv":
		if opts.Delimiter == 0 {
			o := *opts
			o.Delimiter = '\t'
			opts = &o
		}
	}
	return ReadCSV(ctx, f, path, opts)
}

// formatOf returns the format a file name's extension implies.
func formatOf(path string) (string, error) {
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".csv", ".txt":
		return "csv", nil
	case ".tsv", ".tab":
		return "tsv", nil
	case ".parquet", ".pq":
		return "parquet", nil
	case ".json":
		return "json", nil
	case ".jsonl", ".ndjson":
		return "jsonl", nil
	}
	return "", fmt.Errorf("dataset: %s: cannot tell the format from the file name (want .csv, .tsv, .parquet, .json or .jsonl, optionally .gz); give the format", path)
}

// readAllMaybeGzip reads r to the end, decompressing it when it starts with
// the gzip magic bytes.
func readAllMaybeGzip(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("reading gzip data: %w", err)
		}
		defer zr.Close()
		data, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("reading gzip data: %w", err)
		}
		return data, nil
	}
	return io.ReadAll(br)
}
