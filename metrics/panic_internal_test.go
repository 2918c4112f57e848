package metrics

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/parallel"
)

// A panic testing one column is that column's error, with the value and
// the stack; the other columns are tested (issue 17.2).
func TestPanicInOneColumnIsItsError(t *testing.T) {
	cols := []string{"a", "b", "c", "d"}
	out := make([]ColumnDriftResult, len(cols))
	err := testColumns(context.Background(), cols, out, func(name string) ColumnDriftResult {
		if name == "c" {
			var m map[string]int
			m["boom"] = 1 // a nil map write: a runtime error
		}
		return ColumnDriftResult{Column: name, Drifted: NoDrift}
	})
	require.NoError(t, err)
	for i, r := range out {
		assert.Equal(t, cols[i], r.Column)
		if r.Column != "c" {
			assert.NoError(t, r.err)
			continue
		}
		require.ErrorIs(t, r.err, ErrPanic)
		var p *parallel.PanicError
		require.True(t, errors.As(r.err, &p))
		assert.Contains(t, r.Error, "assignment to entry in nil map")
		assert.Contains(t, r.Error, "panic_internal_test.go", "the stack says where")
		assert.Equal(t, NotTested, r.Drifted)
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	assert.ErrorIs(t, testColumns(ctx, cols, out, func(string) ColumnDriftResult { return ColumnDriftResult{} }), context.Canceled)
}

// A panic in a range of parallelRanges goes on in the caller's
// goroutine, where a recover sees it with the first stack.
func TestParallelRangesPassesPanicsOn(t *testing.T) {
	got := func() (p any) {
		defer func() { p = recover() }()
		parallelRanges(100, 4, func(w, lo, hi int) {
			if w == 2 {
				panic("range two")
			}
		})
		return nil
	}()
	pe, ok := got.(*parallel.PanicError)
	require.True(t, ok, "%T %v", got, got)
	assert.Equal(t, "range two", pe.Value)
	assert.Contains(t, pe.Stack, "panic_internal_test.go")
}
