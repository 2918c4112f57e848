package server_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/telltale-ml/telltale/server"
)

func hash(t testing.TB, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	require.NoError(t, err)
	return string(h)
}

// usersFile writes an auth file: reader (READ), writer (EDIT), admin
// (MANAGE), each with password "<name>-pw", and returns its users.
func usersFile(t testing.TB) *server.Users {
	t.Helper()
	text := "# telltale users\n\n" +
		"reader:" + hash(t, "reader-pw") + "\n" +
		"writer:" + hash(t, "writer-pw") + ":EDIT\n" +
		"admin:" + hash(t, "admin-pw") + ":manage\n"
	p := filepath.Join(t.TempDir(), "users.txt")
	require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
	u, err := server.ReadUsersFile(p)
	require.NoError(t, err)
	return u
}

func basic(user, pw string) []string {
	return []string{"Authorization", "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw))}
}

func TestReadUsersErrors(t *testing.T) {
	good := hash(t, "x")
	for text, want := range map[string]string{
		"":                                 "no users",
		"# only a comment\n":               "no users",
		"alice\n":                          "line 1",
		"alice:" + good + ":EDIT:more\n":   "line 1",
		":" + good + "\n":                  "empty user name",
		"a:" + good + "\na:" + good + "\n": "line 2: user \"a\" appears twice",
		"bob:plaintext\n":                  "not a bcrypt hash",
		"bob:{SHA}abcdefg=\n":              "not a bcrypt hash",
		"bob:" + good + ":ROOT\n":          "unknown permission \"ROOT\"",
	} {
		_, err := server.ReadUsers(strings.NewReader(text))
		require.Error(t, err, text)
		assert.Contains(t, err.Error(), want, text)
		assert.NotContains(t, err.Error(), good, "errors never show a hash")
	}
	// The line "htpasswd -nbB alice s3cret" printed (Apache 2.4, Debian's
	// apache2-utils): its $2y$ hash is bcrypt.
	u, err := server.ReadUsers(strings.NewReader("alice:$2y$05$JOUlouOqwzBIvRCtieu6de2d0.FVg88hJYrRJXnPD7GEn317Evi1e\n"))
	require.NoError(t, err)
	_, ok := u.Check("alice", "s3cret")
	assert.True(t, ok, "htpasswd -nbB alice s3cret")
	_, ok = u.Check("alice", "wrong")
	assert.False(t, ok)
}

// TestAuth: no credentials or bad ones are 401 with MLflow's challenge,
// a read-only user is 403 on every write, /health stays open, and the
// access log names the user but never a password.
func TestAuth(t *testing.T) {
	var logs bytes.Buffer
	ts := startServer(t, newFileStore(t), server.Options{ServeArtifacts: true, Users: usersFile(t),
		Logger: slog.New(slog.NewJSONHandler(&logs, nil))})

	code, body, hdr := ts.do(t, http.MethodGet, "/api/2.0/mlflow/experiments/get?experiment_id=0", "", "")
	assert.Equal(t, http.StatusUnauthorized, code)
	assert.Equal(t, `Basic realm="mlflow"`, hdr.Get("WWW-Authenticate"))
	assert.Contains(t, body, "You are not authenticated")
	for _, cred := range [][]string{basic("reader", "wrong"), basic("nobody", "reader-pw"), basic("reader", ""), {"Authorization", "Bearer reader-pw"}} {
		code, _, _ := ts.do(t, http.MethodGet, "/api/2.0/mlflow/experiments/get?experiment_id=0", "", "", cred...)
		assert.Equal(t, http.StatusUnauthorized, code, cred)
	}
	for _, p := range []string{"/metrics", "/version", "/get-artifact?path=x&run_uuid=y", "/api/2.0/mlflow-artifacts/artifacts?path=0", "/api/2.0/mlflow/registered-models/get"} {
		code, _, _ := ts.do(t, http.MethodGet, p, "", "")
		assert.Equal(t, http.StatusUnauthorized, code, p)
	}
	code, body, _ = ts.do(t, http.MethodGet, "/health", "", "")
	assert.Equal(t, 200, code, "health needs no login, as MLflow's")
	assert.Equal(t, "OK", body)

	reader, writer, admin := basic("reader", "reader-pw"), basic("writer", "writer-pw"), basic("admin", "admin-pw")
	code, _ = ts.get(t, "experiments/get?experiment_id=0", reader...)
	assert.Equal(t, 200, code)
	code, _ = ts.post(t, "runs/search", `{"experiment_ids":["0"]}`, reader...)
	assert.Equal(t, 200, code, "a search is a read")

	// The reader may not write anything.
	code, body = ts.post(t, "runs/create", `{"experiment_id":"0"}`, writer...)
	require.Equal(t, 200, code, body)
	run := lookupString(t, body, "run.info.run_id")
	prefix := "0/" + run + "/artifacts"
	for _, w := range []struct{ path, body string }{
		{"experiments/create", `{"name":"r"}`},
		{"experiments/set-experiment-tag", `{"experiment_id":"0","key":"k","value":"v"}`},
		{"experiments/delete", `{"experiment_id":"0"}`},
		{"runs/create", `{"experiment_id":"0"}`},
		{"runs/log-batch", `{"run_id":"` + run + `","params":[{"key":"p","value":"1"}]}`},
		{"runs/log-metric", `{"run_id":"` + run + `","key":"m","value":1,"timestamp":1}`},
		{"runs/set-tag", `{"run_id":"` + run + `","key":"k","value":"v"}`},
		{"runs/update", `{"run_id":"` + run + `","status":"FINISHED"}`},
		{"runs/delete", `{"run_id":"` + run + `"}`},
	} {
		code, body := ts.post(t, w.path, w.body, reader...)
		assert.Equal(t, http.StatusForbidden, code, w.path)
		assert.Equal(t, "Permission denied", body)
	}
	code, _, _ = ts.do(t, http.MethodPut, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/a.txt", "text/plain", "a", reader...)
	assert.Equal(t, http.StatusForbidden, code, "a reader may not upload")
	code, _, _ = ts.do(t, http.MethodPut, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/a.txt", "text/plain", "a", writer...)
	assert.Equal(t, http.StatusOK, code, "a writer may upload")
	code, body, _ = ts.do(t, http.MethodGet, "/api/2.0/mlflow-artifacts/artifacts/"+prefix+"/a.txt", "", "", reader...)
	assert.Equal(t, http.StatusOK, code, "a reader may download")
	assert.Equal(t, "a", body)

	// EDIT logs but may not delete; MANAGE may.
	code, _ = ts.post(t, "runs/log-batch", `{"run_id":"`+run+`","params":[{"key":"p","value":"1"}]}`, writer...)
	assert.Equal(t, 200, code)
	code, _ = ts.post(t, "runs/delete", `{"run_id":"`+run+`"}`, writer...)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = ts.post(t, "runs/delete", `{"run_id":"`+run+`"}`, admin...)
	assert.Equal(t, 200, code)
	code, _ = ts.post(t, "runs/restore", `{"run_id":"`+run+`"}`, admin...)
	assert.Equal(t, 200, code)

	log := logs.String()
	for _, secret := range []string{"reader-pw", "writer-pw", "admin-pw", "Authorization", "Basic "} {
		assert.NotContains(t, log, secret)
	}
	assert.Contains(t, log, `"user":"writer"`)
	assert.Contains(t, log, `"status":403`)
}

func lookupString(t *testing.T, body, path string) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	s, ok := lookup(v, path)
	require.True(t, ok, "%s in %s", path, body)
	return s.(string)
}
