// Package server is an MLflow-compatible tracking server: MLflow's REST
// API over any tracking.Store, MLflow's artifact proxy, /health,
// /version, /metrics, and a web UI mounted at "/". "telltale server" runs
// it; MLflow's clients and telltale's tracking/rest store talk to it.
//
// # Routes
//
//	/api/2.0/mlflow/<path>              the tracking API (routes.go, apiEndpoints)
//	/ajax-api/2.0/mlflow/<path>         the same, as MLflow's web UI calls it
//	/api/2.0/mlflow-artifacts/artifacts the artifact proxy: PUT/GET .../<path>, GET ?path=<dir>
//	/get-artifact?run_uuid=&path=       a run's artifact file, for a UI
//	/health, /version, /metrics
//	anything else under /api/ or /ajax-api/   501 NOT_IMPLEMENTED, MLflow's error shape
//	everything else                     Options.UI, or 404
//
// Answers are MLflow's: the JSON shapes of mlflow/protos/service.proto as
// MLflow's server writes them, its status codes and error codes
// ({"error_code": ..., "message": ...}). Requests are read as MLflow
// reads them: GET fields from the query string, POST fields from a JSON
// body with Content-Type application/json, unknown fields ignored, numbers
// also as strings. testdata/mlflow-exchange.json, a recorded exchange of
// MLflow's Python client with MLflow's server, is replayed in the tests.
//
// # Artifacts
//
// With Options.ServeArtifacts the artifact URI mlflow-artifacts:/<p> is
// the file <Options.ArtifactsDestination>/<p>; the store should give new
// experiments the artifact root "mlflow-artifacts:/" (backend.Options or
// tracking.Options ArtifactRoot), as "telltale server" does. Every access
// goes through an os.Root at the destination: no path leaves it. Runs
// whose artifacts are in a local folder are read from it (artifacts/list,
// /get-artifact); clients write those themselves.
//
// # Mounting the web UI
//
// The UI is any http.Handler, given as Options.UI; it gets every request
// whose path is not one of the routes above, after authentication (GET and
// HEAD need the Read permission, other methods Edit), and shares the
// server's metrics (endpoint "ui") and access log. The UI reads and
// writes through the same tracking.Store the server was made with, or
// calls the API routes from the browser (/ajax-api/2.0/mlflow/...);
// artifact files come from /get-artifact or the proxy, as downloads
// (Content-Disposition: attachment, X-Content-Type-Options: nosniff, HTML
// as text/plain), so a page that shows a report inline must serve it
// itself, sandboxed. The server package imports no UI: cmd/telltale builds
// the UI handler and passes it in, so the UI package may import server.
//
// # Authentication
//
// With Options.Users (ReadUsersFile), every route but /health needs HTTP
// basic credentials, with MLflow's basic-auth answers (401 with a Basic
// challenge, 403 "Permission denied") and permissions: Read, Edit,
// Manage. Passwords are bcrypt hashes in the file; a password that
// matched once is remembered as an HMAC, so bcrypt runs once per user.
//
// # Observability
//
// Prometheus metrics (observe.go): telltale_server_requests_total
// {endpoint, method, code}, telltale_server_request_duration_seconds
// {endpoint, method}, telltale_server_requests_in_flight, on
// Options.Registry or a registry of the server's own with the Go and
// process collectors. One slog record per request on Options.Logger,
// without query strings, headers or bodies.
package server
