package tracking_test

import (
	"testing"
	"time"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/searchtest"
)

// The file store answers every search case as MLflow does (see
// tracking/searchtest).
func TestSearchConformance(t *testing.T) {
	searchtest.Run(t, func(t *testing.T, now func() time.Time) searchtest.Store {
		s, err := tracking.OpenWith(t.TempDir(), tracking.Options{Now: now, User: "searchtest"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return searchtest.FileStore(s)
	})
}
