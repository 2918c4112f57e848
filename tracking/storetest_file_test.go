package tracking_test

import (
	"path/filepath"
	"testing"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/storetest"
)

// TestFileStoreConformance runs the store conformance suite on the file
// store.
func TestFileStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tracking.Store {
		s, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

// TestFileStoreConformanceOSRoot runs the suite with every read through
// os.Root, as on systems without openat2.
func TestFileStoreConformanceOSRoot(t *testing.T) {
	storetest.Run(t, func(t *testing.T) tracking.Store {
		s, err := tracking.Open(filepath.Join(t.TempDir(), "mlruns"))
		if err != nil {
			t.Fatal(err)
		}
		tracking.WithoutOpenat2(s)
		t.Cleanup(func() { s.Close() })
		return s
	})
}
