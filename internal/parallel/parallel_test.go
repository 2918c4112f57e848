package parallel_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/internal/parallel"
)

func TestForVisitsEachIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		seen := make([]int32, 257)
		require.NoError(t, parallel.For(context.Background(), workers, len(seen), func(i int) {
			atomic.AddInt32(&seen[i], 1)
		}))
		for i, n := range seen {
			assert.EqualValues(t, 1, n, "workers %d index %d", workers, i)
		}
	}
	require.NoError(t, parallel.For(context.Background(), 2, 0, func(int) { t.Fatal("called for n = 0") }))
}

func TestForStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var calls atomic.Int32
	err := parallel.For(ctx, 1, 1000, func(i int) {
		if calls.Add(1) == 5 {
			cancel()
		}
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, calls.Load(), int32(1000))
}
