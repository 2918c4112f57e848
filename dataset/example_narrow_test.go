package dataset_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/telltale-ml/telltale/dataset"
)

// Integers that a Parquet file's statistics bound to 16 bits are held in
// 16 bits; Ints gives them as int64 all the same.
func ExampleNumericColumn_Int16s() {
	type row struct {
		Delay int64 `parquet:"delay"`
	}
	var buf bytes.Buffer
	if err := parquet.Write(&buf, []row{{-5}, {12}, {7}, {130}, {0}, {-1}, {3}, {44}, {9}, {2}, {61}}); err != nil {
		fmt.Println(err)
		return
	}
	f, err := dataset.ReadParquet(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()), "delays.parquet", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := f.Column("delay")
	delay := c.(*dataset.NumericColumn)
	small, ok := delay.Int16s()
	fmt.Println(ok, small[:4])
	ints, _ := delay.Ints()
	fmt.Println(ints[:4])
	// Output:
	// true [-5 12 7 130]
	// [-5 12 7 130]
}

// Range gives the earliest and latest present instants of a time column.
func ExampleTimeColumn_Range() {
	day := func(d int) time.Time { return time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC) }
	c := dataset.NewTimeColumn("when", []time.Time{day(9), day(2), {}, day(30)}, []bool{false, false, true, false})
	lo, hi, ok := c.Range()
	fmt.Println(time.Unix(0, lo).UTC().Format(time.DateOnly), time.Unix(0, hi).UTC().Format(time.DateOnly), ok)
	// Output: 2024-03-02 2024-03-30 true
}

// A categorical column that a reader builds with at most 32,768 levels
// holds its codes in 16 bits; Codes gives them in 32 all the same.
func ExampleStringColumn_Codes16() {
	in := "city,n\nOslo,1\nLima,2\n,3\nOslo,4\n"
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(in), "cities.csv", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := f.Column("city")
	city := c.(*dataset.StringColumn)
	codes, ok := city.Codes16()
	fmt.Println(ok, codes, city.Levels())
	fmt.Println(city.Codes())
	// Output:
	// true [0 1 -1 0] [Oslo Lima]
	// [0 1 -1 0]
}
