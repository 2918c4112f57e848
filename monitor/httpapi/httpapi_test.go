package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/monitor/httpapi"
)

const refCSV = "id,amount,plan\n1,10.5,free\n2,20,pro\n3,30,free\n4,40,team\n5,50,pro\n6,60,free\n7,70,pro\n8,80,free\n9,90,team\n10,100,free\n11,110,pro\n12,120,team\n"

type server struct {
	*httptest.Server
	api *httpapi.API
	m   *monitor.Monitor
	reg *prometheus.Registry
}

func newServer(t *testing.T, opts httpapi.Options) *server {
	t.Helper()
	ref, err := dataset.ReadCSV(context.Background(), strings.NewReader(refCSV), "ref.csv", nil)
	require.NoError(t, err)
	m, err := monitor.New(monitor.Config{Name: "churn", Reference: ref, Window: monitor.Window{Rows: 1000}}, nil)
	require.NoError(t, err)
	reg := prometheus.NewRegistry()
	reg.MustRegister(m)
	opts.Gatherer = reg
	api := httpapi.New(opts)
	s := &server{Server: httptest.NewServer(api), api: api, m: m, reg: reg}
	t.Cleanup(s.Close)
	return s
}

type response struct {
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func (s *server) do(t *testing.T, method, path, contentType string, body []byte, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := response{status: resp.StatusCode, header: resp.Header, body: b}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		require.NoError(t, json.Unmarshal(b, &r.json), string(b))
	}
	return r
}

func TestIngestAndReadBack(t *testing.T) {
	s := newServer(t, httpapi.Options{})
	r := s.do(t, "GET", "/readyz", "", nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	r = s.do(t, "POST", "/v1/datasets/churn/rows", "application/json", []byte(`{"id": 1}`))
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Equal(t, "not_ready", r.json["kind"])
	assert.Equal(t, http.StatusOK, s.do(t, "GET", "/healthz", "", nil).status)

	s.api.SetMonitors(s.m)
	r = s.do(t, "GET", "/readyz", "", nil)
	assert.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, []any{"churn"}, r.json["datasets"])

	r = s.do(t, "GET", "/v1/datasets/churn/snapshot", "", nil)
	assert.Equal(t, http.StatusServiceUnavailable, r.status)
	assert.Contains(t, r.json["error"], "no report yet")
	assert.Equal(t, http.StatusConflict, s.do(t, "POST", "/v1/datasets/churn/recompute", "", nil).status)

	r = s.do(t, "POST", "/v1/datasets/churn/rows", "application/x-ndjson", []byte("{\"id\": 13, \"amount\": 5, \"plan\": \"pro\", \"x\": 1}\n{\"id\": 14}\n"))
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, 2.0, r.json["rows"])
	assert.Equal(t, []any{"x"}, r.json["ignored_columns"])
	r = s.do(t, "POST", "/v1/datasets/churn/rows", "text/csv", []byte("id,amount,plan\n15,1.5,free\n16,2.5,team\n"))
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, 4.0, r.json["window_rows"])

	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, _ = zw.Write([]byte(`[{"id": 17}, {"id": 18}]`))
	require.NoError(t, zw.Close())
	r = s.do(t, "POST", "/v1/datasets/churn/rows", "application/json", gz.Bytes(), "Content-Encoding", "gzip")
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, 6.0, r.json["window_rows"])

	r = s.do(t, "POST", "/v1/datasets/churn/recompute", "", nil)
	require.Equal(t, http.StatusOK, r.status, string(r.body))
	assert.Equal(t, 1.0, r.json["seq"])
	assert.Equal(t, 6.0, r.json["rows"])

	r = s.do(t, "GET", "/v1/datasets/churn/snapshot", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	assert.Equal(t, "telltale.profile/v1", r.json["schema"])
	assert.Equal(t, "1", r.header.Get("X-Telltale-Seq"))

	page := s.do(t, "GET", "/datasets/churn/report", "", nil)
	require.Equal(t, http.StatusOK, page.status)
	assert.Contains(t, string(page.body), "<title>telltale: churn, window of 6 rows")
	again := s.do(t, "GET", "/datasets/churn/report", "", nil)
	assert.Equal(t, page.body, again.body)

	r = s.do(t, "GET", "/v1/datasets", "", nil)
	require.Equal(t, http.StatusOK, r.status)
	ds := r.json["datasets"].([]any)[0].(map[string]any)
	assert.Equal(t, 6.0, ds["window_rows"])
	assert.Equal(t, 1.0, ds["last_recomputation"].(map[string]any)["seq"])

	index := s.do(t, "GET", "/", "", nil)
	assert.Contains(t, string(index.body), `<a href="datasets/churn/report">report</a>`)

	metrics := s.do(t, "GET", "/metrics", "", nil)
	assert.Contains(t, string(metrics.body), `telltale_window_rows{dataset="churn"} 6`)
	assert.Contains(t, string(metrics.body), `telltale_rows_accepted_total{dataset="churn"} 6`)
	assert.Equal(t, http.StatusNotFound, s.do(t, "GET", "/nope", "", nil).status)
}

// TestBadRequests: each gets its status and a JSON error naming the place,
// and the window does not change.
func TestBadRequests(t *testing.T) {
	s := newServer(t, httpapi.Options{Token: "s3cret", MaxBody: 200})
	s.api.SetMonitors(s.m)
	auth := []string{"Authorization", "Bearer s3cret"}
	r := s.do(t, "POST", "/v1/datasets/churn/rows", "text/csv", []byte("id,amount\n1,2\n"), auth...)
	require.Equal(t, http.StatusOK, r.status, string(r.body))

	cases := []struct {
		name        string
		path, ctype string
		body        string
		header      []string
		status      int
		kind        string
		row, line   float64
		column, msg string
	}{
		{"malformed json", "/v1/datasets/churn/rows", "application/json", "{\"id\": 1}\n{\"id\": }\n", auth, 400, "malformed", 2, 2, "", "want a value"},
		{"malformed csv", "/v1/datasets/churn/rows", "text/csv", "id,plan\n1,\"x\n", auth, 400, "malformed", 1, 2, "", "unterminated quoted field"},
		{"wrong type", "/v1/datasets/churn/rows", "application/json", "{\"id\": 1}\n{\"amount\": \"ten\"}\n", auth, 400, "invalid_value", 2, 2, "amount", `got "ten"`},
		{"wrong type csv", "/v1/datasets/churn/rows", "text/csv", "id,amount\n1,2\n2,x\n", auth, 400, "invalid_value", 2, 3, "amount", `got "x"`},
		{"oversize", "/v1/datasets/churn/rows", "text/csv", "id\n" + strings.Repeat("1\n", 200), auth, 413, "too_large", 0, 0, "", "over the limit of 200 bytes"},
		{"media type", "/v1/datasets/churn/rows", "application/xml", "<a/>", auth, 415, "unsupported_format", 0, 0, "", "application/xml"},
		{"unknown dataset", "/v1/datasets/nope/rows", "text/csv", "id\n1\n", auth, 404, "unknown_dataset", 0, 0, "", `no dataset "nope" (datasets: churn)`},
		{"missing token", "/v1/datasets/churn/rows", "text/csv", "id\n1\n", nil, 401, "unauthorized", 0, 0, "", "Authorization: Bearer"},
		{"wrong token", "/v1/datasets/churn/rows", "text/csv", "id\n1\n", []string{"Authorization", "Bearer nope"}, 401, "unauthorized", 0, 0, "", "not the server's"},
		{"recompute needs token", "/v1/datasets/churn/recompute", "", "", nil, 401, "unauthorized", 0, 0, "", "Bearer"},
		{"no rows", "/v1/datasets/churn/rows", "text/csv", "id,amount\n", auth, 400, "no_rows", 0, 0, "", "no rows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.do(t, "POST", c.path, c.ctype, []byte(c.body), c.header...)
			assert.Equal(t, c.status, r.status, string(r.body))
			require.NotNil(t, r.json, string(r.body))
			assert.Equal(t, c.kind, r.json["kind"])
			assert.Contains(t, r.json["error"], c.msg)
			if c.row > 0 {
				assert.Equal(t, c.row, r.json["row"])
			}
			if c.line > 0 {
				assert.Equal(t, c.line, r.json["line"])
			}
			if c.column != "" {
				assert.Equal(t, c.column, r.json["column"])
			}
			if c.status == 401 {
				assert.Contains(t, r.header.Get("WWW-Authenticate"), "Bearer")
			}
			assert.Equal(t, 1, s.m.Stats().WindowRows)
			assert.Equal(t, int64(1), s.m.Stats().Accepted)
		})
	}
	metrics := string(s.do(t, "GET", "/metrics", "", nil).body)
	assert.Contains(t, metrics, `telltale_batches_rejected_total{dataset="churn",reason="too_large"} 1`)
	assert.Contains(t, metrics, `telltale_batches_rejected_total{dataset="churn",reason="invalid_value"} 2`)
}

func TestConcurrentPostersOverHTTP(t *testing.T) {
	s := newServer(t, httpapi.Options{})
	s.api.SetMonitors(s.m)
	const posters, batches, size = 8, 10, 10
	var wg sync.WaitGroup
	for p := 0; p < posters; p++ {
		wg.Go(func() {
			for b := 0; b < batches; b++ {
				var body strings.Builder
				for i := 0; i < size; i++ {
					fmt.Fprintf(&body, "{\"id\": %d, \"amount\": %d}\n", (p*batches+b)*size+i, i)
				}
				resp, err := http.Post(s.URL+"/v1/datasets/churn/rows", "application/x-ndjson", strings.NewReader(body.String()))
				if err != nil {
					t.Error(err)
					return
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("status %d", resp.StatusCode)
				}
			}
		})
	}
	wg.Wait()
	f, err := s.m.Window()
	require.NoError(t, err)
	require.Equal(t, posters*batches*size, f.Len())
	c, _ := f.Column("id")
	seen := map[string]bool{}
	for i := 0; i < f.Len(); i++ {
		seen[c.Format(i)] = true
	}
	assert.Len(t, seen, posters*batches*size)
}
