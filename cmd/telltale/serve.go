package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/monitor/httpapi"
)

const serveHelp = `
Monitor live data: keep a sliding window of the rows a service posts,
recompute the report (drift, data quality, model quality, tests) over it
in the background, and expose the results to Prometheus. Each dataset is
compared with its reference file, whose columns type the rows.

Endpoints (on --listen; 127.0.0.1:8085 unless told otherwise):
  POST /v1/datasets/NAME/rows       rows as JSON lines (application/x-ndjson), a JSON array
                                    of objects (application/json) or CSV with a header
                                    (text/csv); gzip with Content-Encoding: gzip. All or
                                    nothing: an error names the row, line and column.
  POST /v1/datasets/NAME/recompute  recompute now
  GET  /v1/datasets                 the datasets and their counts
  GET  /v1/datasets/NAME/snapshot   the last report's JSON profile
  GET  /datasets/NAME/report        the last report as the HTML page of "telltale report"
  GET  /metrics                     Prometheus metrics (names in the README)
  GET  /healthz, /readyz            alive; references loaded
With --token-file, the POST endpoints need "Authorization: Bearer TOKEN".

With --reference (or the config's reference) and no datasets in a
monitor: section, one dataset named "default" (--name) runs the config's
presets, metrics and tests, or else data-drift and data-summary, with the
monitor: section's window and recompute settings. The config file takes the
keys of "telltale test --help" (mapping, presets, metrics, tests) and a
monitor: section:

  monitor:
    window: {rows: 10000}          # defaults for every dataset below
    recompute: {every: 30s}
    track_every: 1
    datasets:
      churn:                       # the NAME in URLs and the dataset label
        reference: churn-ref.parquet   # relative to the config file (default: the
                                       #   top-level reference or --reference)
        mapping: {target: churned, prediction: score, datetime: ts}
        presets: [data-drift, data-summary, classification]
        metrics:
          - {metric: ColumnSummary, column: age}
        tests:
          - test: ShareOfDriftedColumns
            lt: 0.3
        window:
          rows: 10000              # keep at most the latest N rows (default 10000,
                                   #   or 1000000 when only a duration is given)
          duration: 1h             # and only the rows of the last hour (30s, 5m, 2h30m)
          by: arrival              # measure the duration on arrival (default) or on the
                                   #   mapping's datetime column ("datetime")
        recompute:
          every_rows: 1000         # recompute after N new rows,
          every: 30s               #   or this often, whichever comes first (default 30s)
        track_every: 10            # with --track, log every 10th recomputation as a run
        experiment: churn-monitor  # the runs' experiment (default monitor-NAME)

A dataset without its own mapping, presets, metrics and tests uses the
top-level ones; with none anywhere, data-drift and data-summary. Unknown
keys are errors with their line. Flags override the config file.

SIGINT or SIGTERM stops the server gracefully: requests in flight finish,
a recomputation in progress is cancelled. Exit code 0 after a clean stop,
2 when it cannot start (a bad flag or config, a port in use, a reference
that cannot be read).

Examples:
  telltale serve --reference ref.parquet --listen 127.0.0.1:8085
  telltale serve --config monitor.yaml --token-file /run/secrets/telltale-token --track ./mlruns
  curl -X POST -H 'Content-Type: application/x-ndjson' --data-binary @batch.jsonl \
      http://127.0.0.1:8085/v1/datasets/default/rows
  curl http://127.0.0.1:8085/metrics
`

// serveFlags are the flags of serve.
type serveFlags struct {
	config, reference, name string
	presets                 listFlag
	listen                  string
	tokenFile               string
	maxBody                 byteSize
	windowRows, everyRows   int
	windowDuration, every   optDuration
	track, artifactRoot     string
	trackEvery              int
	logFormat, logLevel     string
	shutdownTimeout         time.Duration
	read                    readFlags
	mapping                 mappingFlags
}

func (f *serveFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.config, "config", "", "a YAML or JSON config `FILE`: the mapping, presets, metrics, tests and the monitor: section (see above)")
	fs.StringVar(&f.reference, "reference", "", "the reference data `FILE` (CSV, Parquet, JSON): of the one dataset, or of the config's datasets that name none")
	fs.StringVar(&f.name, "name", "default", "the `NAME` of the --reference dataset in URLs and metric labels")
	fs.Var(&f.presets, "preset", "a preset `NAME` for the --reference dataset; repeat or separate with commas for several")
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8085", "the `ADDRESS` to listen on, host:port; 0.0.0.0:8085 for every interface")
	fs.StringVar(&f.tokenFile, "token-file", "", "require the bearer token in `FILE` on the POST endpoints (ingest, recompute)")
	f.maxBody = httpapi.DefaultMaxBody
	fs.Var(&f.maxBody, "max-body", "the largest body of rows, after decompression: a `SIZE` in bytes or with KiB, MiB, GiB")
	fs.IntVar(&f.windowRows, "window-rows", 0, "keep at most the latest `N` rows in each dataset's window (overrides window.rows)")
	fs.Var(&f.windowDuration, "window-duration", "keep only the rows of the last `DURATION` (30s, 5m, 1h; overrides window.duration)")
	fs.IntVar(&f.everyRows, "every-rows", 0, "recompute after `N` new rows (overrides recompute.every_rows)")
	fs.Var(&f.every, "every", "recompute at least every `DURATION` (overrides recompute.every; default 30s)")
	fs.StringVar(&f.track, "track", "", "log each recomputation (or every --track-every'th) as a run of the tracking store `URI`, as report --track does: a directory, file:, sqlite:, postgresql:, mysql: or http(s): URI")
	fs.StringVar(&f.artifactRoot, "artifact-root", "", "where a database store puts the artifacts of new experiments, `DIR`/<experiment id> (default ./mlruns, as MLflow)")
	fs.IntVar(&f.trackEvery, "track-every", 0, "with --track, log every `N`th recomputation (overrides track_every; default 1)")
	fs.StringVar(&f.logFormat, "log-format", "text", "the `FORMAT` of the logs on stderr: text or json")
	fs.StringVar(&f.logLevel, "log-level", "info", "the least `LEVEL` logged: debug, info, warn or error")
	fs.DurationVar(&f.shutdownTimeout, "shutdown-timeout", 30*time.Second, "on SIGINT or SIGTERM, wait at most `DURATION` for requests in flight")
	f.read.register(fs)
	f.mapping.register(fs)
}

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("serve", "serve [flags]", serveHelp, e.stdout)
	var f serveFlags
	f.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve", "unexpected argument %q (give the reference with --reference or a --config file)", pos[0])
	}
	log, err := f.logger(e)
	if err != nil {
		return err
	}
	token, err := f.token()
	if err != nil {
		return err
	}
	specs, err := f.datasets(fs)
	if err != nil {
		return err
	}
	tracker, err := openTracker(ctx, e, f.track, f.artifactRoot, log)
	if err != nil {
		return err
	}
	if tracker != nil {
		defer tracker.close()
	}

	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		var oe *net.OpError
		if errors.As(err, &oe) && oe.Err != nil {
			err = oe.Err
		}
		return fmt.Errorf("serve: cannot listen on %s: %w (choose another address with --listen)", f.listen, err)
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "telltale_build_info", Help: "Always 1; the labels say which telltale runs.",
		ConstLabels: prometheus.Labels{"version": telltaleVersion(), "goversion": runtime.Version()}})
	build.Set(1)
	reg.MustRegister(build)
	api := httpapi.New(httpapi.Options{Token: token, MaxBody: int64(f.maxBody), Gatherer: reg, Logger: log})
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	addr := ln.Addr().String()
	log.Info("listening", "address", addr, "datasets", len(specs))
	fmt.Fprintf(e.stdout, "telltale serve: listening on http://%s\n", addr)

	// Load the references while /healthz already answers and /readyz says
	// not yet.
	runCtx, stopMonitors := context.WithCancel(context.Background())
	defer stopMonitors()
	monitors, err := loadMonitors(ctx, specs, &f.read, log, tracker)
	if err != nil {
		shutdown(srv, f.shutdownTimeout)
		return err
	}
	var wg sync.WaitGroup
	for _, m := range monitors {
		reg.MustRegister(m)
		wg.Go(func() { _ = m.Run(runCtx) })
		w, r := m.Settings()
		log.Info("monitoring", "dataset", m.Name(), "reference", m.Reference().Source(), "reference_rows", m.Reference().Len(),
			"window_rows", w.Rows, "window_duration", w.Duration.String(), "every_rows", r.EveryRows, "every", r.Every.String())
	}
	api.SetMonitors(monitors...)
	log.Info("ready")

	select {
	case <-ctx.Done():
		log.Info("stopping", "reason", context.Cause(ctx).Error())
	case err := <-serveErr:
		stopMonitors()
		wg.Wait()
		return fmt.Errorf("serve: %w", err)
	}
	err = shutdown(srv, f.shutdownTimeout)
	stopMonitors()
	wg.Wait()
	if err != nil {
		return fmt.Errorf("serve: stopping: %w", err)
	}
	log.Info("stopped")
	return nil
}

// shutdown stops srv gracefully: it stops accepting and waits up to
// timeout for the requests in flight.
func shutdown(srv *http.Server, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return srv.Shutdown(ctx)
}

// logger returns the structured logger the flags ask for, on stderr.
func (f *serveFlags) logger(e *env) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return nil, usagef("serve", "--log-level %q: want debug, info, warn or error", f.logLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	switch f.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(e.stderr, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(e.stderr, opts)), nil
	}
	return nil, usagef("serve", "--log-format %q: want text or json", f.logFormat)
}

// token reads --token-file.
func (f *serveFlags) token() (string, error) {
	if f.tokenFile == "" {
		return "", nil
	}
	b, err := os.ReadFile(f.tokenFile)
	if err != nil {
		return "", fmt.Errorf("serve: --token-file: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
		return "", usagef("serve", "--token-file %s: want one token on one line, without spaces", f.tokenFile)
	}
	return tok, nil
}

// byteSize is a flag of a size in bytes: 1048576, 512KiB, 32MiB, 1GiB (or
// KB, MB, GB in powers of 1000).
type byteSize int64

// String formats b in the largest binary unit that divides it.
func (b *byteSize) String() string {
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n := int64(*b); n > 0 && n%u.mult == 0 {
			return fmt.Sprintf("%d%s", n/u.mult, u.suffix)
		}
	}
	return fmt.Sprint(int64(*b))
}

func (b *byteSize) Set(s string) error {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}}
	num, mult := strings.TrimSpace(s), int64(1)
	for _, u := range units {
		if n, ok := strings.CutSuffix(num, u.suffix); ok {
			num, mult = strings.TrimSpace(n), u.mult
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(num, &n); err != nil || n <= 0 || fmt.Sprint(n) != num || n > (1<<62)/mult {
		return errors.New("want a positive size such as 1048576, 512KiB or 32MiB")
	}
	*b = byteSize(n * mult)
	return nil
}

// optDuration is a duration flag whose zero value means "not given" (and
// is not shown as a default).
type optDuration time.Duration

func (d *optDuration) String() string {
	if *d == 0 {
		return ""
	}
	return time.Duration(*d).String()
}

func (d *optDuration) Set(s string) error {
	v, err := time.ParseDuration(s)
	if err != nil {
		return errors.New("want a duration such as 30s, 5m or 1h")
	}
	*d = optDuration(v)
	return nil
}

// Get implements flag.Getter.
func (d *optDuration) Get() any { return time.Duration(*d) }

var (
	_ flag.Getter = (*optDuration)(nil)
	_ flag.Value  = (*byteSize)(nil)
)

// monitorOptions are the options every monitor of the server gets.
func monitorOptions(ctx context.Context, log *slog.Logger, tracker *tracker, spec *datasetSpec) *monitor.Options {
	o := &monitor.Options{Logger: log, Version: telltaleVersion()}
	if tracker != nil {
		o.OnRecompute = tracker.hook(ctx, spec)
	}
	return o
}
