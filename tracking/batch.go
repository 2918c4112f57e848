package tracking

import (
	"fmt"
	"math"
)

// CheckBatch checks a LogBatch argument as MLflow's log_batch does before
// it writes anything: the counts (MaxBatchMetrics, MaxBatchParams,
// MaxBatchTags, MaxBatchItems, with MLflow's message), every key, metric
// timestamps (not negative), param values (at most 6000 characters), tag
// values (at most 8000) and param keys that appear twice. Every store
// calls it first, so a bad batch writes nothing.
func CheckBatch(b Batch) error {
	for _, c := range []struct {
		n, max int
		what   string
	}{
		{len(b.Metrics), MaxBatchMetrics, "metrics"},
		{len(b.Params), MaxBatchParams, "params"},
		{len(b.Tags), MaxBatchTags, "tags"},
		{len(b.Metrics) + len(b.Params) + len(b.Tags), MaxBatchItems, "total entities"},
	} {
		if c.n > c.max {
			return fmt.Errorf("%w: A batch logging request can contain at most %d %s. Got %d %s. Please split up %s across multiple requests and try again.",
				ErrInvalid, c.max, c.what, c.n, c.what, c.what)
		}
	}
	for _, m := range b.Metrics {
		if err := validateKey("metric", m.Key); err != nil {
			return err
		}
		if m.Timestamp < 0 {
			return fmt.Errorf("%w: metric %q: timestamp %d is negative (want ms since the epoch)", ErrInvalid, m.Key, m.Timestamp)
		}
	}
	seen := make(map[string]string, len(b.Params))
	for _, p := range b.Params {
		if err := validateKey("param", p.Key); err != nil {
			return err
		}
		if err := validateValue("param", p.Key, p.Value, maxParamValueLen); err != nil {
			return err
		}
		if _, dup := seen[p.Key]; dup {
			return fmt.Errorf("%w: Duplicate parameter keys have been submitted: [%q]. Please ensure the request contains only one param value per param key.", ErrInvalid, p.Key)
		}
		seen[p.Key] = p.Value
	}
	for _, t := range b.Tags {
		if err := ValidateTag(t.Key, t.Value); err != nil {
			return err
		}
	}
	return nil
}

// LastTags returns tags with only the last value of each key, in the
// order of their last appearance, as a batch applies them.
func LastTags(tags []Tag) []Tag {
	last := make(map[string]int, len(tags))
	for i, t := range tags {
		last[t.Key] = i
	}
	out := make([]Tag, 0, len(last))
	for i, t := range tags {
		if last[t.Key] == i {
			out = append(out, t)
		}
	}
	return out
}

// LaterMetric reports whether point a replaces b as the latest value of a
// metric: the greater (step, timestamp, value), MLflow's rule. NaN is
// compared as MLflow's SQL store compares its stored value, 0; stores
// that keep NaN as such (the file store) compare it the same way.
func LaterMetric(a, b Metric) bool {
	if a.Step != b.Step {
		return a.Step > b.Step
	}
	if a.Timestamp != b.Timestamp {
		return a.Timestamp > b.Timestamp
	}
	return nanAsZero(a.Value) > nanAsZero(b.Value)
}

func nanAsZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}
