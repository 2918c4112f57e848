package beam

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/sketch"
)

// Options configure the pipeline: how files are read and how big the
// sketches are. The zero value reads with telltale's defaults.
type Options struct {
	// Format, Delimiter, MissingValues and Types are dataset.ReadOptions'.
	Format        string            `json:"format,omitempty"`
	Delimiter     string            `json:"delimiter,omitempty"`
	MissingValues []string          `json:"missing_values,omitempty"`
	Types         map[string]string `json:"types,omitempty"`
	// ChunkRows is the rows per chunk of CSV and JSON lines files.
	ChunkRows int `json:"chunk_rows,omitempty"`
	// Sketch sizes the sketches (sketch.Options).
	Sketch sketch.Options `json:"sketch"`
}

func (o *Options) readOptions() (*dataset.ReadOptions, error) {
	ro := &dataset.ReadOptions{Format: o.Format, MissingValues: o.MissingValues}
	switch len(o.Delimiter) {
	case 0:
	case 1:
		ro.Delimiter = o.Delimiter[0]
	default:
		if o.Delimiter != "tab" {
			return nil, fmt.Errorf("delimiter %q: want one character or \"tab\"", o.Delimiter)
		}
		ro.Delimiter = '\t'
	}
	for col, t := range o.Types {
		typ, err := dataset.ParseType(t)
		if err != nil {
			return nil, fmt.Errorf("type of column %q: %w", col, err)
		}
		if ro.Types == nil {
			ro.Types = map[string]dataset.Type{}
		}
		ro.Types[col] = typ
	}
	return ro, nil
}

var registerOnce sync.Once

// Register registers the pipeline's functions and types with Beam. Call
// it before beam.Init in main (workers look the functions up by name) and
// before building a pipeline; it may be called more than once.
func Register() {
	registerOnce.Do(func() {
		register.Combiner3[accum, string, []byte](&sketchFn{})
		register.DoFn3x1[context.Context, []byte, func(string), error](&writeFn{})
		register.Emitter1[string]()
		register.Function1x1[fileio.FileMetadata, string](metadataPath)
		beam.RegisterCoder(reflect.TypeOf(accum{}), encodeAccum, decodeAccum)
	})
}

// Sketch adds to s the transforms that sketch the files matching glob
// into one sketch, returned as its encoded bytes (a PCollection of one
// []byte).
func Sketch(s beam.Scope, glob string, opts Options) beam.PCollection {
	s = s.Scope("telltale.Sketch")
	matches := fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow())
	paths := beam.ParDo(s, metadataPath, matches)
	return beam.Combine(s, &sketchFn{Options: opts}, paths)
}

// Write adds a transform that writes the encoded sketch to path (any
// filesystem Beam knows: a local path, gs://, s3://) and emits the path.
func Write(s beam.Scope, path string, sketchBytes beam.PCollection) beam.PCollection {
	s = s.Scope("telltale.Write")
	return beam.ParDo(s, &writeFn{Path: path}, sketchBytes)
}

func metadataPath(m fileio.FileMetadata) string { return m.Path }

// accum is the CombineFn's accumulator: a sketch, and the files in it.
type accum struct {
	S       *sketch.Sketch
	Sources []string
}

func encodeAccum(a accum) ([]byte, error) {
	var b bytes.Buffer
	if a.S == nil {
		return nil, nil
	}
	err := a.S.Encode(&b, a.Sources)
	return b.Bytes(), err
}

func decodeAccum(b []byte) (accum, error) {
	if len(b) == 0 {
		return accum{}, nil
	}
	s, src, err := sketch.Decode(bytes.NewReader(b))
	return accum{S: s, Sources: src}, err
}

// sketchFn is the CombineFn: a file's rows go into the accumulator's
// sketch (Sketch.AddFile); accumulators merge with Sketch.Merge.
type sketchFn struct {
	Options Options `json:"options"`
}

func (f *sketchFn) CreateAccumulator() accum { return accum{} }

func (f *sketchFn) AddInput(a accum, path string) (accum, error) {
	ctx := context.Background()
	if a.S == nil {
		s, err := sketch.New(f.Options.Sketch)
		if err != nil {
			return a, err
		}
		a.S = s
	}
	ro, err := f.Options.readOptions()
	if err != nil {
		return a, err
	}
	local, cleanup, err := localCopy(ctx, path)
	if err != nil {
		return a, err
	}
	defer cleanup()
	if err := a.S.AddFile(ctx, local, ro, dataset.ScanOptions{Rows: f.Options.ChunkRows}); err != nil {
		return a, fmt.Errorf("telltale: sketching %s: %w", path, err)
	}
	a.Sources = append(a.Sources, path)
	return a, nil
}

func (f *sketchFn) MergeAccumulators(a, b accum) (accum, error) {
	switch {
	case a.S == nil:
		return b, nil
	case b.S == nil:
		return a, nil
	}
	if err := a.S.Merge(b.S); err != nil {
		return a, err
	}
	a.Sources = append(a.Sources, b.Sources...)
	return a, nil
}

func (f *sketchFn) ExtractOutput(a accum) ([]byte, error) {
	if a.S == nil {
		s, err := sketch.New(f.Options.Sketch)
		if err != nil {
			return nil, err
		}
		a.S = s
	}
	var b bytes.Buffer
	err := a.S.Encode(&b, a.Sources)
	return b.Bytes(), err
}

// localCopy returns a local path holding the file: the path itself for a
// local file, else a temporary copy (removed by cleanup).
func localCopy(ctx context.Context, path string) (string, func(), error) {
	if !strings.Contains(path, "://") {
		return path, func() {}, nil
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return "", nil, err
	}
	defer r.Close()
	dir, err := os.MkdirTemp("", "telltale-beam-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	local := filepath.Join(dir, filepath.Base(path))
	w, err := os.Create(local)
	if err == nil {
		_, err = io.Copy(w, r)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		cleanup()
		return "", nil, err
	}
	return local, cleanup, nil
}

// writeFn writes the encoded sketch to Path.
type writeFn struct {
	Path string `json:"path"`
}

func (f *writeFn) ProcessElement(ctx context.Context, b []byte, emit func(string)) error {
	fs, err := filesystem.New(ctx, f.Path)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, f.Path)
	if err != nil {
		return err
	}
	if _, err := w.Write(b); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	emit(f.Path)
	return nil
}
