package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/render/jsonprofile"
	"github.com/telltale-ml/telltale/reportlog"
	"github.com/telltale-ml/telltale/tracking"
)

// Tags serve sets on the runs it logs, beside reportlog's.
const (
	tagDataset     = "telltale.dataset"
	tagMonitorSeq  = "telltale.monitor.seq"
	tagMonitorTime = "telltale.monitor.window_at"
)

// tracker logs recomputations as runs of a tracking store, through
// reportlog as report --track does. It is the one place serve uses
// tracking.
type tracker struct {
	store tracking.Store
	log   *slog.Logger
}

// openTracker opens the store at uri (a directory or a tracking URI, as
// report --track takes); nil when uri is "".
func openTracker(ctx context.Context, e *env, uri, artifactRoot string, log *slog.Logger) (*tracker, error) {
	if uri == "" {
		return nil, nil
	}
	store, err := openStore(ctx, e, uri, artifactRoot, false)
	if err != nil {
		return nil, fmt.Errorf("serve: --track: %w", err)
	}
	return &tracker{store: store, log: log}, nil
}

func (t *tracker) close() { _ = t.store.Close() }

// lastSeq returns the sequence number of the dataset's latest logged run
// (0 when none), so that numbering goes on across restarts.
func (t *tracker) lastSeq(ctx context.Context, spec *datasetSpec) int64 {
	exp, err := t.store.GetExperimentByName(ctx, spec.experiment)
	if err != nil {
		return 0
	}
	filter := fmt.Sprintf("tags.`%s` = '%s'", tagDataset, spec.name)
	runs, _, err := t.store.SearchRuns(ctx, tracking.RunQuery{ExperimentIDs: []string{exp.ID}, Filter: filter, MaxResults: 1})
	if err != nil || len(runs) == 0 {
		return 0
	}
	n, _ := strconv.ParseInt(runs[0].Tags[tagMonitorSeq], 10, 64)
	return n
}

// hook returns the monitor's OnRecompute: it logs every TrackEvery'th
// recomputation (the first, then every Nth after it) as a run named
// "NAME #SEQ", with the JSON profile and the HTML report as artifacts.
// Failures are logged, not fatal.
func (t *tracker) hook(ctx context.Context, spec *datasetSpec) func(context.Context, *monitor.Result) {
	offset := t.lastSeq(ctx, spec)
	every := int64(max(spec.settings.TrackEvery, 1))
	st := spec.settings
	params := map[string]string{"command": "serve", "dataset": spec.name, "reference": spec.reference}
	for k, v := range map[string]string{"window_rows": strconv.Itoa(st.WindowRows), "every_rows": strconv.Itoa(st.EveryRows)} {
		if v != "0" {
			params[k] = v
		}
	}
	if st.WindowDuration > 0 {
		params["window_duration"] = st.WindowDuration.String()
	}
	if st.WindowBy != "" {
		params["window_by"] = st.WindowBy
	}
	if st.Every > 0 {
		params["every"] = st.Every.String()
	}
	return func(ctx context.Context, res *monitor.Result) {
		if (res.Seq-1)%every != 0 {
			return
		}
		// A run being logged when the server stops is finished, not cut.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		seq := offset + res.Seq
		var js, page bytes.Buffer
		if err := jsonprofile.Write(&js, res.Snapshot); err != nil {
			t.log.Error("tracking: rendering the JSON profile", "dataset", spec.name, "error", err.Error())
			return
		}
		title := fmt.Sprintf("telltale: %s #%d, window of %d rows at %s", spec.name, seq, res.Current.Len(), res.WindowAt.UTC().Format(time.RFC3339))
		if err := html.Write(&page, res.Snapshot, &html.Options{Title: title}); err != nil {
			t.log.Error("tracking: rendering the HTML report", "dataset", spec.name, "error", err.Error())
			return
		}
		id, err := reportlog.Log(ctx, t.store, res.Snapshot, reportlog.Run{
			Experiment: spec.experiment,
			Name:       fmt.Sprintf("%s #%d", spec.name, seq),
			Params:     params,
			Tags: map[string]string{tagDataset: spec.name, tagMonitorSeq: strconv.FormatInt(seq, 10),
				tagMonitorTime: res.WindowAt.UTC().Format(time.RFC3339Nano)},
			Artifacts: map[string][]byte{"telltale.json": js.Bytes(), "telltale.html": page.Bytes()},
		})
		if err != nil {
			t.log.Error("tracking: logging the run", "dataset", spec.name, "seq", seq, "error", err.Error())
			return
		}
		t.log.Info("logged a run", "dataset", spec.name, "seq", seq, "run_id", id, "experiment", spec.experiment)
	}
}
