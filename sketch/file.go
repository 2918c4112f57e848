package sketch

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/telltale-ml/telltale/dataset"
)

// AddFile adds the rows of the file at path, read in chunks by
// dataset.Scan (Parquet by row group, CSV and JSON lines by scan.Rows
// rows): memory is bounded by a few chunks and the number of columns,
// whatever the file's size. The next chunk is read while the last is
// sketched. Columns that opts.Types declares categorical or text keep
// that type in the summary.
func (s *Sketch) AddFile(ctx context.Context, path string, opts *dataset.ReadOptions, scan dataset.ScanOptions) error {
	// Later files are read with the columns' kinds so far, so that a
	// column reads alike in every file.
	if len(s.cols) > 0 {
		types := map[string]dataset.Type{}
		for _, c := range s.cols {
			switch {
			case c.num != nil:
				types[c.name] = dataset.Numerical
			case c.tm != nil:
				types[c.name] = dataset.Datetime
			default:
				types[c.name] = dataset.Categorical
			}
		}
		scan.Types = types
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	frames := make(chan *dataset.Frame, 1)
	scanErr := make(chan error, 1)
	go func() {
		defer close(frames)
		scanErr <- dataset.Scan(ctx, path, opts, scan, func(f *dataset.Frame) error {
			select {
			case frames <- f:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	var addErr error
	for f := range frames {
		if addErr == nil {
			addErr = s.Add(ctx, f)
			if addErr != nil {
				cancel()
			}
		}
	}
	if err := <-scanErr; err != nil && !(addErr != nil && errors.Is(err, context.Canceled)) {
		return err
	}
	if addErr != nil {
		return addErr
	}
	if opts != nil {
		for name, t := range opts.Types {
			if i, ok := s.index[name]; ok && s.cols[i].str != nil && (t == dataset.Categorical || t == dataset.Text) {
				s.cols[i].str.typ = t
			}
		}
	}
	return nil
}

// ReadFile decodes the sketch file at path (see Decode).
func ReadFile(path string) (*Sketch, []string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	s, src, err := Decode(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, src, nil
}
