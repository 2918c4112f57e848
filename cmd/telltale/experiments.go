package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

// This file holds the "experiments" command and the helpers every
// tracking command shares (--track, --experiment, tables, JSON).

const experimentsHelp = `
Manage the experiments of a tracking store: a directory in MLflow's file
layout (mlruns/) or a database in MLflow's schema (SQLite, PostgreSQL,
MySQL). MLflow's client and "mlflow ui" read what telltale writes, and
telltale reads stores MLflow wrote.

Subcommands:
  list                  list the active experiments (--all: deleted ones too)
  create NAME           create an experiment and print its id
  show NAME|ID          show one experiment and its tags
  delete NAME|ID...     mark experiments and their runs deleted
  restore NAME|ID...    restore deleted experiments and their runs
  rename NAME|ID NEW    rename an experiment

Examples:
  telltale experiments list
  telltale experiments create churn-monitoring --tag team=ml-platform
  telltale experiments show churn-monitoring --json
  telltale experiments rename churn-monitoring churn-v1
  telltale experiments delete churn-v1
  telltale experiments list --filter "name LIKE 'churn%'" --order-by "name ASC"
  telltale experiments list --track file:///data/mlruns
  telltale experiments list --track sqlite:///mlflow.db
  MLFLOW_TRACKING_URI=postgresql://ml:pw@db:5432/mlflow telltale experiments list
` + storeHelp + `
To browse the same store with MLflow:
  MLFLOW_ALLOW_FILE_STORE=true mlflow ui --backend-store-uri ./mlruns
  mlflow ui --backend-store-uri sqlite:///mlflow.db
`

// storeHelp says how every tracking command finds its store.
const storeHelp = `
The store (--track URI), as MLflow spells tracking URIs:
  ./mlruns, /data/mlruns, file:///data/mlruns   a directory (the file store)
  sqlite:///mlflow.db, sqlite:////abs/path.db   a SQLite database file
  postgresql://user:password@host:5432/db       PostgreSQL (also postgresql+psycopg2://)
  mysql://user:password@host:3306/db            MySQL or MariaDB (also mysql+pymysql://)
  http://host:5000, https://host/prefix         a tracking server ("telltale server" or
                                                "mlflow server"); credentials from
                                                $MLFLOW_TRACKING_USERNAME and _PASSWORD
                                                or $MLFLOW_TRACKING_TOKEN
Without --track: $TELLTALE_TRACKING_URI, else $MLFLOW_TRACKING_URI, else ./mlruns.
A database gets MLflow's schema on first use; artifacts go under
--artifact-root (default ./mlruns), beside it. Passwords are never shown.
`

func runExperiments(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{
		"list":    runExperimentsList,
		"create":  runExperimentsCreate,
		"show":    runExperimentsShow,
		"delete":  runExperimentsDelete,
		"restore": runExperimentsRestore,
		"rename":  runExperimentsRename,
	}
	return dispatch("experiments", "experiments list|create|show|delete|restore|rename [flags]", experimentsHelp, subs, ctx, e, args)
}

// dispatch runs the subcommand named by args[0] of the command cmd.
func dispatch(cmd, synopsis, help string, subs map[string]func(context.Context, *env, []string) error, ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		fs := newFlagSet(cmd, synopsis, help, e.stdout)
		fs.Usage()
		if len(args) == 0 {
			return usagef(cmd, "give a subcommand: %s", strings.Join(sortedNames(subs), ", "))
		}
		return flag.ErrHelp
	}
	sub, ok := subs[args[0]]
	if !ok {
		return usagef(cmd, "unknown subcommand %q (want %s)", args[0], strings.Join(sortedNames(subs), ", "))
	}
	return sub(ctx, e, args[1:])
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// trackFlags are the flags every tracking command takes.
type trackFlags struct {
	track        string
	artifactRoot string
	asJSON       bool
}

func (t *trackFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.track, "track", "", "the tracking store `URI`: a directory, file:, sqlite:, postgresql:, mysql: or http(s): URI (default: $TELLTALE_TRACKING_URI, $MLFLOW_TRACKING_URI or ./mlruns)")
	fs.StringVar(&t.artifactRoot, "artifact-root", "", "where the store puts the artifacts of new experiments, `DIR`/<experiment id> (default: inside a file store, ./mlruns for a database, as MLflow)")
	fs.BoolVar(&t.asJSON, "json", false, "print JSON for machines instead of a table")
}

// open opens the store; read-only commands want it to exist already.
func (t *trackFlags) open(ctx context.Context, e *env, mustExist bool) (tracking.Store, error) {
	return openStore(ctx, e, t.track, t.artifactRoot, mustExist)
}

// openStore opens the store named by --track, or by the environment.
func openStore(ctx context.Context, e *env, track, artifactRoot string, mustExist bool) (tracking.Store, error) {
	uri, from := backend.Resolve(track, "./mlruns", e.getenv)
	// What a listing skips (a malformed meta.yaml, a link where a value
	// should be) is reported on stderr as a warning.
	var mu sync.Mutex
	warn := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(e.stderr, "telltale: warning: %s\n", escapeControls(err.Error()))
	}
	s, err := backend.Open(ctx, uri, backend.Options{MustExist: mustExist, ArtifactRoot: artifactRoot, Getenv: e.getenv, Warn: warn})
	if errors.Is(err, tracking.ErrNotFound) {
		return nil, fmt.Errorf("%w (the store %s comes from %s; set --track to the store's location)", err, tracking.RedactURI(uri), from)
	}
	return s, err
}

// resolveExperiment finds an experiment by name, or else by id.
func resolveExperiment(ctx context.Context, s tracking.Store, ref string) (*tracking.Experiment, error) {
	exp, err := s.GetExperimentByName(ctx, ref)
	if errors.Is(err, tracking.ErrNotFound) {
		if byID, err2 := s.GetExperiment(ctx, ref); err2 == nil {
			return byID, nil
		}
	}
	return exp, err
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// table writes aligned columns.
type table struct{ tw *tabwriter.Writer }

func newTable(w io.Writer, header ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)}
	t.row(header...)
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		cells[i] = escapeControls(c)
	}
	fmt.Fprintln(t.tw, strings.Join(cells, "\t"))
}

// escapeControls shows the C0 and C1 control characters, DEL and invalid
// UTF-8 of s as escapes (\t, \n, \r, \x1b, \u009b), so that a name or a
// value from a store cannot move the cursor, recolour the terminal or
// break a table's rows.
func escapeControls(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r < 0xa0:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func (t *table) flush() error { return t.tw.Flush() }

// formatMillis shows a time in ms since the epoch, in UTC.
func formatMillis(ms int64) string {
	if ms == 0 {
		return "-"
	}
	return time.UnixMilli(ms).UTC().Format("2006-01-02 15:04:05")
}

func runExperimentsList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("experiments list", "experiments list [flags]", `
List experiments, newest first, as an aligned table or, with --json, as
JSON. --filter takes MLflow's experiment filter: name (=, !=, LIKE, ILIKE
and a quoted string), creation_time and last_update_time (numbers) and
tags.KEY, joined with AND.

Examples:
  telltale experiments list
  telltale experiments list --all --json
  telltale experiments list --filter "tags.team = 'ml-platform'" --order-by name`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	filter := fs.String("filter", "", "an MLflow experiment filter, e.g. \"name LIKE 'churn%'\"")
	var orderBy listFlag
	fs.Var(&orderBy, "order-by", "order by `KEY [ASC|DESC]`: name, experiment_id, creation_time, last_update_time (repeatable)")
	all := fs.Bool("all", false, "include deleted experiments")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("experiments list", "experiments list takes no arguments, got %q", pos[0])
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	view := tracking.ActiveOnly
	if *all {
		view = tracking.All
	}
	exps, err := allExperiments(ctx, s, tracking.ExperimentQuery{View: view, Filter: *filter, OrderBy: orderBy})
	if err != nil {
		return err
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]any{"experiments": exps})
	}
	t := newTable(e.stdout, "ID", "NAME", "STAGE", "CREATED (UTC)", "ARTIFACT LOCATION")
	for _, x := range exps {
		t.row(x.ID, x.Name, x.LifecycleStage, formatMillis(x.CreationTime), x.ArtifactLocation)
	}
	return t.flush()
}

func runExperimentsCreate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("experiments create", "experiments create [flags] NAME", `
Create an experiment and print its id. The store is created if it does
not exist yet, with the "Default" experiment (id 0). Names are unique,
deleted experiments included.

Examples:
  telltale experiments create churn-monitoring
  telltale experiments create nightly --tag team=ml-platform --tag mlflow.note.content="Nightly drift checks"
  telltale experiments create big --artifact-location /data/artifacts/big`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	loc := fs.String("artifact-location", "", "where the runs' artifacts go (default: inside the store)")
	var tags listFlag
	fs.Var(&tags, "tag", "a tag `KEY=VALUE` (repeatable)")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("experiments create", "give one experiment name")
	}
	tagMap, err := parseTags("experiments create", tags)
	if err != nil {
		return err
	}
	s, err := tf.open(ctx, e, false)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := s.CreateExperiment(ctx, pos[0], *loc, tagMap)
	if err != nil {
		return err
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]string{"experiment_id": id, "name": pos[0]})
	}
	fmt.Fprintf(e.stdout, "created experiment %q with id %s in %s\n", pos[0], id, storeName(s))
	return nil
}

// parseTags reads the KEY=VALUE pairs of --tag.
func parseTags(cmd string, pairs []string) (map[string]string, error) {
	return parsePairs(cmd, "--tag", pairs)
}

// parsePairs reads KEY=VALUE pairs given with the flag name.
func parsePairs(cmd, name string, pairs []string) (map[string]string, error) {
	out := map[string]string{}
	for _, p := range pairs {
		k, v, ok := strings.Cut(p, "=")
		if !ok || k == "" {
			return nil, usagef(cmd, "%s %q: want KEY=VALUE", name, p)
		}
		out[k] = v
	}
	return out, nil
}

func runExperimentsShow(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("experiments show", "experiments show [flags] NAME|ID", `
Show an experiment: id, name, stage, times, artifact location and tags.

Examples:
  telltale experiments show Default
  telltale experiments show 0 --json`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("experiments show", "give one experiment name or id")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	x, err := resolveExperiment(ctx, s, pos[0])
	if err != nil {
		return err
	}
	if tf.asJSON {
		return writeJSON(e.stdout, x)
	}
	t := newTable(e.stdout, "FIELD", "VALUE")
	t.row("id", x.ID)
	t.row("name", x.Name)
	t.row("stage", x.LifecycleStage)
	t.row("created (UTC)", formatMillis(x.CreationTime))
	t.row("updated (UTC)", formatMillis(x.LastUpdateTime))
	t.row("artifact location", x.ArtifactLocation)
	for _, k := range sortedNames(x.Tags) {
		t.row("tags."+k, x.Tags[k])
	}
	return t.flush()
}

// allExperiments reads every page of an experiment search.
func allExperiments(ctx context.Context, s tracking.Store, q tracking.ExperimentQuery) ([]*tracking.Experiment, error) {
	out := []*tracking.Experiment{}
	q.MaxResults = 50000
	for {
		page, next, err := s.SearchExperiments(ctx, q)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if next == "" {
			return out, nil
		}
		q.PageToken = next
	}
}

// storeName names a store in messages: a file store's directory, else
// its URI without the password.
func storeName(s tracking.Store) string {
	if fs, ok := s.(*tracking.FileStore); ok {
		return fs.Dir()
	}
	return s.URI()
}
