package monitor_test

import (
	"errors"
	"testing"

	"github.com/telltale-ml/telltale/monitor"
)

// fuzzIngest checks, for any body: no panic; an error is an *IngestError
// of a known kind and leaves the window as it was; a success adds as many
// rows as it says and the window still copies into a frame.
func fuzzIngest(t *testing.T, m *monitor.Monitor, body []byte, format monitor.Format) {
	before := m.Stats()
	got, err := m.Ingest(body, format)
	after := m.Stats()
	if err != nil {
		var ie *monitor.IngestError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v (%T) is not an *IngestError", err, err)
		}
		known := false
		for _, k := range []error{monitor.ErrMalformed, monitor.ErrValue, monitor.ErrTooLarge, monitor.ErrFormat, monitor.ErrNoRows} {
			known = known || errors.Is(err, k)
		}
		if !known {
			t.Fatalf("error %v of no known kind", err)
		}
		if after != before {
			t.Fatalf("a rejected batch changed the window: %+v -> %+v", before, after)
		}
		return
	}
	if got.Rows <= 0 || after.Accepted != before.Accepted+int64(got.Rows) {
		t.Fatalf("accepted %d rows: %+v -> %+v", got.Rows, before, after)
	}
	f, err := m.Window()
	if err != nil {
		t.Fatal(err)
	}
	if f.Len() != after.WindowRows {
		t.Fatalf("window frame of %d rows, stats say %d", f.Len(), after.WindowRows)
	}
}

func FuzzIngestJSON(f *testing.F) {
	for _, s := range []string{curJSONL, `[{"id": 1}, {"plan": "a\u00e9\ud83d\ude00"}]`, `{"amount": -1.5e-3, "ts": "2024-01-01"}`,
		`{"id": NaN, "amount": -Infinity}`, `{"x": {"y": [1, {"z": null}]}, "id": 2}`, `{"id": 1,}`, `[`, `{"plan": "\ud800"}`} {
		f.Add([]byte(s))
	}
	ref := readRef(f, refCSV)
	f.Fuzz(func(t *testing.T, body []byte) {
		m := newMonitor(t, monitor.Config{Reference: ref, Window: monitor.Window{Rows: 50}}, nil)
		fuzzIngest(t, m, body, monitor.FormatJSON)
		fuzzIngest(t, m, body, monitor.FormatJSON)
	})
}

func FuzzIngestCSV(f *testing.F) {
	for _, s := range []string{curCSV, "id;amount\n1;2\n", "plan\n\"a\"\"b\"\n\"c\nd\"\n", "id,amount\n1\n", "\xef\xbb\xbfid\n1\r\n", "a,\"b\n"} {
		f.Add([]byte(s))
	}
	ref := readRef(f, refCSV)
	f.Fuzz(func(t *testing.T, body []byte) {
		m := newMonitor(t, monitor.Config{Reference: ref, Window: monitor.Window{Rows: 50}}, nil)
		fuzzIngest(t, m, body, monitor.FormatCSV)
		fuzzIngest(t, m, body, monitor.FormatAuto)
	})
}
