// Package reportlog logs a report into a tracking run in one call: the
// headline numbers as metrics, the caller's params, tags naming the inputs
// and the telltale version, and the rendered files as artifacts.
package reportlog

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tracking"
)

// Tags telltale sets on the runs it logs.
const (
	TagVersion     = "telltale.version"
	TagReference   = "telltale.reference"
	TagCurrent     = "telltale.current"
	TagTestsFailed = "telltale.tests_failed"
)

// Run describes the run to log a snapshot into.
type Run struct {
	// Experiment is the experiment's name; it is created when missing.
	// Empty means MLflow's Default experiment.
	Experiment string
	// Name is the run's name; empty lets the store pick one.
	Name string
	// Params are logged as the run's params (for example the mapping and
	// the presets); Tags are added to telltale's own.
	Params, Tags map[string]string
	// Artifacts are files to log, by artifact path ("report.html").
	Artifacts map[string][]byte
}

// Log logs s into a new run of store (any tracking store: a folder, a
// database or a tracking server) and returns the run's id. The run ends
// FINISHED, also when tests failed (the tag telltale.tests_failed says
// so); it ends FAILED only when logging itself fails.
func Log(ctx context.Context, store tracking.Store, s *report.Snapshot, r Run) (string, error) {
	expID := tracking.DefaultExperimentID
	if r.Experiment != "" {
		exp, err := store.GetExperimentByName(ctx, r.Experiment)
		switch {
		case err == nil:
			expID = exp.ID
		case !errors.Is(err, tracking.ErrNotFound):
			return "", fmt.Errorf("reportlog: experiment %q: %w", r.Experiment, err)
		default:
			id, cerr := store.CreateExperiment(ctx, r.Experiment, "", nil)
			if cerr != nil {
				// Another process may have created it meanwhile.
				exp, gerr := store.GetExperimentByName(ctx, r.Experiment)
				if gerr != nil {
					return "", fmt.Errorf("reportlog: experiment %q: %w", r.Experiment, cerr)
				}
				id = exp.ID
			}
			expID = id
		}
	}
	tags := map[string]string{TagVersion: s.Version, TagCurrent: s.Datasets.Current.Source}
	if s.Summary.Total > 0 {
		tags[TagTestsFailed] = fmt.Sprint(s.Summary.Failed)
	}
	if s.Datasets.Reference != nil {
		tags[TagReference] = s.Datasets.Reference.Source
	}
	if tags[TagVersion] == "" {
		tags[TagVersion] = "devel"
	}
	maps.Copy(tags, r.Tags)
	var runID string
	err := tracking.WithRun(ctx, store, expID, r.Name, tags, func(run *tracking.ActiveRun) error {
		runID = run.ID()
		if len(r.Params) > 0 {
			if err := run.LogParams(ctx, r.Params); err != nil {
				return err
			}
		}
		if err := run.LogMetrics(ctx, Headline(s), 0); err != nil {
			return err
		}
		names := make([]string, 0, len(r.Artifacts))
		for n := range r.Artifacts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if err := run.LogArtifactBytes(ctx, n, r.Artifacts[n]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return runID, fmt.Errorf("reportlog: %w", err)
	}
	return runID, nil
}

// headlineFields returns the result fields logged as metrics, per metric
// name; "current." reads the field of the current side.
func headlineFields() map[string][]string {
	return map[string][]string{
		"DataDrift": {"number_of_columns", "number_of_drifted_columns", "share_of_drifted_columns", "dataset_drift"},
		"ClassificationQuality": {"current.accuracy", "current.precision", "current.recall", "current.f1",
			"current.roc_auc", "current.log_loss", "current.tpr", "current.tnr", "current.fpr", "current.fnr"},
		"RegressionQuality": {"current.mean_error", "current.mae", "current.rmse", "current.mape", "current.r2",
			"current.max_error", "current.median_abs_error"},
		"DatasetSummary": {"current.rows", "current.missing_cells_share", "current.duplicated_rows"},
	}
}

// metricKey replaces what MLflow refuses in a metric key (anything but
// letters, digits, "_", "-", ".", " " and "/") with "_".
func metricKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("_-. /", r):
			return r
		}
		return '_'
	}, s)
}

// Headline returns the numbers of s worth tracking over runs:
//
//   - the test counts by status (tests_total, tests_success, ...), when
//     the report ran tests;
//   - DataDrift's column counts and share, and each column's drift score
//     (the p-value or distance compared with the threshold) as
//     drift_score/<column>, as Evidently's MLflow recipe logs every
//     column's drift_score (examples/integrations/mlflow_logging);
//   - the model quality metrics and a few dataset figures of the current
//     data ("accuracy", "rmse", "rows"), and the same of the reference
//     data when the report has them ("reference.accuracy").
//
// The first metric of a name gives plain keys ("share_of_drifted_columns");
// later ones are prefixed with their id. Undefined values (null) are left
// out. Keys hold only what MLflow allows in a metric key: other characters
// of a column name become "_".
func Headline(s *report.Snapshot) map[string]float64 {
	out := map[string]float64{}
	if s.Summary.Total > 0 {
		out["tests_total"] = float64(s.Summary.Total)
		out["tests_success"] = float64(s.Summary.Success)
		out["tests_fail"] = float64(s.Summary.Fail)
		out["tests_warning"] = float64(s.Summary.Warning)
		out["tests_error"] = float64(s.Summary.Error)
		out["tests_skipped"] = float64(s.Summary.Skipped)
	}
	seen := map[string]bool{}
	wanted := headlineFields()
	for _, e := range s.Metrics {
		fields, ok := wanted[e.Metric]
		if !ok || e.Result == nil {
			continue
		}
		prefix := ""
		if seen[e.Metric] {
			prefix = metricKey(e.ID) + "."
		}
		seen[e.Metric] = true
		raw, err := json.Marshal(e.Result)
		if err != nil {
			continue
		}
		var obj map[string]any
		if json.Unmarshal(raw, &obj) != nil {
			continue
		}
		for _, f := range fields {
			if v, ok := lookup(obj, f); ok {
				out[prefix+strings.TrimPrefix(f, "current.")] = v
			}
			if side, field, ok := strings.Cut(f, "."); ok && side == "current" {
				if v, ok := lookup(obj, "reference."+field); ok {
					out[prefix+"reference."+field] = v
				}
			}
		}
		if e.Metric == "DataDrift" {
			for k, v := range driftScores(obj) {
				out[prefix+k] = v
			}
		}
	}
	return out
}

// driftScores returns drift_score/<column> for each column of a DataDrift
// result that has a score.
func driftScores(obj map[string]any) map[string]float64 {
	cols, _ := obj["columns"].([]any)
	out := make(map[string]float64, len(cols))
	for _, c := range cols {
		col, ok := c.(map[string]any)
		if !ok {
			continue
		}
		name, _ := col["column"].(string)
		v, ok := lookup(col, "score")
		if !ok {
			continue
		}
		key := "drift_score/" + columnKey(name)
		for n := 2; ; n++ {
			if _, dup := out[key]; !dup {
				break
			}
			key = "drift_score/" + columnKey(name) + "_" + strconv.Itoa(n)
		}
		out[key] = v
	}
	return out
}

// columnKey makes a column name a part of a metric key: characters MLflow
// refuses, and "/", become "_"; a name of dots only (".", "..", which
// would name a folder of the file store) becomes underscores; long names
// are cut so that the key stays within MLflow's 250 characters.
func columnKey(name string) string {
	k := strings.ReplaceAll(metricKey(name), "/", "_")
	if strings.Trim(k, ".") == "" {
		k = strings.Repeat("_", len(k)+1)
	}
	if r := []rune(k); len(r) > 200 {
		k = string(r[:200])
	}
	return k
}

// lookup reads a number (or a boolean as 0/1) at a dotted path.
func lookup(obj map[string]any, path string) (float64, bool) {
	var cur any = obj
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return 0, false
		}
		cur = m[part]
	}
	switch v := cur.(type) {
	case float64:
		return v, !math.IsNaN(v)
	case bool:
		if v {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}
