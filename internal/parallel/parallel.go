// Package parallel runs the iterations of a loop on a bounded number of
// goroutines: the worker pool the readers and the metrics share.
package parallel

import (
	"context"
	"runtime"
	"sync"
)

// For calls do(i) for each i in [0, n) on at most workers goroutines
// (GOMAXPROCS when workers <= 0) and waits for them. It stops handing out
// iterations once ctx is done and then returns ctx.Err(); iterations
// already started run to their end.
func For(ctx context.Context, workers, n int, do func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				do(i)
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return ctx.Err()
}
