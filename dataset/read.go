package dataset

import (
	"context"
	"fmt"
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
		// A special file is refused before its name is looked at.
		if _, _, err := checkInput(path, opts); err != nil {
			return nil, err
		}
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
	f, size, err := openInput(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	src, err := newSource(ctx, f, size, path, opts)
	if err != nil {
		return nil, err
	}
	switch format {
	case "json", "jsonl":
		data, err := src.readAll()
		if err != nil {
			return nil, wrapReadErr(path, err)
		}
		return readJSONData(ctx, data, path, opts)
	case "tsv":
		if opts.Delimiter == 0 {
			o := *opts
			o.Delimiter = '\t'
			opts = &o
		}
	}
	return readCSV(ctx, src, path, opts)
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
