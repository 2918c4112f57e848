// Command parquetbench makes and reads the Parquet files of the sketch
// benchmark (README, "Sketches"):
//
//	parquetbench tile -rows 100000000 -o flights-100m.parquet /work/shared/data/flights-3m.parquet
//	parquetbench floor flights-100m.parquet
//
// tile writes the input's rows over and over (the last copy cut short)
// until the output has -rows rows, in row groups of -group rows, with the
// input's schema and parquet-go's default encodings and compression.
//
// floor is the baseline the sketching is compared with: it decodes every
// value of every column chunk with parquet-go, into a reused buffer (the
// typed readers where the page has one), and does nothing else with them;
// it prints the number of values and a checksum so that the work cannot be
// skipped.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/parquet-go/parquet-go"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: parquetbench tile|floor ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "tile":
		fs := flag.NewFlagSet("tile", flag.ExitOnError)
		rows := fs.Int64("rows", 100_000_000, "rows to write")
		group := fs.Int64("group", 1<<20, "rows per row group")
		out := fs.String("o", "", "output file")
		fs.Parse(os.Args[2:])
		if fs.NArg() != 1 || *out == "" {
			err = errors.New("tile: one input file and -o")
			break
		}
		err = tile(fs.Arg(0), *out, *rows, *group)
	case "floor":
		for _, p := range os.Args[2:] {
			if err = floor(p); err != nil {
				break
			}
		}
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "parquetbench:", err)
		os.Exit(1)
	}
}

func open(path string) (*parquet.File, *os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return pf, f, nil
}

func tile(in, out string, rows, group int64) error {
	pf, f, err := open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	w := parquet.NewWriter(o, pf.Schema(), parquet.MaxRowsPerRowGroup(group))
	buf := make([]parquet.Row, 4096)
	left := rows
	for left > 0 {
		r := parquet.NewReader(pf)
		for left > 0 {
			n, err := r.ReadRows(buf[:min(int64(len(buf)), left)])
			if n > 0 {
				if _, werr := w.WriteRows(buf[:n]); werr != nil {
					return werr
				}
				left -= int64(n)
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
		}
		r.Close()
	}
	if err := w.Close(); err != nil {
		return err
	}
	return o.Close()
}

func floor(path string) error {
	pf, f, err := open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var (
		n   int64
		sum uint64
		i64 = make([]int64, 4096)
		f64 = make([]float64, 4096)
		i32 = make([]int32, 4096)
		ba  = make([]byte, 1<<16)
		vs  = make([]parquet.Value, 4096)
	)
	for _, rg := range pf.RowGroups() {
		for _, cc := range rg.ColumnChunks() {
			pages := cc.Pages()
			for {
				p, err := pages.ReadPage()
				if err == io.EOF {
					break
				}
				if err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				vr := p.Values()
				for {
					var k int
					var err error
					switch r := vr.(type) {
					case parquet.Int64Reader:
						k, err = r.ReadInt64s(i64)
						for _, v := range i64[:k] {
							sum += uint64(v)
						}
					case parquet.DoubleReader:
						k, err = r.ReadDoubles(f64)
						for _, v := range f64[:k] {
							sum += math.Float64bits(v)
						}
					case parquet.Int32Reader:
						k, err = r.ReadInt32s(i32)
						for _, v := range i32[:k] {
							sum += uint64(v)
						}
					case parquet.ByteArrayReader:
						k, err = r.ReadByteArrays(ba)
						sum += uint64(ba[0])
					default:
						k, err = vr.ReadValues(vs)
						for _, v := range vs[:k] {
							sum += uint64(v.Kind())
						}
					}
					n += int64(k)
					if err == io.EOF {
						break
					}
					if err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
				}
				parquet.Release(p)
			}
			pages.Close()
		}
	}
	fmt.Printf("%s: %d values, checksum %x\n", path, n, sum)
	return nil
}
