package monitor_test

import (
	"context"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
)

// refCSV is a small reference with each column type: an integer, a float,
// a category, a datetime.
const refCSV = `id,amount,plan,ts
1,10.5,free,2024-01-01T00:00:00Z
2,20.25,pro,2024-01-01T01:00:00Z
3,30,free,2024-01-01T02:00:00Z
4,40,team,2024-01-01T03:00:00Z
5,50,pro,2024-01-01T04:00:00Z
6,60,free,2024-01-01T05:00:00Z
7,70,pro,2024-01-01T06:00:00Z
8,80,free,2024-01-01T07:00:00Z
9,90,team,2024-01-01T08:00:00Z
10,100,free,2024-01-01T09:00:00Z
11,110,pro,2024-01-01T10:00:00Z
12,120,free,2024-01-01T11:00:00Z
`

func readRef(t testing.TB, csv string) *dataset.Frame {
	t.Helper()
	f, err := dataset.ReadCSV(context.Background(), strings.NewReader(csv), "ref.csv", nil)
	require.NoError(t, err)
	return f
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newMonitor(t testing.TB, cfg monitor.Config, opts *monitor.Options) *monitor.Monitor {
	t.Helper()
	if cfg.Name == "" {
		cfg.Name = "test"
	}
	if cfg.Reference == nil {
		cfg.Reference = readRef(t, refCSV)
	}
	m, err := monitor.New(cfg, opts)
	require.NoError(t, err)
	return m
}

// window returns the monitor's window.
func window(t testing.TB, m *monitor.Monitor) *dataset.Frame {
	t.Helper()
	f, err := m.Window()
	require.NoError(t, err)
	return f
}

// assertSameFrame checks that two frames hold the same columns, types and
// values (missing where missing).
func assertSameFrame(t *testing.T, want, got *dataset.Frame) {
	t.Helper()
	require.Equal(t, want.Names(), got.Names())
	require.Equal(t, want.Len(), got.Len())
	for i, wc := range want.Columns() {
		gc := got.Columns()[i]
		assert.Equal(t, wc.Type(), gc.Type(), wc.Name())
		assert.Equal(t, wc.NullN(), gc.NullN(), wc.Name())
		if wn, ok := wc.(*dataset.NumericColumn); ok {
			gn := gc.(*dataset.NumericColumn)
			assert.Equal(t, wn.Integer(), gn.Integer(), "%s: integer", wc.Name())
			for r, v := range wn.Values() {
				g := gn.Values()[r]
				if !(math.IsNaN(v) && math.IsNaN(g)) {
					assert.Equal(t, v, g, "%s row %d", wc.Name(), r)
				}
			}
			continue
		}
		if wt, ok := wc.(*dataset.TimeColumn); ok {
			assert.Equal(t, wt.DateOnly(), gc.(*dataset.TimeColumn).DateOnly(), wc.Name())
		}
		for r := 0; r < wc.Len(); r++ {
			assert.Equal(t, wc.IsNull(r), gc.IsNull(r), "%s row %d", wc.Name(), r)
			assert.Equal(t, wc.Format(r), gc.Format(r), "%s row %d", wc.Name(), r)
		}
	}
}
