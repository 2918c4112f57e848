package main

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/tracking"
	"github.com/telltale-ml/telltale/tracking/backend"
)

const trackingHelp = `
Work on tracking stores as a whole.

Subcommands:
  copy --from URI --to URI   copy experiments, runs and artifacts between stores

Examples:
  telltale tracking copy --from ./mlruns --to sqlite:///mlflow.db
  telltale tracking copy --from sqlite:///mlflow.db --to postgresql://ml:pw@db:5432/mlflow --artifact-root /data/mlartifacts
`

func runTracking(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, []string) error{
		"copy": runTrackingCopy,
	}
	return dispatch("tracking", "tracking copy [flags]", trackingHelp, subs, ctx, e, args)
}

func runTrackingCopy(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("tracking copy", "tracking copy --from URI --to URI [flags]", `
Copy experiments, runs (params, full metric histories, tags, dataset
inputs, status, times, deleted or not) and artifacts from one tracking
store to another: a file store into a database (the move MLflow asks of
file-store users), a database into another, or back into a folder. Run
ids and timestamps are kept, and experiment ids where the destination can
hold them (PostgreSQL and MySQL ids are 32-bit: the file store's 18-digit
ids get new ones, printed). Experiments are matched by name and runs by
id, so running the same copy again copies only what is new, and completes
a copy that was interrupted. Artifacts go under the destination's
artifact location (--artifact-root for a database).
`+storeHelp+`
Examples:
  telltale tracking copy --from ./mlruns --to sqlite:///mlflow.db
  telltale tracking copy --from ./mlruns --to sqlite:///mlflow.db --experiment nightly
  telltale tracking copy --from sqlite:///mlflow.db --to ./mlruns-backup --json`, e.stdout)
	from := fs.String("from", "", "the source store `URI` (required)")
	to := fs.String("to", "", "the destination store `URI`, created if missing (required)")
	root := fs.String("artifact-root", "", "where a database destination puts the artifacts of the experiments it creates, `DIR`/<experiment id> (default ./mlruns, as MLflow)")
	var exps listFlag
	fs.Var(&exps, "experiment", "copy only the experiment `NAME` (or id); repeatable")
	asJSON := fs.Bool("json", false, "print the counts as JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("tracking copy", "tracking copy takes no arguments, got %q", pos[0])
	}
	if *from == "" || *to == "" {
		return usagef("tracking copy", "give --from URI and --to URI")
	}
	if *from == *to {
		return usagef("tracking copy", "--from and --to are the same store")
	}
	src, err := backend.Open(ctx, *from, backend.Options{MustExist: true})
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := backend.Open(ctx, *to, backend.Options{ArtifactRoot: *root})
	if err != nil {
		return err
	}
	defer dst.Close()
	opts := tracking.CopyOptions{Experiments: exps}
	if e.tty && !*asJSON {
		opts.Progress = func(exp string, n int) {
			fmt.Fprintf(e.stdout, "\r%s: %d runs", exp, n)
		}
	}
	st, err := tracking.Copy(ctx, src, dst, opts)
	if e.tty && opts.Progress != nil {
		fmt.Fprint(e.stdout, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, st)
	}
	fmt.Fprintf(e.stdout, "copied from %s to %s:\n", storeName(src), storeName(dst))
	fmt.Fprintf(e.stdout, "  experiments  %d created, %d already there\n", st.Experiments, st.ExperimentsExisted)
	fmt.Fprintf(e.stdout, "  runs         %d copied, %d already there\n", st.Runs, st.RunsExisted)
	fmt.Fprintf(e.stdout, "  artifacts    %d copied (%d bytes), %d already there\n", st.Artifacts, st.Bytes, st.ArtifactsExisted)
	for _, id := range sortedNames(st.IDs) {
		fmt.Fprintf(e.stdout, "  experiment %s is %s in the destination\n", id, st.IDs[id])
	}
	return nil
}
