//go:build unix

package tracking_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// A FIFO where a value should be is skipped, not opened (which would
// block until a writer came).
func TestStoreReadsSkipFIFOs(t *testing.T) { bothReadPaths(t, testStoreReadsSkipFIFOs) }

func testStoreReadsSkipFIFOs(t *testing.T) {
	s, _, id, dir := hostileStore(t)
	for _, p := range []string{filepath.Join(dir, "params", "fifo"), filepath.Join(dir, "metrics", "fifo")} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
	done := make(chan error, 2)
	go func() {
		ctx := context.Background()
		_, err := s.GetRun(ctx, id)
		done <- err
		_, _, err = s.SearchRuns(ctx, tracking.RunQuery{Filter: "metrics.fifo > 0", OrderBy: []string{"params.fifo"}})
		done <- err
	}()
	for range 2 {
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("a read blocked on a FIFO")
		}
	}
}
