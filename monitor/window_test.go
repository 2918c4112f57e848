package monitor_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
)

// rowsJSON returns JSON lines with ids from first to first+n-1, amount =
// id * 1.5, plan p<id%k> and ts = base + id minutes.
func rowsJSON(first, n, k int, base time.Time) []byte {
	var b strings.Builder
	for id := first; id < first+n; id++ {
		fmt.Fprintf(&b, `{"id": %d, "amount": %g, "plan": "p%d", "ts": %q}`+"\n", id, float64(id)*1.5, id%k,
			base.Add(time.Duration(id)*time.Minute).Format(time.RFC3339))
	}
	return []byte(b.String())
}

func ids(t *testing.T, f *dataset.Frame) []int64 {
	t.Helper()
	c, ok := f.Column("id")
	require.True(t, ok)
	v, ok := c.(*dataset.NumericColumn).Ints()
	require.True(t, ok)
	return v
}

func seq(first, n int) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(first + i)
	}
	return out
}

func TestWindowEvictsByRows(t *testing.T) {
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := newMonitor(t, monitor.Config{Window: monitor.Window{Rows: 5000}}, nil)
	// Batches of different sizes, past the initial ring size and the
	// window, then one batch larger than the window.
	next := 1
	for _, n := range []int{1, 999, 1500, 3000, 700} {
		got, err := m.Ingest(rowsJSON(next, n, 7, base), monitor.FormatJSON)
		require.NoError(t, err)
		next += n
		assert.Equal(t, min(next-1, 5000), got.WindowRows)
	}
	f := window(t, m)
	assert.Equal(t, seq(next-5000, 5000), ids(t, f))
	s := m.Stats()
	assert.Equal(t, int64(next-1), s.Accepted)
	assert.Equal(t, int64(next-1-5000), s.Evicted)

	_, err := m.Ingest(rowsJSON(next, 12000, 7, base), monitor.FormatJSON)
	require.NoError(t, err)
	next += 12000
	f = window(t, m)
	assert.Equal(t, seq(next-5000, 5000), ids(t, f))
	// The window's values are the rows' values.
	amount, _ := f.Column("amount")
	assert.Equal(t, float64(next-1)*1.5, amount.(*dataset.NumericColumn).Values()[4999])
	plan, _ := f.Column("plan")
	assert.Equal(t, fmt.Sprintf("p%d", (next-1)%7), plan.Format(4999))
	assert.Len(t, plan.(*dataset.StringColumn).Levels(), 7)
}

func TestWindowEvictsByArrivalTime(t *testing.T) {
	clock := newFakeClock()
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := newMonitor(t, monitor.Config{Window: monitor.Window{Duration: time.Hour}}, &monitor.Options{Clock: clock.Now})
	w, _ := m.Settings()
	assert.Equal(t, monitor.MaxWindowRows, w.Rows, "a duration alone bounds rows by MaxWindowRows")
	for i := 0; i < 6; i++ {
		_, err := m.Ingest(rowsJSON(1+10*i, 10, 3, base), monitor.FormatJSON)
		require.NoError(t, err)
		clock.Add(15 * time.Minute)
	}
	// Now = start + 90m: the batches that arrived at 30m, 45m, 60m and 75m
	// are within the hour (a row is out when older than the duration).
	assert.Equal(t, seq(21, 40), ids(t, window(t, m)))
	assert.Equal(t, 40, m.Stats().WindowRows)
	clock.Add(44 * time.Minute)
	assert.Equal(t, seq(51, 10), ids(t, window(t, m)))
	clock.Add(time.Hour)
	assert.Equal(t, 0, m.Stats().WindowRows)
	assert.Equal(t, int64(60), m.Stats().Evicted)
}

func TestWindowEvictsByDatetime(t *testing.T) {
	m := newMonitor(t, monitor.Config{
		Definition: &dataset.Definition{Datetime: "ts"},
		Window:     monitor.Window{Rows: 100, Duration: time.Hour, ByDatetime: true},
	}, nil)
	post := func(lines ...string) error {
		_, err := m.Ingest([]byte(strings.Join(lines, "\n")), monitor.FormatJSON)
		return err
	}
	require.NoError(t, post(`{"id": 1, "ts": "2024-01-01T00:00:00Z"}`, `{"id": 2, "ts": "2024-01-01T00:30:00Z"}`))
	// Out of order: id 4 is older than id 3.
	require.NoError(t, post(`{"id": 3, "ts": "2024-01-01T01:10:00Z"}`, `{"id": 4, "ts": "2024-01-01T00:05:00Z"}`))
	// Newest 01:10: the cutoff is 00:10, so ids 1 and 4 are out.
	assert.Equal(t, []int64{2, 3}, ids(t, window(t, m)))
	assert.Equal(t, 2, m.Stats().WindowRows)
	require.NoError(t, post(`{"id": 5, "ts": "2024-01-01T02:00:00Z"}`))
	assert.Equal(t, []int64{3, 5}, ids(t, window(t, m)), "cutoff 01:00")

	// A row without a datetime is refused, naming the row and column.
	err := post(`{"id": 6, "ts": "2024-01-01T02:00:00Z"}`, `{"id": 7}`)
	var ie *monitor.IngestError
	require.ErrorAs(t, err, &ie)
	assert.ErrorIs(t, err, monitor.ErrValue)
	assert.Equal(t, 2, ie.Row)
	assert.Equal(t, "ts", ie.Column)
	assert.Equal(t, []int64{3, 5}, ids(t, window(t, m)))

	_, err = monitor.New(monitor.Config{Name: "x", Reference: readRef(t, refCSV), Window: monitor.Window{Duration: time.Hour, ByDatetime: true}}, nil)
	assert.ErrorContains(t, err, "datetime column")
}

// TestWindowDictionaryStaysBounded: a column of ever new values keeps as
// many levels as the window holds rows.
func TestWindowDictionaryStaysBounded(t *testing.T) {
	m := newMonitor(t, monitor.Config{Window: monitor.Window{Rows: 100}}, nil)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 50; i++ {
		_, err := m.Ingest(rowsJSON(1+i*100, 100, 1_000_000, base), monitor.FormatJSON)
		require.NoError(t, err)
	}
	f := window(t, m)
	plan, _ := f.Column("plan")
	assert.Len(t, plan.(*dataset.StringColumn).Levels(), 100)
	assert.Equal(t, "p4901", plan.Format(0))
}

// TestConcurrentPosters: 8 goroutines post at once; every accepted row is
// in the window exactly once, and rejected batches leave no trace.
func TestConcurrentPosters(t *testing.T) {
	const posters, batches, size = 8, 50, 37
	m := newMonitor(t, monitor.Config{Window: monitor.Window{Rows: posters * batches * size}}, nil)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, posters*batches*2)
	for p := 0; p < posters; p++ {
		wg.Go(func() {
			for b := 0; b < batches; b++ {
				first := 1 + (p*batches+b)*size
				if _, err := m.Ingest(rowsJSON(first, size, 5, base), monitor.FormatJSON); err != nil {
					errs <- err
				}
				// A bad batch in between: nothing of it may enter.
				if _, err := m.Ingest([]byte(`{"id": 999999999}`+"\n"+`{"id": "x"}`), monitor.FormatJSON); err == nil {
					errs <- fmt.Errorf("a bad batch was accepted")
				}
				_ = m.Stats()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got := ids(t, window(t, m))
	require.Len(t, got, posters*batches*size)
	seen := make([]bool, posters*batches*size+1)
	for _, id := range got {
		require.False(t, seen[id], "id %d twice", id)
		seen[id] = true
	}
	assert.Equal(t, int64(posters*batches*size), m.Stats().Accepted)
}
