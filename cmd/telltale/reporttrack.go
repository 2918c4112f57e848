package main

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"sort"

	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/reportlog"
	"github.com/telltale-ml/telltale/tracking"
)

// reportTracking are the flags of report and test that log what they
// found as a run of a tracking store.
type reportTracking struct {
	track        string
	artifactRoot string
	experiment   string
	runName      string
	params       listFlag
}

func (r *reportTracking) register(fs *flag.FlagSet) {
	fs.StringVar(&r.track, "track", "", "log the report as a run of the tracking store `URI`: a directory, file:, sqlite:, postgresql:, mysql: or http(s): URI (created if missing)")
	fs.StringVar(&r.artifactRoot, "artifact-root", "", "where the store puts the artifacts of new experiments, `DIR`/<experiment id> (default: inside a file store, ./mlruns for a database, as MLflow)")
	fs.StringVar(&r.experiment, "experiment", "", "the experiment `NAME` of the logged run (created if missing; default: MLflow's Default experiment); implies --track $TELLTALE_TRACKING_URI, $MLFLOW_TRACKING_URI or ./mlruns")
	fs.StringVar(&r.runName, "run-name", "", "the `NAME` of the logged run")
	fs.Func("param", "a `KEY=VALUE` param of the logged run, such as model=rf; repeat for several", func(v string) error {
		r.params = append(r.params, v)
		return nil
	})
}

// enabled reports whether the user asked for tracking.
func (r *reportTracking) enabled() bool { return r.track != "" || r.experiment != "" }

// check validates the flags before any work is done: param keys and
// values, the run and experiment names are checked as the store checks
// them, so that a bad one is refused before the data is read, not after
// the report was computed (which left a FAILED run behind).
func (r *reportTracking) check(cmd string) error {
	if !r.enabled() && (r.runName != "" || len(r.params) > 0) {
		return usagef(cmd, "--run-name and --param need --track URI or --experiment NAME")
	}
	params, err := parsePairs(cmd, "--param", r.params)
	if err != nil {
		return err
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if err := tracking.ValidateParam(k, params[k]); err != nil {
			return usagef(cmd, "--param: %v", err)
		}
	}
	if r.experiment != "" {
		if err := tracking.ValidateExperimentName(r.experiment); err != nil {
			return usagef(cmd, "--experiment: %v", err)
		}
	}
	if err := tracking.ValidateTag(tracking.TagRunName, r.runName); err != nil {
		return usagef(cmd, "--run-name: %v", err)
	}
	return nil
}

// log logs s with its rendered files (artifact name → content) and the
// params the command derived (mapping, presets), the user's --param
// values taking precedence, and prints the run's id.
func (r *reportTracking) log(ctx context.Context, cmd string, e *env, s *report.Snapshot, artifacts map[string][]byte, params map[string]string) error {
	if !r.enabled() {
		return nil
	}
	user, err := parsePairs(cmd, "--param", r.params)
	if err != nil {
		return err
	}
	all := map[string]string{}
	maps.Copy(all, params)
	maps.Copy(all, user)
	store, err := openStore(ctx, e, r.track, r.artifactRoot, false)
	if err != nil {
		return err
	}
	defer store.Close()
	id, err := reportlog.Log(ctx, store, s, reportlog.Run{Experiment: r.experiment, Name: r.runName, Params: all, Artifacts: artifacts})
	if err != nil {
		return err
	}
	exp := r.experiment
	if exp == "" {
		exp = tracking.DefaultExperimentName
	}
	fmt.Fprintf(e.stdout, "logged run %s in experiment %q of %s\n", id, exp, storeName(store))
	return nil
}
