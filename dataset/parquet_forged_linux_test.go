package dataset_test

import (
	"math"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go/format"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
)

// TestParquetForgedFooter reads small files whose footers claim 2^31 rows
// (16 GiB a column): the claim is checked against the row groups and the
// limits before anything is allocated, in little time and memory.
func TestParquetForgedFooter(t *testing.T) {
	inChild(t, 400<<20, 60*time.Second, func(t *testing.T) {
		type row struct {
			X int64   `parquet:"x"`
			Y *string `parquet:"y,optional,dict"`
		}
		rows := make([]row, 100)
		for i := range rows {
			rows[i].X = int64(i)
		}
		data := writeParquet(t, rows)
		require.Less(t, len(data), 4096)
		const huge = 1 << 31

		// The file's count alone: it disagrees with its row groups.
		forged := forgeFooter(t, data, func(md *format.FileMetaData) { md.NumRows = huge })
		_, err := readParquet(forged, nil)
		require.ErrorIs(t, err, dataset.ErrFormat)
		assert.Contains(t, err.Error(), "the footer says the file holds 2147483648 rows, but its row groups hold 100")

		// Every count agrees: the limit on the decoded size refuses it.
		forged = forgeFooter(t, data, func(md *format.FileMetaData) {
			md.NumRows = huge - 1
			for i := range md.RowGroups {
				md.RowGroups[i].NumRows = huge - 1
				for j := range md.RowGroups[i].Columns {
					md.RowGroups[i].Columns[j].MetaData.NumValues = huge - 1
				}
			}
		})
		_, err = readParquet(forged, nil)
		require.ErrorIs(t, err, dataset.ErrTooLarge)
		assert.Contains(t, err.Error(), "claims 2147483647 rows, which would take more than 4 GiB once decoded into columns")

		// Without the limit, the columns grow only as far as the pages
		// go, and the reading fails there.
		_, err = readParquet(forged, &dataset.ReadOptions{MaxInputBytes: -1})
		require.ErrorIs(t, err, dataset.ErrFormat)
		assert.Contains(t, err.Error(), "the pages of row group 1 hold 100 rows, the footer says 2147483647")

		// More rows than a frame holds.
		forged = forgeFooter(t, data, func(md *format.FileMetaData) {
			md.NumRows = math.MaxInt64
			md.RowGroups[0].NumRows = math.MaxInt64
		})
		_, err = readParquet(forged, &dataset.ReadOptions{MaxInputBytes: -1})
		require.Error(t, err)
	})
}

// TestParquetLeafWithoutPhysicalType: a forged schema whose leaf carries a
// LIST annotation (found by fuzzing: parquet-go panics when asked the
// physical type of such a leaf) is an error naming the column.
func TestParquetLeafWithoutPhysicalType(t *testing.T) {
	type row struct {
		X int64 `parquet:"x"`
	}
	data := writeParquet(t, []row{{1}, {2}})
	forged := forgeFooter(t, data, func(md *format.FileMetaData) {
		md.Schema[1].LogicalType = format.LogicalType{Value: &format.ListType{}}
	})
	_, err := readParquet(forged, nil)
	require.ErrorIs(t, err, dataset.ErrUnsupported)
	assert.Contains(t, err.Error(), `column "x"`)
	assert.Contains(t, err.Error(), "has no physical type")
}
