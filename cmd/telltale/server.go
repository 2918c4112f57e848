package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

const serverHelp = `
Run an MLflow-compatible tracking server: MLflow's REST API over a
tracking store, and an artifact proxy, in this one binary. MLflow's own
clients (Python, Java, R, the REST API) and telltale log to it and read
from it as from "mlflow server"; the flags are MLflow's.

The web UI is at / on the same port (open http://127.0.0.1:5000/):
experiments, runs, a run with its reports, compare, dashboards; "telltale
ui --help" describes it. With --auth-file it asks for the same login;
saving a dashboard needs EDIT.

The store (--backend-store-uri), as MLflow spells it:
  sqlite:///mlflow.db, sqlite:////abs/path.db   a SQLite database file
  postgresql://user:password@host:5432/db       PostgreSQL
  mysql://user:password@host:3306/db            MySQL or MariaDB
  ./mlruns, file:///data/mlruns                 a directory (MLflow's file store)

Artifacts: with --serve-artifacts (the default) clients upload and
download them through this server (mlflow-artifacts:/ URIs), which keeps
them under --artifacts-destination; with --no-serve-artifacts clients
write to --default-artifact-root themselves (a shared folder).

Authentication (--auth-file): HTTP basic auth for every route but
/health, as MLflow's basic-auth app. One user a line,
NAME:BCRYPT-HASH[:PERMISSION], with PERMISSION READ (the default: reads
only), EDIT (also logs and creates) or MANAGE (also deletes and
restores). Make a line with Apache's htpasswd:
  htpasswd -nbB alice 's3cret' | sed 's/$/:EDIT/' >> users.txt
Clients set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD.

Also served: /health ("OK"), /version, and /metrics for Prometheus
(telltale_server_requests_total, telltale_server_request_duration_seconds,
telltale_server_requests_in_flight, by endpoint). One access-log line per
request goes to stderr. SIGINT or SIGTERM stops the server after the
requests under way finish.

Examples:
  telltale server
  telltale server --backend-store-uri sqlite:///mlflow.db --artifacts-destination ./mlartifacts \
                  --host 127.0.0.1 --port 5000
  telltale server --host 0.0.0.0 --auth-file users.txt
  # then, from a machine that reaches it:
  MLFLOW_TRACKING_URI=http://127.0.0.1:5000 python train.py
  telltale runs list --track http://127.0.0.1:5000
`

// defaultBackendStore is MLflow's default --backend-store-uri.
const defaultBackendStore = "sqlite:///mlflow.db"

func runServer(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("server", "server [flags]", serverHelp, e.stdout)
	var (
		storeURI, artifactRoot, dest, host, authFile, cors, hosts, logFormat string
		port                                                                 int
		serve                                                                = true
	)
	fs.StringVar(&storeURI, "backend-store-uri", defaultBackendStore, "where runs and experiments are kept: a database or file store `URI` (see above)")
	fs.StringVar(&artifactRoot, "default-artifact-root", "", "where new experiments put their artifacts, `URI`/<experiment id> (default: mlflow-artifacts:/ with --serve-artifacts, else the store's own default)")
	fs.StringVar(&dest, "artifacts-destination", "./mlartifacts", "the `DIR` behind the artifact proxy: mlflow-artifacts:/<path> is DIR/<path>")
	fs.BoolVar(&serve, "serve-artifacts", true, "proxy artifact uploads and downloads through the server")
	fs.BoolFunc("no-serve-artifacts", "do not proxy artifacts: clients read and write --default-artifact-root themselves", func(string) error {
		serve = false
		return nil
	})
	fs.StringVar(&host, "host", "127.0.0.1", "the network `ADDRESS` to listen on (0.0.0.0 for every interface: set --auth-file then)")
	fs.IntVar(&port, "port", 5000, "the TCP `PORT` to listen on (0 picks a free one)")
	fs.StringVar(&authFile, "auth-file", "", "turn on HTTP basic auth with the users of `FILE` (NAME:BCRYPT-HASH[:READ|EDIT|MANAGE] lines)")
	fs.StringVar(&cors, "cors-allowed-origins", "", "comma-separated `ORIGINS` whose web pages may call the API (\"*\" for any); none by default")
	fs.StringVar(&hosts, "allowed-hosts", "", "comma-separated host `NAMES` the server answers (\"*.example.com\" for subdomains); default: localhost, 127.0.0.1 and ::1 when --host is a loopback address (against DNS rebinding), any otherwise")
	fs.StringVar(&logFormat, "log-format", "text", "access log `FORMAT` on stderr: text, json or none")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("server", "unexpected argument %q (the server takes only flags)", pos[0])
	}
	if err := checkPort("server", port); err != nil {
		return err
	}
	logger, err := accessLogger(e, logFormat)
	if err != nil {
		return err
	}
	opts := server.Options{ServeArtifacts: serve, ArtifactsDestination: dest, Logger: logger, Version: "telltale " + telltaleVersion()}
	for _, o := range strings.Split(cors, ",") {
		if o = strings.TrimSpace(o); o != "" {
			opts.CORSAllowedOrigins = append(opts.CORSAllowedOrigins, o)
		}
	}
	opts.AllowedHosts = allowedHosts(host, hosts)
	if authFile != "" {
		if opts.Users, err = server.ReadUsersFile(authFile); err != nil {
			return err
		}
	}
	if artifactRoot == "" && serve {
		artifactRoot = "mlflow-artifacts:/"
	}
	store, err := backend.Open(ctx, storeURI, backend.Options{ArtifactRoot: artifactRoot, Getenv: e.getenv})
	if err != nil {
		return fmt.Errorf("--backend-store-uri: %w", err)
	}
	defer store.Close()
	// The web UI at "/": it reads the store, and artifacts where the server
	// keeps them (the server, made after the UI it mounts, is set below).
	arts := &serverArtifacts{}
	if opts.UI, err = ui.New(store, ui.Options{Logger: logger, Artifacts: arts}); err != nil {
		return err
	}
	srv, err := server.New(store, opts)
	if err != nil {
		return err
	}
	arts.srv = srv
	ln, err := listen(ctx, host, port)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	fmt.Fprintf(e.stderr, "telltale server: listening on %s\n  store: %s\n", url, tracking.RedactURI(store.URI()))
	if serve {
		fmt.Fprintf(e.stderr, "  artifacts: proxied, kept in %s\n", srv.ArtifactsDestination())
	} else {
		where := artifactRoot
		if where == "" {
			where = "the store's default location"
		}
		fmt.Fprintf(e.stderr, "  artifacts: not proxied; clients write to %s\n", where)
	}
	if opts.Users != nil {
		fmt.Fprintf(e.stderr, "  auth: basic, %d users from %s\n", opts.Users.Len(), authFile)
	} else if !isLoopback(host) {
		fmt.Fprintf(e.stderr, "  warning: %s is reachable from other machines and --auth-file is not set: anyone who reaches it can read and write runs\n", host)
	}
	fmt.Fprintf(e.stderr, "  use it: MLFLOW_TRACKING_URI=%s (SIGINT or SIGTERM to stop)\n", url)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	fmt.Fprintln(e.stderr, "telltale server: stopped")
	return nil
}

// accessLogger is the access log on stderr in the chosen format.
func accessLogger(e *env, format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, nil)), nil
	case "none":
		return nil, nil
	}
	return nil, usagef("server", "--log-format %q: want text, json or none", format)
}

// serverArtifacts reads the artifacts of runs for the web UI where the
// server keeps them (its proxy's destination for mlflow-artifacts:
// locations).
type serverArtifacts struct{ srv *server.Server }

func (a *serverArtifacts) ListArtifacts(ctx context.Context, runID, dir string) ([]tracking.ArtifactInfo, error) {
	return a.srv.ListArtifacts(ctx, runID, dir)
}

func (a *serverArtifacts) OpenArtifact(ctx context.Context, runID, p string) (io.ReadCloser, error) {
	return a.srv.OpenArtifact(ctx, runID, p)
}

// allowedHosts is the Host header allow-list of --allowed-hosts (comma
// separated) for a server listening on host: what the flag names, else
// the loopback names when host is a loopback address (against DNS
// rebinding), else nil, any host.
func allowedHosts(host, flag string) []string {
	var allowed []string
	for _, h := range strings.Split(flag, ",") {
		if h = strings.TrimSpace(h); h != "" {
			allowed = append(allowed, h)
		}
	}
	if flag == "" && isLoopback(host) {
		allowed = []string{"localhost", "127.0.0.1", "::1", host}
	}
	return allowed
}
