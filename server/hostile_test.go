package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/server"
)

// errCode decodes MLflow's error body.
func errCode(t *testing.T, body string) string {
	t.Helper()
	var e struct {
		ErrorCode string `json:"error_code"`
		Message   string `json:"message"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &e), body)
	require.NotEmpty(t, e.Message, body)
	return e.ErrorCode
}

// newRun creates a run in experiment 0 and returns its id and its
// artifact prefix behind the proxy ("0/<run>/artifacts").
func newRun(t *testing.T, ts *testServer) (string, string) {
	t.Helper()
	code, body := ts.post(t, "runs/create", `{"experiment_id":"0","start_time":1}`)
	require.Equal(t, 200, code, body)
	var out struct {
		Run struct {
			Info struct {
				RunID string `json:"run_id"`
			} `json:"info"`
		} `json:"run"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &out))
	return out.Run.Info.RunID, "0/" + out.Run.Info.RunID + "/artifacts"
}

// TestArtifactTraversal: paths that would leave the artifact root, plain
// or percent-encoded, absolute, with backslashes or NUL bytes, are 400,
// and nothing is written outside.
func TestArtifactTraversal(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true})
	_, prefix := newRun(t, ts)
	outside := filepath.Join(filepath.Dir(ts.dest), "outside.txt")
	proxy := "/api/2.0/mlflow-artifacts/artifacts/"
	for _, p := range []string{
		"../outside.txt",
		prefix + "/../../../../outside.txt",
		"%2e%2e/outside.txt",
		"%2E%2E%2Foutside.txt",
		prefix + "/..%2F..%2F..%2F..%2Foutside.txt",
		"%2Fetc%2Fpasswd",
		"/etc/passwd",
		`..%5Coutside.txt`,
		"a%00b",
		"./x",
		"a//b",
		"C:%2Fx",
	} {
		for _, method := range []string{http.MethodPut, http.MethodGet} {
			code, body, _ := ts.do(t, method, proxy+p, "text/plain", "evil")
			assert.Equal(t, http.StatusBadRequest, code, "%s %s: %s", method, p, body)
			if code == http.StatusBadRequest {
				assert.Equal(t, "INVALID_PARAMETER_VALUE", errCode(t, body))
				assert.Contains(t, body, "Invalid path")
			}
		}
	}
	for _, q := range []string{"..", "..%2F..", "%2Fetc", "a%2F..%2F..%2Fetc", "..%5C.."} {
		code, body, _ := ts.do(t, http.MethodGet, "/api/2.0/mlflow-artifacts/artifacts?path="+q, "", "")
		assert.Equal(t, http.StatusBadRequest, code, "list %s: %s", q, body)
	}
	_, err := os.Stat(outside)
	assert.True(t, os.IsNotExist(err), "a file was written outside the artifact root")

	// A symbolic link inside the root that points out: not followed for
	// reads, not written through.
	secret := filepath.Join(t.TempDir(), "secret.txt")
	require.NoError(t, os.WriteFile(secret, []byte("secret"), 0o600))
	require.NoError(t, os.MkdirAll(filepath.Join(ts.dest, prefix), 0o755))
	require.NoError(t, os.Symlink(secret, filepath.Join(ts.dest, prefix, "link.txt")))
	require.NoError(t, os.Symlink(filepath.Dir(secret), filepath.Join(ts.dest, prefix, "linkdir")))
	code, body, _ := ts.do(t, http.MethodGet, proxy+prefix+"/link.txt", "", "")
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.NotContains(t, body, "secret\n")
	code, body, _ = ts.do(t, http.MethodGet, proxy+prefix+"/linkdir/secret.txt", "", "")
	assert.Equal(t, http.StatusBadRequest, code, body)
	code, body, _ = ts.do(t, http.MethodPut, proxy+prefix+"/linkdir/new.txt", "text/plain", "x")
	assert.Equal(t, http.StatusBadRequest, code, body)
	code, body, _ = ts.do(t, http.MethodGet, "/api/2.0/mlflow-artifacts/artifacts?path="+prefix+"%2Flinkdir", "", "")
	assert.Equal(t, http.StatusBadRequest, code, body)
	_, err = os.Stat(filepath.Join(filepath.Dir(secret), "new.txt"))
	assert.True(t, os.IsNotExist(err))

	// A name that only looks encoded is a plain name, kept inside.
	code, body, _ = ts.do(t, http.MethodPut, proxy+prefix+"/%252e%252e", "text/plain", "ok")
	assert.Equal(t, http.StatusOK, code, body)
	b, err := os.ReadFile(filepath.Join(ts.dest, prefix, "%2e%2e"))
	require.NoError(t, err)
	assert.Equal(t, "ok", string(b))
}

// TestOversizedBodies: JSON bodies over the limit are 413; a log-batch
// over MLflow's 1 MB is 400 with MLflow's message; an artifact over its
// limit is 413 and leaves no file.
func TestOversizedBodies(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true, MaxBodyBytes: 2 << 20, MaxArtifactBytes: 1 << 20})
	run, prefix := newRun(t, ts)
	huge := `{"name":"` + strings.Repeat("x", 3<<20) + `"}`
	code, body := ts.post(t, "experiments/create", huge)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code, body)
	assert.Equal(t, "INVALID_PARAMETER_VALUE", errCode(t, body))
	// Every endpoint but log-inputs takes at most 2 MiB, whatever the
	// limit of log-inputs.
	tb := startServer(t, newFileStore(t), server.Options{MaxBodyBytes: 64 << 20})
	code, body = tb.post(t, "runs/search", `{"filter":"`+strings.Repeat(" ", 3<<20)+`"}`)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code, body)
	code, body = tb.post(t, "runs/log-inputs", `{"run_id":"`+run+`","datasets":[{"dataset":{"name":"d","digest":"1","source_type":"code","source":"{}","profile":"`+strings.Repeat("p", 3<<20)+`"}}]}`)
	assert.NotEqual(t, http.StatusRequestEntityTooLarge, code, "log-inputs takes MaxBodyBytes")
	// A body of tiny values is refused past 2^20 of them (their index
	// would take 20 bytes a value), with MLflow's error shape.
	code, body = tb.post(t, "runs/log-inputs", `{"run_id":"`+run+`","datasets":[`+strings.Repeat("0,", 1<<20)+`0]}`)
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Equal(t, "INVALID_PARAMETER_VALUE", errCode(t, body))
	assert.Contains(t, body, "more than 1048576 JSON values")
	code, body = tb.post(t, "runs/log-inputs", `{"run_id":"`+run+`","datasets":[`+strings.Repeat("0,", 1<<19)+`0]}`)
	assert.NotContains(t, body, "JSON values", "a body under the bound is read")

	var ps []string
	for i := range 90 {
		ps = append(ps, `{"key":"p`+strconv.Itoa(i)+`","value":"`+strings.Repeat("v", 12000)+`"}`)
	}
	code, body = ts.post(t, "runs/log-batch", `{"run_id":"`+run+`","params":[`+strings.Join(ps, ",")+`]}`)
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Contains(t, body, "Batched logging API requests must be at most 1000000 bytes")

	code, body, _ = ts.do(t, http.MethodPut, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/big.bin", "application/octet-stream", strings.Repeat("b", 1<<20+1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, code, body)
	_, err := os.Stat(filepath.Join(ts.dest, prefix, "big.bin"))
	assert.True(t, os.IsNotExist(err))
	entries, _ := os.ReadDir(ts.dest)
	for _, e := range entries {
		assert.False(t, strings.HasPrefix(e.Name(), ".tmp"), "a temporary file was left: %s", e.Name())
	}
	code, body, _ = ts.do(t, http.MethodPut, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/fits.bin", "application/octet-stream", strings.Repeat("b", 1<<20))
	assert.Equal(t, http.StatusOK, code, body)
}

// TestMalformedRequests: bad JSON, wrong types, missing fields and
// content types are 400 INVALID_PARAMETER_VALUE naming the field, never
// 500; unknown fields are ignored, as MLflow ignores them.
func TestMalformedRequests(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true})
	run, _ := newRun(t, ts)
	for _, c := range []struct {
		path, body, want string
	}{
		{"experiments/create", `{"name":`, "Malformed JSON"},
		{"experiments/create", `{"name":"a"} {"name":"b"}`, "more than one JSON value"},
		{"experiments/create", `[1,2]`, "want a JSON object"},
		{"experiments/create", `"just a string"`, "want a JSON object"},
		{"experiments/create", `{"name":42}`, "'name'"},
		{"experiments/create", `{"name":["a"]}`, "'name'"},
		{"experiments/create", `{"name":"x","tags":{"k":"v"}}`, "'tags'"},
		{"experiments/create", `{"name":"x","tags":[{"value":"v"}]}`, "'tags[0].key'"},
		{"experiments/create", `{}`, "Missing value for required parameter 'name'"},
		{"experiments/create", `{"name":""}`, "Missing value for required parameter 'name'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":"abc","timestamp":1}`, "'value'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1}`, "Missing value for required parameter 'timestamp'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","timestamp":1}`, "Missing value for required parameter 'value'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1,"timestamp":1.5}`, "'timestamp'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1,"timestamp":"soon"}`, "'timestamp'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":"inf","timestamp":1}`, "'value'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1e999,"timestamp":1}`, "'value'"},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1,"timestamp":99999999999999999999}`, "'timestamp'"},
		{"runs/log-parameter", `{"run_id":"` + run + `","key":"p","value":0.5}`, "'value'"},
		{"runs/log-batch", `{"run_id":"` + run + `","metrics":{"key":"m"}}`, "'metrics'"},
		{"runs/log-batch", `{"run_id":"` + run + `","metrics":[{"key":"m","value":true,"timestamp":1}]}`, "'metrics[0].value'"},
		{"runs/log-batch", `{"run_id":"` + run + `","metrics":[1]}`, "'metrics[0]'"},
		{"runs/log-batch", `{"metrics":[]}`, "Missing value for required parameter 'run_id'"},
		{"runs/search", `{"experiment_ids":"0"}`, "'experiment_ids'"},
		{"runs/search", `{"experiment_ids":[{}]}`, "'experiment_ids[0]'"},
		{"runs/search", `{"max_results":50001}`, "at most 50000"},
		{"runs/search", `{"max_results":-1}`, "positive integer"},
		{"runs/search", `{"filter":"metrics.x <<< 1"}`, ""},
		{"runs/search", `{"page_token":"garbage"}`, ""},
		{"runs/log-inputs", `{"run_id":"` + run + `","datasets":[{"tags":[]}]}`, "'datasets[0].dataset'"},
		{"runs/log-inputs", `{"run_id":"` + run + `","datasets":[{"dataset":{"name":1}}]}`, "'datasets[0].dataset.name'"},
		{"experiments/search", `{"view_type":{}}`, "'view_type'"},
	} {
		code, body := ts.post(t, c.path, c.body)
		assert.Equal(t, http.StatusBadRequest, code, "%s %s: %s", c.path, c.body, body)
		if code == http.StatusBadRequest {
			assert.Equal(t, "INVALID_PARAMETER_VALUE", errCode(t, body), body)
			assert.Contains(t, body, c.want, "%s %s", c.path, c.body)
		}
	}
	// Content types, as MLflow checks them.
	code, body, _ := ts.do(t, http.MethodPost, "/api/2.0/mlflow/experiments/create", "", `{"name":"x"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "Content-Type header is missing")
	code, body, _ = ts.do(t, http.MethodPost, "/api/2.0/mlflow/experiments/create", "text/plain", `{"name":"x"}`)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Contains(t, body, "Content-Type must be one of ['application/json']")
	code, body, _ = ts.do(t, http.MethodPost, "/api/2.0/mlflow/experiments/create", "application/json; charset=utf-8", `{"name":"typed"}`)
	assert.Equal(t, http.StatusOK, code, body)

	// Unknown fields and unknown enum names are ignored, as by MLflow;
	// numbers come as numbers or strings, experiment ids as numbers too.
	code, body = ts.post(t, "experiments/create", `{"name":"extra","surprise":{"deep":[1,2,3]},"tags":[{"key":"k","value":"v","x":1}]}`)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = ts.post(t, "runs/log-metric", `{"run_id":"`+run+`","key":"m","value":"1.5","timestamp":"1700000000000","step":"3"}`)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = ts.post(t, "runs/update", `{"run_id":"`+run+`","status":"DONE"}`)
	assert.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"status":"RUNNING"`)
	code, body = ts.post(t, "runs/create", `{"experiment_id":0}`)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = ts.post(t, "runs/search", `{"experiment_ids":[0],"max_results":"2"}`)
	assert.Equal(t, http.StatusOK, code, body)
	code, body = ts.post(t, "runs/log-metric", `null`)
	assert.Equal(t, http.StatusBadRequest, code, body)
	assert.Contains(t, body, "'run_id'")

	// Unknown ids and bad ids are 404 or 400, never 500.
	for _, p := range []string{"experiments/get?experiment_id=../../etc", "experiments/get?experiment_id=999", "runs/get?run_id=nope", "runs/get?run_id=%00",
		"metrics/get-history?run_id=0123456789abcdef0123456789abcdef&metric_key=m", "artifacts/list?run_id=0123456789abcdef0123456789abcdef"} {
		code, body := ts.get(t, p)
		assert.Contains(t, []int{400, 404}, code, "%s: %s", p, body)
	}
}

// TestRoutes: methods, unknown and unserved endpoints, /health,
// /version, the artifact proxy switched off, CORS off by default.
func TestRoutes(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{})
	code, body, hdr := ts.do(t, http.MethodGet, "/api/2.0/mlflow/runs/search", "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, code)
	assert.Equal(t, "POST", hdr.Get("Allow"))
	assert.Equal(t, "BAD_REQUEST", errCode(t, body))
	code, body, _ = ts.do(t, http.MethodPost, "/api/2.0/mlflow/runs/get", "application/json", "{}")
	assert.Equal(t, http.StatusMethodNotAllowed, code, body)
	code, _ = ts.get(t, "experiments/search?max_results=5&view_type=ALL")
	assert.Equal(t, http.StatusOK, code, "experiments/search answers GET too")
	code, _, _ = ts.do(t, http.MethodGet, "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", "", "")
	assert.Equal(t, http.StatusOK, code, "the UI's prefix")

	for _, p := range []string{"/api/2.0/mlflow/registered-models/create", "/api/2.0/mlflow/model-versions/get", "/api/3.0/mlflow/traces",
		"/api/2.0/mlflow/traces", "/ajax-api/2.0/mlflow/gateway/routes", "/api/2.0/mlflow-artifacts/mpu/create/x", "/api/2.0/mlflow/logged-models"} {
		code, body, _ := ts.do(t, http.MethodPost, p, "application/json", "{}")
		assert.Equal(t, http.StatusNotImplemented, code, p)
		assert.Equal(t, "NOT_IMPLEMENTED", errCode(t, body), p)
	}
	code, body, _ = ts.do(t, http.MethodGet, "/no/such/page", "", "")
	assert.Equal(t, http.StatusNotFound, code)
	assert.Equal(t, "ENDPOINT_NOT_FOUND", errCode(t, body))

	code, body, _ = ts.do(t, http.MethodGet, "/health", "", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, "OK", body)
	code, body, _ = ts.do(t, http.MethodGet, "/version", "", "")
	assert.Equal(t, 200, code)
	assert.Equal(t, "telltale", body)

	// Without --serve-artifacts the proxy answers 503, as MLflow's.
	code, body, _ = ts.do(t, http.MethodGet, "/api/2.0/mlflow-artifacts/artifacts?path=x", "", "")
	assert.Equal(t, http.StatusServiceUnavailable, code)
	assert.Contains(t, body, "--no-serve-artifacts")

	// CORS is off: a cross-origin request gets no CORS header, a
	// preflight no permission.
	_, _, hdr = ts.do(t, http.MethodGet, "/api/2.0/mlflow/experiments/get?experiment_id=0", "", "", "Origin", "https://evil.example")
	assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
	code, _, hdr = ts.do(t, http.MethodOptions, "/api/2.0/mlflow/runs/log-batch", "", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST")
	assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
	assert.NotEqual(t, http.StatusNoContent, code)

	// With an allowed origin: that origin, and no other.
	tc := startServer(t, newFileStore(t), server.Options{CORSAllowedOrigins: []string{"https://nb.example"}})
	code, _, hdr = tc.do(t, http.MethodOptions, "/api/2.0/mlflow/runs/log-batch", "", "", "Origin", "https://nb.example", "Access-Control-Request-Method", "POST")
	assert.Equal(t, http.StatusNoContent, code)
	assert.Equal(t, "https://nb.example", hdr.Get("Access-Control-Allow-Origin"))
	_, _, hdr = tc.do(t, http.MethodGet, "/api/2.0/mlflow/experiments/get?experiment_id=0", "", "", "Origin", "https://evil.example")
	assert.Empty(t, hdr.Get("Access-Control-Allow-Origin"))
}

// TestDownloadHeaders: artifacts come as downloads that a browser will
// not run in the server's origin.
func TestDownloadHeaders(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true})
	run, prefix := newRun(t, ts)
	page := `<script>alert(document.cookie)</script>`
	code, _, _ := ts.do(t, http.MethodPut, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/report.html", "text/html", page)
	require.Equal(t, 200, code)
	for _, p := range []string{"/api/2.0/mlflow-artifacts/artifacts/" + prefix + "/report.html", "/get-artifact?path=report.html&run_uuid=" + run} {
		code, body, hdr := ts.do(t, http.MethodGet, p, "", "")
		require.Equal(t, 200, code, p)
		assert.Equal(t, page, body)
		assert.Equal(t, "text/plain; charset=utf-8", hdr.Get("Content-Type"))
		assert.Equal(t, "attachment; filename=report.html", hdr.Get("Content-Disposition"))
		assert.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))
	}
	code, body, _ := ts.do(t, http.MethodGet, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/missing.txt", "", "")
	assert.Equal(t, http.StatusNotFound, code, "a missing artifact is 404 (MLflow's 500 would make its client retry for minutes)")
	assert.Equal(t, "RESOURCE_DOES_NOT_EXIST", errCode(t, body))
	code, body = ts.get(t, "artifacts/list?run_id="+run)
	assert.Equal(t, 200, code)
	assert.Contains(t, body, `"files":[{"path":"report.html","is_dir":false,"file_size":39}]`)
	assert.Contains(t, body, `"root_uri":"mlflow-artifacts:/`+prefix+`"`)
}

// TestAllowedHosts: with AllowedHosts a request for another host name (a
// DNS-rebinding page) is refused.
func TestAllowedHosts(t *testing.T) {
	ts := startServer(t, newFileStore(t), server.Options{AllowedHosts: []string{"localhost", "127.0.0.1", "::1", "*.corp.example"}})
	for host, want := range map[string]int{
		"":                       200, // httptest's own 127.0.0.1:port
		"localhost:5000":         200,
		"[::1]:5000":             200,
		"ml.corp.example":        200,
		"evil.example":           403,
		"localhost.evil.example": 403,
		"corp.example.evil":      403,
		"127.0.0.1.nip.io:5000":  403,
	} {
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/api/2.0/mlflow/experiments/get?experiment_id=0", nil)
		require.NoError(t, err)
		if host != "" {
			req.Host = host
		}
		resp, err := ts.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, want, resp.StatusCode, host)
	}
}
