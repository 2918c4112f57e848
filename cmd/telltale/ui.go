package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/telltale-ml/telltale/server"
	"github.com/telltale-ml/telltale/server/ui"
	"github.com/telltale-ml/telltale/tracking"
)

const uiHelp = `
Browse a tracking store in a web browser: experiments, their runs as a
sortable, searchable table, a run's params, metric histories, tags and
artifacts (telltale's HTML reports open inside the page), runs compared
side by side, and monitoring dashboards of metrics over time. It serves
the UI alone, without the REST API ("telltale server" serves both).

Pages:
  /                             experiments, with run counts and last activity
  /experiments/ID               its runs; the search box takes the filter of
                                "telltale runs search" (metrics.accuracy > 0.9 AND params.model = 'rf')
  /experiments/ID/dashboard     panels of metrics over run start time, coloured
                                by test outcome; saved in the experiment's tags
  /runs/ID                      one run; /compare?run=ID&run=ID  2 to 10 runs

Nothing leaves the page (ECharts is built in), the pages read without
JavaScript, and they follow the system's light or dark mode. The only
write is saving a dashboard's panels (an experiment tag); --read-only
turns it off. SIGINT or SIGTERM stops the server.

The store (--track URI) must exist already:
  ./mlruns, /data/mlruns, file:///data/mlruns   a directory (the file store)
  sqlite:///mlflow.db, sqlite:////abs/path.db   a SQLite database file
  postgresql://user:password@host:5432/db       PostgreSQL
  mysql://user:password@host:3306/db            MySQL or MariaDB
  http://host:5000                              a telltale or MLflow tracking server
Without --track: $TELLTALE_TRACKING_URI, else $MLFLOW_TRACKING_URI, else
./mlruns. Passwords are never shown.

Artifacts: runs logged through "telltale server" or "mlflow server" with
the artifact proxy on have mlflow-artifacts:/ locations, which only that
server can read: open its own UI (at / on its port), or give this UI the
server's folder with --artifacts-destination DIR.

Examples:
  telltale ui                                   # ./mlruns on http://127.0.0.1:5000/
  telltale ui --track sqlite:///mlflow.db --port 8080
  telltale ui --track http://tracking.example.com:5000 --read-only
  telltale ui --track sqlite:///mlflow.db --artifacts-destination ./mlartifacts
  MLFLOW_TRACKING_URI=./mlruns telltale ui --host 0.0.0.0 --allowed-hosts ui.example.com
`

func runUI(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("ui", "ui [flags]", uiHelp, e.stdout)
	var (
		track, host, hosts, artDest string
		port                        int
		readOnly                    bool
	)
	fs.StringVar(&track, "track", "", "the tracking store `URI`: a directory, file:, sqlite:, postgresql:, mysql: or http(s): URI (default: $TELLTALE_TRACKING_URI, $MLFLOW_TRACKING_URI or ./mlruns)")
	fs.StringVar(&host, "host", "127.0.0.1", "the network `ADDRESS` to listen on (0.0.0.0 for every interface: anyone who reaches it reads the store)")
	fs.IntVar(&port, "port", 5000, "the TCP `PORT` to listen on (0 picks a free one)")
	fs.StringVar(&hosts, "allowed-hosts", "", "comma-separated host `NAMES` the UI answers (\"*.example.com\" for subdomains); default: localhost, 127.0.0.1 and ::1 when --host is a loopback address (against DNS rebinding), any otherwise")
	fs.BoolVar(&readOnly, "read-only", false, "do not let the UI save dashboards (its only write)")
	fs.StringVar(&artDest, "artifacts-destination", "", "the `DIR` where a tracking server's artifact proxy keeps artifacts (its --artifacts-destination): mlflow-artifacts:/<path> is read as DIR/<path>; default: such artifacts cannot be shown")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("ui", "unexpected argument %q (the store goes in --track)", pos[0])
	}
	if err := checkPort("ui", port); err != nil {
		return err
	}
	allowed := allowedHosts(host, hosts)
	store, err := openStore(ctx, e, track, "", true)
	if err != nil {
		return err
	}
	defer store.Close()
	logger := slog.New(slog.NewTextHandler(e.stderr, nil))
	uiOpts := ui.Options{ReadOnly: readOnly, Logger: logger, AllowedHosts: allowed}
	if artDest != "" {
		// The server's artifact reader, without its API: it reads
		// mlflow-artifacts: locations in artDest, others where they are.
		if st, err := os.Stat(artDest); err != nil || !st.IsDir() {
			return usagef("ui", "--artifacts-destination %s: not a folder", artDest)
		}
		srv, err := server.New(store, server.Options{ServeArtifacts: true, ArtifactsDestination: artDest})
		if err != nil {
			return err
		}
		uiOpts.Artifacts = &serverArtifacts{srv: srv}
	}
	h, err := ui.New(store, uiOpts)
	if err != nil {
		return err
	}
	ln, err := listen(ctx, host, port)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "telltale ui: open http://%s/\n  store: %s\n", ln.Addr(), tracking.RedactURI(store.URI()))
	if artDest != "" {
		fmt.Fprintf(e.stderr, "  artifacts of mlflow-artifacts:/ locations: %s\n", artDest)
	}
	if !isLoopback(host) {
		fmt.Fprintf(e.stderr, "  warning: %s is reachable from other machines and the UI has no login: anyone who reaches it reads the store\n", host)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("ui: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("ui: shutting down: %w", err)
	}
	fmt.Fprintln(e.stderr, "telltale ui: stopped")
	return nil
}
