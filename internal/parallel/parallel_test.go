package parallel_test

import (
	"context"
	"errors"
	"runtime"
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

// A panic in one iteration is that iteration's error, with the value and
// the stack; the other iterations run (issue 17.2).
func TestForRecoversPanics(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		var ran atomic.Int32
		err := parallel.For(context.Background(), workers, 20, func(i int) {
			ran.Add(1)
			switch i {
			case 3:
				panic("boom at three")
			case 11:
				_ = make([]float64, negative(i))
			}
		})
		require.Error(t, err)
		assert.EqualValues(t, 20, ran.Load(), "the other iterations run")
		var panics parallel.Panics
		require.True(t, errors.As(err, &panics), "%T", err)
		require.Len(t, panics, 2)
		assert.Equal(t, 3, panics[0].Index)
		assert.Equal(t, "boom at three", panics[0].Value)
		assert.Contains(t, panics[0].Stack, "parallel_test.TestForRecoversPanics", "the stack starts where it panicked")
		assert.NotContains(t, panics[0].Stack, "runtime/debug.Stack")
		assert.Equal(t, 11, panics[1].Index)
		var re runtime.Error
		require.True(t, errors.As(panics[1], &re), "a runtime error unwraps")
		assert.Contains(t, re.Error(), "makeslice")
		assert.Contains(t, err.Error(), "boom at three")
	}
}

func negative(i int) int { return -i }

func TestForPanicAndCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	err := parallel.For(ctx, 1, 100, func(i int) {
		if i == 2 {
			cancel()
			panic("late")
		}
	})
	require.ErrorIs(t, err, context.Canceled)
	var p *parallel.PanicError
	require.True(t, errors.As(err, &p))
	assert.Equal(t, 2, p.Index)
}
