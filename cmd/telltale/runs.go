package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/telltale-ml/telltale/tracking"
)

const runsHelp = `
Look at, search, delete and restore the runs of a tracking store (a
directory in MLflow's mlruns/ layout or a database in MLflow's schema).

Subcommands:
  list                  list runs, newest first
  search FILTER         find runs with MLflow's filter grammar
  show RUN              a run's info, params, latest metrics, tags and artifacts
  history RUN KEY       every logged value of a metric
  delete RUN            mark a run deleted (restore brings it back)
  restore RUN           restore a deleted run

Examples:
  telltale runs list --experiment churn-monitoring
  telltale runs search "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'" --order-by "metrics.accuracy DESC"
  telltale runs show 0123456789abcdef0123456789abcdef --json
  telltale runs history 0123456789abcdef0123456789abcdef accuracy
  telltale runs list --track sqlite:///mlflow.db
` + storeHelp

const filterHelp = `
Filter grammar (MLflow's): clauses joined with AND (no OR, NOT or
parentheses).
  metrics.KEY    = != > >= < <= and a number; compares the latest value
  params.KEY     = != LIKE ILIKE and a quoted string
  tags.KEY       = != LIKE ILIKE and a quoted string
  attributes.NAME
                 run_id, run_name, user_id, status, artifact_uri: = != LIKE
                 ILIKE and a quoted string; run_id also IN ('id', ...) and
                 NOT IN; start_time, end_time: integers (ms since the epoch)
  datasets.name, datasets.digest, datasets.context
                 = != LIKE ILIKE IN NOT IN on the run's dataset inputs; a
                 run matches when any of its inputs does
Keys with spaces or other characters go in backticks: tags.` + "`drift detected`" + ` = 'true'.
LIKE: % is any text, _ one character; ILIKE ignores case. A run without the
key never matches. --order-by takes KEY [ASC|DESC], e.g. "metrics.accuracy
DESC" or "attributes.start_time"; NaN comes after the numbers, and runs
without the key come last.
`

func runRuns(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{
		"list":    runRunsList,
		"search":  runRunsSearch,
		"show":    runRunsShow,
		"history": runRunsHistory,
		"delete":  runRunsDelete,
		"restore": runRunsRestore,
	}
	return dispatch("runs", "runs list|search|show|history|delete|restore [flags]", runsHelp, subs, ctx, e, args)
}

// searchFlags are the flags of "runs list" and "runs search".
type searchFlags struct {
	trackFlags
	experiments listFlag
	orderBy     listFlag
	columns     listFlag
	max         int
	pageToken   string
	deleted     bool
	all         bool
}

func (f *searchFlags) register(fs *flag.FlagSet) {
	f.trackFlags.register(fs)
	fs.Var(&f.experiments, "experiment", "search the experiment `NAME` (or id); repeatable (default: all active experiments)")
	fs.Var(&f.orderBy, "order-by", "order by `KEY [ASC|DESC]`, e.g. \"metrics.accuracy DESC\" (repeatable)")
	fs.Var(&f.columns, "columns", "extra table `COLUMNS`, e.g. metrics.accuracy,params.model")
	fs.IntVar(&f.max, "max", 1000, "at most `N` runs (a page; 1 to 50000)")
	fs.StringVar(&f.pageToken, "page-token", "", "continue from the `TOKEN` a previous page printed")
	fs.BoolVar(&f.deleted, "deleted", false, "show only deleted runs")
	fs.BoolVar(&f.all, "all", false, "show active and deleted runs")
}

func (f *searchFlags) search(ctx context.Context, e *env, cmd, filter string) error {
	cols, err := tracking.ReferencedKeys(filter, f.orderBy)
	if err != nil {
		return err
	}
	for _, c := range f.columns {
		if !strings.HasPrefix(c, "metrics.") && !strings.HasPrefix(c, "params.") && !strings.HasPrefix(c, "tags.") {
			return usagef(cmd, "--columns %q: want metrics.KEY, params.KEY or tags.KEY", c)
		}
		if !contains(cols, c) {
			cols = append(cols, c)
		}
	}
	if f.max < 1 || f.max > 50000 {
		return usagef(cmd, "--max %d: give 1 to 50000", f.max)
	}
	if f.deleted && f.all {
		return usagef(cmd, "give --deleted or --all, not both")
	}
	s, err := f.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	q := tracking.RunQuery{Filter: filter, OrderBy: f.orderBy, MaxResults: f.max, PageToken: f.pageToken}
	switch {
	case f.deleted:
		q.View = tracking.DeletedOnly
	case f.all:
		q.View = tracking.All
	}
	names := map[string]string{}
	for _, ref := range f.experiments {
		x, err := resolveExperiment(ctx, s, ref)
		if err != nil {
			return err
		}
		q.ExperimentIDs = append(q.ExperimentIDs, x.ID)
	}
	runs, next, err := s.SearchRuns(ctx, q)
	if err != nil {
		return err
	}
	if f.asJSON {
		if runs == nil {
			runs = []*tracking.Run{}
		}
		return writeJSON(e.stdout, map[string]any{"runs": runs, "next_page_token": next})
	}
	header := []string{"RUN ID", "EXPERIMENT", "NAME", "STATUS", "START (UTC)", "DURATION"}
	t := newTable(e.stdout, append(header, cols...)...)
	for _, r := range runs {
		exp, ok := names[r.Info.ExperimentID]
		if !ok {
			exp = r.Info.ExperimentID
			if x, err := s.GetExperiment(ctx, r.Info.ExperimentID); err == nil {
				exp = x.Name
			}
			names[r.Info.ExperimentID] = exp
		}
		status := r.Info.Status.String()
		if r.Info.LifecycleStage == tracking.StageDeleted {
			status += " (deleted)"
		}
		row := []string{r.Info.RunID, exp, r.Info.RunName, status, formatMillis(r.Info.StartTime), duration(r.Info)}
		for _, c := range cols {
			row = append(row, runValue(r, c))
		}
		t.row(row...)
	}
	if err := t.flush(); err != nil {
		return err
	}
	if len(runs) == 0 {
		fmt.Fprintln(e.stderr, "no runs match")
	}
	if next != "" {
		fmt.Fprintf(e.stderr, "more runs: add --page-token %s\n", next)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// runValue shows metrics.KEY, params.KEY or tags.KEY of a run; "-" when
// the run has none.
func runValue(r *tracking.Run, col string) string {
	kind, key, _ := strings.Cut(col, ".")
	key = strings.Trim(key, "`\"")
	switch kind {
	case "metrics":
		if m, ok := r.Metrics[key]; ok {
			return strconv.FormatFloat(m.Value, 'g', -1, 64)
		}
	case "params":
		if v, ok := r.Params[key]; ok {
			return v
		}
	case "tags":
		if v, ok := r.Tags[key]; ok {
			return v
		}
	}
	return "-"
}

func duration(info tracking.RunInfo) string {
	if info.EndTime == 0 {
		return "-"
	}
	return (time.Duration(info.EndTime-info.StartTime) * time.Millisecond).String()
}

func runRunsList(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("runs list", "runs list [flags]", `
List runs, newest first: id, experiment, name, status, start time and
duration. --columns adds metric, param or tag columns.

Examples:
  telltale runs list
  telltale runs list --experiment churn-monitoring --columns metrics.accuracy,params.model
  telltale runs list --deleted
  telltale runs list --order-by "metrics.accuracy DESC" --max 10 --json`, e.stdout)
	var f searchFlags
	f.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("runs list", "runs list takes no arguments, got %q (to filter, use runs search)", pos[0])
	}
	return f.search(ctx, e, "runs list", "")
}

func runRunsSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("runs search", "runs search [flags] FILTER", `
Find runs that match an MLflow filter, in all active experiments or those
given with --experiment. The table shows a column for each metric, param
and tag the filter and the order use.

Examples:
  telltale runs search "metrics.share_of_drifted_columns > 0.3 and params.model = 'rf'" --order-by "metrics.accuracy DESC"
  telltale runs search "attributes.status = 'FAILED'" --experiment nightly
  telltale runs search "tags.mlflow.runName LIKE 'nightly-%'" --json
  telltale runs search "attributes.run_id IN ('0123456789abcdef0123456789abcdef')"
`+filterHelp, e.stdout)
	var f searchFlags
	f.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("runs search", "give one filter, in quotes (got %d arguments)", len(pos))
	}
	return f.search(ctx, e, "runs search", pos[0])
}

func runRunsShow(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("runs show", "runs show [flags] RUN", `
Show a run: its info, params, the latest value of each metric, its tags,
its dataset inputs and the files among its artifacts. RUN is a run id or
any prefix of one that no other run shares, as git takes short hashes.

Examples:
  telltale runs show 0123456789abcdef0123456789abcdef
  telltale runs show 0123ab
  telltale runs show 0123456789abcdef0123456789abcdef --json`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("runs show", "give one run id (or a unique prefix of one)")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := resolveRunID(ctx, s, pos[0])
	if err != nil {
		return err
	}
	r, err := s.GetRun(ctx, id)
	if err != nil {
		return err
	}
	arts, err := listAllArtifacts(ctx, s, r.Info.RunID)
	if err != nil {
		return err
	}
	if tf.asJSON {
		return writeJSON(e.stdout, struct {
			*tracking.Run
			Artifacts []tracking.ArtifactInfo `json:"artifacts"`
		}{r, arts})
	}
	t := newTable(e.stdout, "FIELD", "VALUE")
	i := r.Info
	t.row("run id", i.RunID)
	t.row("name", i.RunName)
	t.row("experiment id", i.ExperimentID)
	t.row("status", i.Status.String())
	t.row("stage", i.LifecycleStage)
	t.row("user", i.UserID)
	t.row("start (UTC)", formatMillis(i.StartTime))
	t.row("end (UTC)", formatMillis(i.EndTime))
	t.row("duration", duration(i))
	t.row("artifact uri", i.ArtifactURI)
	for _, k := range sortedNames(r.Params) {
		t.row("params."+k, r.Params[k])
	}
	for _, k := range sortedNames(r.Metrics) {
		m := r.Metrics[k]
		t.row("metrics."+k, fmt.Sprintf("%s (step %d)", strconv.FormatFloat(m.Value, 'g', -1, 64), m.Step))
	}
	for _, k := range sortedNames(r.Tags) {
		t.row("tags."+k, r.Tags[k])
	}
	for _, in := range r.Inputs {
		ctxTag := in.Tags[tracking.TagDatasetContext]
		if ctxTag != "" {
			ctxTag = " (" + ctxTag + ")"
		}
		t.row("input", fmt.Sprintf("%s, digest %s%s", in.Dataset.Name, in.Dataset.Digest, ctxTag))
	}
	for _, a := range arts {
		t.row("artifact", fmt.Sprintf("%s (%d bytes)", a.Path, a.Size))
	}
	return t.flush()
}

// listAllArtifacts lists every file among a run's artifacts.
func listAllArtifacts(ctx context.Context, s tracking.Store, runID string) ([]tracking.ArtifactInfo, error) {
	out := []tracking.ArtifactInfo{}
	var walk func(dir string) error
	walk = func(dir string) error {
		list, err := s.ListArtifacts(ctx, runID, dir)
		if err != nil {
			return err
		}
		for _, a := range list {
			if a.IsDir {
				if err := walk(a.Path); err != nil {
					return err
				}
				continue
			}
			out = append(out, a)
		}
		return nil
	}
	return out, walk("")
}

func runRunsHistory(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("runs history", "runs history [flags] RUN KEY", `
Show every logged value of a metric of a run, ordered by time, step and
value, with its step and time. RUN is a run id or a unique prefix of one.

Examples:
  telltale runs history 0123456789abcdef0123456789abcdef accuracy
  telltale runs history 0123ab accuracy
  telltale runs history 0123456789abcdef0123456789abcdef share_of_drifted_columns --json`, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("runs history", "give a run id and a metric key")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	id, err := resolveRunID(ctx, s, pos[0])
	if err != nil {
		return err
	}
	h, err := s.GetMetricHistory(ctx, id, pos[1])
	if err != nil {
		return err
	}
	if len(h) == 0 {
		return fmt.Errorf("%w: run %s has no metric %q", tracking.ErrNotFound, id, pos[1])
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]any{"metrics": h})
	}
	t := newTable(e.stdout, "STEP", "VALUE", "TIME (UTC)")
	for _, m := range h {
		t.row(strconv.FormatInt(m.Step, 10), strconv.FormatFloat(m.Value, 'g', -1, 64),
			time.UnixMilli(m.Timestamp).UTC().Format("2006-01-02 15:04:05.000"))
	}
	return t.flush()
}

func runRunsDelete(ctx context.Context, e *env, args []string) error {
	return runsLifecycle(ctx, e, args, "delete", "deleted", tracking.Store.DeleteRun, `
Mark a run deleted. It stays on disk (as in MLflow) and "runs restore"
brings it back; searches leave it out unless --deleted or --all.

Example:
  telltale runs delete 0123456789abcdef0123456789abcdef`)
}

func runRunsRestore(ctx context.Context, e *env, args []string) error {
	return runsLifecycle(ctx, e, args, "restore", "restored", tracking.Store.RestoreRun, `
Restore a deleted run. "runs list --deleted" shows the deleted runs.

Example:
  telltale runs restore 0123456789abcdef0123456789abcdef`)
}

func runsLifecycle(ctx context.Context, e *env, args []string, verb, past string, op func(tracking.Store, context.Context, string) error, help string) error {
	cmd := "runs " + verb
	fs := newFlagSet(cmd, cmd+" [flags] RUN...", help, e.stdout)
	var tf trackFlags
	tf.register(fs)
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef(cmd, "give at least one run id")
	}
	s, err := tf.open(ctx, e, true)
	if err != nil {
		return err
	}
	defer s.Close()
	done := []string{}
	for _, id := range pos {
		if err := op(s, ctx, id); err != nil {
			return err
		}
		done = append(done, id)
		if !tf.asJSON {
			fmt.Fprintf(e.stdout, "%s run %s\n", past, id)
		}
	}
	if tf.asJSON {
		return writeJSON(e.stdout, map[string]any{past: done})
	}
	return nil
}
