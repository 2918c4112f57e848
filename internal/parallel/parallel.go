// Package parallel runs the iterations of a loop on a bounded number of
// goroutines: the worker pool the readers and the metrics share. A panic
// in an iteration is recovered in its worker and returned as that
// iteration's error, never a crash of the process.
package parallel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
)

// PanicError is a panic recovered in a goroutine: its value and the stack
// of the goroutine where it happened.
type PanicError struct {
	Index int    // the iteration of For that panicked; -1 elsewhere
	Value any    // what was passed to panic
	Stack string // the panicking goroutine's stack, from the panic on
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("panic: %v\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error (such as a
// runtime.Error), so that errors.As finds it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Recovered returns a PanicError for the value v that recover returned,
// with the current goroutine's stack; call it in the deferred function
// that recovered. It returns nil for a nil v, and v itself when v is a
// *PanicError (a panic passed on from another goroutine).
func Recovered(v any, index int) *PanicError {
	if v == nil {
		return nil
	}
	if p, ok := v.(*PanicError); ok {
		// Recovered in a goroutine and panicked again in its caller's:
		// the first stack is where it happened.
		return p
	}
	return &PanicError{Index: index, Value: v, Stack: trimStack(debug.Stack())}
}

// trimStack drops the frames of debug.Stack and of the panic machinery
// above the frame that panicked.
func trimStack(stack []byte) string {
	s := string(stack)
	if i := strings.Index(s, "\npanic("); i >= 0 {
		// The frame after panic(...) and its file line are where the
		// panic happened; keep the goroutine header.
		rest := s[i+1:]
		if j := strings.Index(rest, "\n"); j >= 0 {
			if k := strings.Index(rest[j+1:], "\n"); k >= 0 {
				header := s[:strings.Index(s, "\n")+1]
				return header + rest[j+1+k+1:]
			}
		}
	}
	return s
}

// Panics is the panics of several iterations of For, by index.
type Panics []*PanicError

func (p Panics) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = fmt.Sprintf("iteration %d: %v", e.Index, e)
	}
	return strings.Join(msgs, "\n")
}

// Unwrap returns the panics, for errors.Is and errors.As.
func (p Panics) Unwrap() []error {
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errs
}

// For calls do(i) for each i in [0, n) on at most workers goroutines
// (GOMAXPROCS when workers <= 0) and waits for them. It stops handing out
// iterations once ctx is done; iterations already started run to their
// end. A panic in do(i) is recovered; the other iterations go on.
//
// It returns nil when every iteration ran without a panic; otherwise
// errors.Join of ctx.Err() (when ctx is done) and the Panics, sorted by
// index (find them with errors.As(err, &panics)).
func For(ctx context.Context, workers, n int, do func(i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panics Panics
	for range min(workers, n) {
		wg.Go(func() {
			for i := range next {
				if p := call(do, i); p != nil {
					mu.Lock()
					panics = append(panics, p)
					mu.Unlock()
				}
			}
		})
	}
	for i := 0; i < n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(panics) == 0 {
		return ctx.Err()
	}
	sort.Slice(panics, func(a, b int) bool { return panics[a].Index < panics[b].Index })
	if err := ctx.Err(); err != nil {
		return errors.Join(err, panics)
	}
	return panics
}

// call runs do(i) and returns its panic, if any.
func call(do func(int), i int) (p *PanicError) {
	defer func() {
		p = Recovered(recover(), i)
	}()
	do(i)
	return nil
}
