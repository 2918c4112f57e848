// Command benchtool serves bench/wholeprocess.sh: it prepares the Parquet
// data, reads files with telltale's readers alone (and nothing else of a
// command's work), and measures parquet-go's
// decode floor, the time parquet-go itself needs to decode every value of
// some files, which telltale's reading is compared with.
//
// Usage:
//
//	benchtool read FILE...                      read the files with dataset.Read, one after the other, in a
//	                                            process set up as telltale's commands set theirs up
//	                                            (internal/oneshot: GC policy, huge pages for the heap)
//	benchtool read --bare FILE...               the same in a process left as Go starts it, as a program
//	                                            that calls dataset.Read has it unless it sets its own
//	benchtool decode FILE...                    decode every page of every column chunk, in parallel
//	benchtool decode --keep FILE...             the same, each chunk's values kept in memory as one
//	                                            column holds them (int64, float64, int32 dictionary codes)
//	benchtool csv2parquet IN.csv OUT.parquet    write a CSV file as Parquet (snappy, dictionary-encoded strings)
//	benchtool halves IN.parquet A.parquet B.parquet   split a file's rows into its first and second half
//
// It is a benchmark tool, run by hand; it is not part of telltale.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/internal/oneshot"
	"github.com/telltale-ml/telltale/internal/parallel"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "benchtool:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("usage: benchtool read [--bare] FILE... | decode [--keep] FILE... | csv2parquet IN OUT | halves IN A B")
	}
	switch cmd, rest := args[0], args[1:]; {
	case cmd == "csv2parquet" && len(rest) == 2:
		return csvToParquet(rest[0], rest[1])
	case cmd == "halves" && len(rest) == 3:
		return halves(rest[0], rest[1], rest[2])
	case cmd == "decode" && len(rest) > 1 && rest[0] == "--keep":
		return decode(rest[1:], true)
	case cmd == "decode" && len(rest) > 0 && rest[0] != "--keep":
		return decode(rest, false)
	case cmd == "read" && len(rest) > 1 && rest[0] == "--bare":
		return read(rest[1:], false)
	case cmd == "read" && len(rest) > 0 && rest[0] != "--bare":
		return read(rest, true)
	}
	return fmt.Errorf("unknown command or wrong arguments: %q", args)
}

// read reads each file with telltale's reader and prints its shape and the
// time taken; asCommand sets the process up first as telltale's commands
// do (cmd/telltale's main and its frameData).
func read(paths []string, asCommand bool) error {
	if asCommand {
		oneshot.SetGCPolicy()
		oneshot.HugeHeapFor(paths...)
	}
	for _, p := range paths {
		start := time.Now()
		f, err := dataset.Read(context.Background(), p, nil)
		if err != nil {
			return err
		}
		fmt.Printf("%s: %d rows, %d columns in %v\n", p, f.Len(), f.NumColumns(), time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// csvToParquet reads a CSV file with telltale's reader and writes its
// columns as Parquet the way pandas and pyarrow do by default: optional
// columns, snappy, strings dictionary-encoded, row groups of 1 Mi rows.
func csvToParquet(in, out string) error {
	f, err := dataset.Read(context.Background(), in, nil)
	if err != nil {
		return err
	}
	group := parquet.Group{}
	for _, c := range f.Columns() {
		var node parquet.Node
		switch c := c.(type) {
		case *dataset.NumericColumn:
			if c.Integer() {
				node = parquet.Int(64)
			} else {
				node = parquet.Leaf(parquet.DoubleType)
			}
		case *dataset.StringColumn:
			node = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		case *dataset.TimeColumn:
			node = parquet.Timestamp(parquet.Nanosecond)
		}
		group[c.Name()] = parquet.Optional(node)
	}
	schema := parquet.NewSchema("telltale", group)
	index := map[string]int{}
	for i, path := range schema.Columns() {
		index[path[0]] = i
	}
	file, err := os.Create(out)
	if err != nil {
		return err
	}
	defer file.Close()
	w := parquet.NewWriter(file, schema, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<20))
	cols := f.Columns()
	batch := make([]parquet.Row, 0, 4096)
	for i := range f.Len() {
		row := make(parquet.Row, len(cols))
		for _, c := range cols {
			j := index[c.Name()]
			if c.IsNull(i) {
				row[j] = parquet.NullValue().Level(0, 0, j)
				continue
			}
			var v parquet.Value
			switch c := c.(type) {
			case *dataset.NumericColumn:
				if ints, ok := c.Ints(); ok {
					v = parquet.Int64Value(ints[i])
				} else {
					v = parquet.DoubleValue(c.Values()[i])
				}
			case *dataset.StringColumn:
				s, _ := c.Value(i)
				v = parquet.ByteArrayValue([]byte(s))
			case *dataset.TimeColumn:
				v = parquet.Int64Value(c.UnixNanos()[i])
			}
			row[j] = v.Level(0, 1, j)
		}
		batch = append(batch, row)
		if len(batch) == cap(batch) {
			if _, err := w.WriteRows(batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	if _, err := w.WriteRows(batch); err != nil {
		return err
	}
	return w.Close()
}

// halves writes the first half of the rows of in to a and the rest to b,
// with in's codec, its row group size, and strings dictionary-encoded.
func halves(in, a, b string) error {
	src, pf, err := openParquet(in)
	if err != nil {
		return err
	}
	defer src.Close()
	group := parquet.Group{}
	for _, c := range pf.Root().Columns() {
		node := parquet.Node(c)
		if c.Type().Kind() == parquet.ByteArray {
			node = parquet.Encoded(c, &parquet.RLEDictionary)
		}
		group[c.Name()] = node
	}
	schema := parquet.NewSchema("halves", group)
	codec := parquet.LookupCompressionCodec(format.Snappy)
	rgRows := int64(1 << 20)
	if md := pf.Metadata(); len(md.RowGroups) > 0 {
		rgRows = md.RowGroups[0].NumRows
		if cols := md.RowGroups[0].Columns; len(cols) > 0 {
			codec = parquet.LookupCompressionCodec(cols[0].MetaData.Codec)
		}
	}
	r := parquet.NewReader(pf, schema)
	defer r.Close()
	half := pf.NumRows() / 2
	for _, part := range []struct {
		path string
		rows int64
	}{{a, half}, {b, pf.NumRows() - half}} {
		out, err := os.Create(part.path)
		if err != nil {
			return err
		}
		w := parquet.NewWriter(out, schema, parquet.Compression(codec), parquet.MaxRowsPerRowGroup(rgRows))
		buf := make([]parquet.Row, 4096)
		for left := part.rows; left > 0; {
			n, err := r.ReadRows(buf[:min(int64(len(buf)), left)])
			if n > 0 {
				if _, err := w.WriteRows(buf[:n]); err != nil {
					return err
				}
				left -= int64(n)
			}
			if err != nil && left > 0 {
				return fmt.Errorf("%s: reading rows: %w", in, err)
			}
		}
		if err := w.Close(); err != nil {
			return err
		}
		if err := out.Close(); err != nil {
			return err
		}
	}
	return nil
}

func openParquet(path string) (*os.File, *parquet.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	pf, err := parquet.OpenFile(f, st.Size(), parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, pf, nil
}

// decode reads every page of every column chunk of the files, on
// GOMAXPROCS goroutines, and decodes its values: the page's data, and for a
// dictionary-encoded page each index looked up in the dictionary. It prints
// the values decoded and the time taken.
//
// With keep, each chunk's values are also written into a slice of the
// chunk's rows that lives until the end, as a reader that holds the data
// must: numbers as int64 or float64, strings as int32 dictionary codes
// (what telltale's columns hold, without their types, missing rows or
// merged dictionaries). This floor pays the cost of memory first touched
// that the plain floor, which keeps one page at a time, does not.
func decode(paths []string, keep bool) error {
	start := time.Now()
	type task struct{ chunk parquet.ColumnChunk }
	var tasks []task
	for _, p := range paths {
		f, pf, err := openParquet(p)
		if err != nil {
			return err
		}
		defer f.Close()
		for _, rg := range pf.RowGroups() {
			for _, cc := range rg.ColumnChunks() {
				tasks = append(tasks, task{cc})
			}
		}
	}
	var values, sink atomic.Int64
	errs := make([]error, len(tasks))
	kept := make([]*keeper, len(tasks))
	err := parallel.For(context.Background(), runtime.GOMAXPROCS(0), len(tasks), func(i int) {
		if keep {
			kept[i] = &keeper{rows: int(tasks[i].chunk.NumValues())}
		}
		n, s, err := decodeChunk(tasks[i].chunk, kept[i])
		values.Add(n)
		sink.Add(s)
		errs[i] = err
	})
	if err != nil {
		return err
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	held := 0
	for _, k := range kept {
		if k != nil {
			held += 8*(len(k.ints)+len(k.floats)) + 4*len(k.codes)
		}
	}
	fmt.Printf("decoded %d values of %d column chunks in %v (checksum %d, %d MB held)\n", values.Load(), len(tasks), time.Since(start).Round(time.Millisecond), sink.Load()&0xff, held>>20)
	return nil
}

// keeper holds the values of one column chunk.
type keeper struct {
	rows   int
	off    int
	ints   []int64
	floats []float64
	codes  []int32
}

func (k *keeper) intDst(n int) []int64 {
	if k.ints == nil {
		k.ints = make([]int64, k.rows)
	}
	return k.ints[k.off : k.off+n]
}

func (k *keeper) floatDst(n int) []float64 {
	if k.floats == nil {
		k.floats = make([]float64, k.rows)
	}
	return k.floats[k.off : k.off+n]
}

func (k *keeper) codeDst(n int) []int32 {
	if k.codes == nil {
		k.codes = make([]int32, k.rows)
	}
	return k.codes[k.off : k.off+n]
}

// decodeChunk decodes the pages of cc, summing their values into a
// checksum and, with k non-nil, keeping them.
func decodeChunk(cc parquet.ColumnChunk, k *keeper) (n, sum int64, err error) {
	pages := cc.Pages()
	defer pages.Close()
	for {
		p, err := pages.ReadPage()
		if err != nil {
			if err.Error() == "EOF" {
				return n, sum, nil
			}
			return n, sum, err
		}
		data := p.Data()
		n += p.NumValues()
		if d := p.Dictionary(); d != nil {
			dict := d.Page().Data()
			idx := data.Int32()
			switch d.Type().Kind() {
			case parquet.ByteArray:
				_, offs := dict.ByteArray()
				for _, i := range idx {
					sum += int64(offs[i+1] - offs[i])
				}
				if k != nil {
					copy(k.codeDst(len(idx)), idx)
				}
			case parquet.Double:
				vals := dict.Double()
				if k != nil {
					dst := k.floatDst(len(idx))
					for j, i := range idx {
						dst[j] = vals[i]
					}
				}
				for _, i := range idx {
					sum += int64(vals[i])
				}
			case parquet.Int64:
				vals := dict.Int64()
				if k != nil {
					dst := k.intDst(len(idx))
					for j, i := range idx {
						dst[j] = vals[i]
					}
				}
				for _, i := range idx {
					sum += vals[i]
				}
			case parquet.Int32:
				vals := dict.Int32()
				if k != nil {
					dst := k.intDst(len(idx))
					for j, i := range idx {
						dst[j] = int64(vals[i])
					}
				}
				for _, i := range idx {
					sum += int64(vals[i])
				}
			}
			if k != nil {
				k.off += len(idx)
			}
		} else {
			switch p.Type().Kind() {
			case parquet.ByteArray:
				b, offs := data.ByteArray()
				sum += int64(len(b))
				if k != nil && len(offs) > 0 {
					dst := k.codeDst(len(offs) - 1)
					for j := range dst {
						dst[j] = int32(offs[j]) // a stand-in for a code
					}
					k.off += len(dst)
				}
			case parquet.Double:
				vals := data.Double()
				if k != nil {
					copy(k.floatDst(len(vals)), vals)
					k.off += len(vals)
				}
				for _, v := range vals {
					sum += int64(v)
				}
			case parquet.Int64:
				vals := data.Int64()
				if k != nil {
					copy(k.intDst(len(vals)), vals)
					k.off += len(vals)
				}
				for _, v := range vals {
					sum += v
				}
			case parquet.Int32:
				vals := data.Int32()
				if k != nil {
					dst := k.intDst(len(vals))
					for j, v := range vals {
						dst[j] = int64(v)
					}
					k.off += len(vals)
				}
				for _, v := range vals {
					sum += int64(v)
				}
			}
		}
		parquet.Release(p)
	}
}
