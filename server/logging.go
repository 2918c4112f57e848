package server

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/telltale-ml/telltale/tracking"
)

// maxBatchBytes is MLflow's limit on the body of a log-batch request
// (MAX_BATCH_LOG_REQUEST_SIZE, mlflow/utils/validation.py).
const maxBatchBytes = 1_000_000

// metric reads a metric point: key, value and timestamp required, step 0
// by default.
func metric(f *fields) (tracking.Metric, error) {
	var m tracking.Metric
	var err error
	if m.Key, err = f.requiredStr("key"); err != nil {
		return m, err
	}
	var ok bool
	if m.Value, ok, err = f.float("value"); err != nil {
		return m, err
	} else if !ok {
		return m, f.missing("value")
	}
	if m.Timestamp, ok, err = f.int64("timestamp"); err != nil {
		return m, err
	} else if !ok {
		return m, f.missing("timestamp")
	}
	if m.Step, _, err = f.int64("step"); err != nil {
		return m, err
	}
	return m, nil
}

// POST runs/log-metric {run_id, key, value, timestamp, step} -> {}
func (s *Server) logMetric(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	m, err := metric(f)
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.LogBatch(ctx, id, tracking.Batch{Metrics: []tracking.Metric{m}})
}

// POST runs/log-parameter {run_id, key, value} -> {}. The value must be a
// JSON string; an absent one is "".
func (s *Server) logParam(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("key")
	if err != nil {
		return nil, err
	}
	value, err := f.str("value")
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.LogBatch(ctx, id, tracking.Batch{Params: []tracking.Param{{Key: key, Value: value}}})
}

// POST runs/set-tag {run_id, key, value} -> {}
func (s *Server) setTag(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("key")
	if err != nil {
		return nil, err
	}
	value, err := f.str("value")
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.LogBatch(ctx, id, tracking.Batch{Tags: []tracking.Tag{{Key: key, Value: value}}})
}

// POST runs/delete-tag {run_id, key} -> {}
func (s *Server) deleteTag(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("key")
	if err != nil {
		return nil, err
	}
	return struct{}{}, s.store.DeleteTag(ctx, id, key)
}

// POST runs/log-batch {run_id, metrics[], params[], tags[]} -> {}
func (s *Server) logBatch(ctx context.Context, f *fields) (any, error) {
	if f.size > maxBatchBytes {
		return nil, invalidParam(fmt.Sprintf("Batched logging API requests must be at most %d bytes, got payload of size %d.", maxBatchBytes, f.size))
	}
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	var b tracking.Batch
	ms, err := f.objects("metrics")
	if err != nil {
		return nil, err
	}
	b.Metrics = make([]tracking.Metric, 0, len(ms))
	for i := range ms {
		m, err := metric(&ms[i])
		if err != nil {
			return nil, err
		}
		b.Metrics = append(b.Metrics, m)
	}
	params, err := f.keyValues("params")
	if err != nil {
		return nil, err
	}
	for _, p := range params {
		b.Params = append(b.Params, tracking.Param{Key: p[0], Value: p[1]})
	}
	tags, err := f.keyValues("tags")
	if err != nil {
		return nil, err
	}
	for _, t := range tags {
		b.Tags = append(b.Tags, tracking.Tag{Key: t[0], Value: t[1]})
	}
	return struct{}{}, s.store.LogBatch(ctx, id, b)
}

// POST runs/log-inputs {run_id, datasets[{tags[], dataset{...}}],
// models[]} -> {}. Model inputs (MLflow 3's logged models) are not kept
// by telltale's stores: a request with some is refused, not dropped.
func (s *Server) logInputs(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	if models, err := f.objects("models"); err != nil {
		return nil, err
	} else if len(models) > 0 {
		return nil, &apiError{status: http.StatusNotImplemented, code: codeNotImplemented,
			msg: "telltale's server does not keep model inputs (MLflow's logged models); log datasets only."}
	}
	items, err := f.objects("datasets")
	if err != nil {
		return nil, err
	}
	inputs := make([]tracking.DatasetInput, 0, len(items))
	for i := range items {
		it := &items[i]
		var in tracking.DatasetInput
		if in.Tags, err = tagsMap(it, "tags"); err != nil {
			return nil, err
		}
		d, err := it.object("dataset")
		if err != nil {
			return nil, err
		}
		if d == nil {
			return nil, it.missing("dataset")
		}
		for _, fld := range []struct {
			name string
			dst  *string
		}{
			{"name", &in.Dataset.Name}, {"digest", &in.Dataset.Digest}, {"source_type", &in.Dataset.SourceType},
			{"source", &in.Dataset.Source}, {"schema", &in.Dataset.Schema}, {"profile", &in.Dataset.Profile},
		} {
			if *fld.dst, err = d.str(fld.name); err != nil {
				return nil, err
			}
		}
		inputs = append(inputs, in)
	}
	return struct{}{}, s.store.LogInputs(ctx, id, inputs)
}

// GET metrics/get-history {run_id, metric_key, max_results, page_token}
// -> {metrics[], next_page_token}. Without max_results every point comes
// in one page (MLflow's server then answers none; its clients always
// send max_results).
func (s *Server) getMetricHistory(ctx context.Context, f *fields) (any, error) {
	id, err := f.runID()
	if err != nil {
		return nil, err
	}
	key, err := f.requiredStr("metric_key")
	if err != nil {
		return nil, err
	}
	max, hasMax, err := f.int64("max_results")
	if err != nil {
		return nil, err
	}
	if hasMax && (max < 1 || max > 1<<31-1) {
		return nil, invalidParam(fmt.Sprintf("Invalid value %d for parameter 'max_results' supplied. It must be a positive integer", max))
	}
	tok, err := f.str("page_token")
	if err != nil {
		return nil, err
	}
	offset, err := decodeOffsetToken(tok)
	if err != nil {
		return nil, err
	}
	all, err := s.store.GetMetricHistory(ctx, id, key)
	if err != nil {
		return nil, err
	}
	out := struct {
		Metrics       []tracking.Metric `json:"metrics,omitempty"`
		NextPageToken string            `json:"next_page_token,omitempty"`
	}{}
	offset = min(offset, len(all))
	end := len(all)
	if hasMax && int64(end-offset) > max {
		end = offset + int(max)
		out.NextPageToken = encodeOffsetToken(end)
	}
	out.Metrics = all[offset:end]
	return out, nil
}

// Page tokens are MLflow's: base64 of the JSON {"offset": N}.
func encodeOffsetToken(offset int) string {
	return base64.StdEncoding.EncodeToString(fmt.Appendf(nil, `{"offset": %d}`, offset))
}

func decodeOffsetToken(tok string) (int, error) {
	if tok == "" {
		return 0, nil
	}
	b, err := base64.StdEncoding.DecodeString(tok)
	var v struct {
		Offset *int `json:"offset"`
	}
	if err == nil {
		err = json.Unmarshal(b, &v)
	}
	if err != nil || v.Offset == nil || *v.Offset < 0 {
		return 0, invalidParam(fmt.Sprintf("Invalid page token %q.", tok))
	}
	return *v.Offset, nil
}
