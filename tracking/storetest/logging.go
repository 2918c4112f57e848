package storetest

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func testParams(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	id := mustRun(t, s, "0", "r", t0, nil).Info.RunID
	p := func(k, v string) tracking.Batch { return tracking.Batch{Params: []tracking.Param{{Key: k, Value: v}}} }

	mustBatch(t, s, id, p("alpha", "0.5"))
	mustBatch(t, s, id, p("alpha", "0.5")) // the same value again is fine
	err := s.LogBatch(ctx, id, p("alpha", "0.6"))
	isErr(t, err, tracking.ErrImmutable)
	if err != nil {
		assert.Contains(t, err.Error(), "Changing param values is not allowed")
		assert.Contains(t, err.Error(), "key='alpha'")
	}

	// Over-long values are refused with MLflow's message, not truncated.
	err = s.LogBatch(ctx, id, p("long", strings.Repeat("x", 6001)))
	isErr(t, err, tracking.ErrInvalid)
	if err != nil {
		assert.Contains(t, err.Error(), "had length 6001, which exceeded length limit of 6000")
	}
	mustBatch(t, s, id, p("max", strings.Repeat("é", 6000)))
	mustBatch(t, s, id, p("empty", ""))
	mustBatch(t, s, id, p("nested/key.name-1 x:y", "v"))

	for _, bad := range []string{"", "../x", "/abs", "a//b", "a/./b", "a/", "bad\nkey", "semi;colon", "quote'", strings.Repeat("k", 251)} {
		isErr(t, s.LogBatch(ctx, id, p(bad, "v")), tracking.ErrInvalid)
	}
	// A key twice in one batch: refused, and nothing of the batch is written.
	err = s.LogBatch(ctx, id, tracking.Batch{Params: []tracking.Param{{Key: "d1", Value: "1"}, {Key: "dup", Value: "1"}, {Key: "dup", Value: "2"}}})
	isErr(t, err, tracking.ErrInvalid)

	got, err := s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"alpha": "0.5", "max": strings.Repeat("é", 6000), "empty": "", "nested/key.name-1 x:y": "v"}, got.Params)
}

func testMetrics(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	id := mustRun(t, s, "0", "r", t0, nil).Info.RunID
	m := func(k string, v float64, ts, step int64) tracking.Metric {
		return tracking.Metric{Key: k, Value: v, Timestamp: ts, Step: step}
	}
	// Latest value: the greatest (step, timestamp, value).
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{
		m("loss", 5, t0+50, 3), m("loss", 7, t0+50, 3), m("loss", 1, t0+999, 2), m("loss", 0.5, t0+100, 0),
	}})
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{m("acc", 0.1, t0, 0)}})
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{m("acc", 0.2, t0+1, 1)}})
	// A NaN at a later step is the latest value.
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{m("nan", 3, t0, 4), m("nan", math.NaN(), t0, 5)}})
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{m("inf", math.Inf(1), t0, 0), m("ninf", math.Inf(-1), t0, 0)}})
	mustBatch(t, s, id, tracking.Batch{Metrics: []tracking.Metric{m("neg step", -1.5, t0, -3), m("zero time", 2, 0, 0)}})

	got, err := s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, m("loss", 7, t0+50, 3), got.Metrics["loss"])
	assert.Equal(t, m("acc", 0.2, t0+1, 1), got.Metrics["acc"])
	assert.True(t, math.IsNaN(got.Metrics["nan"].Value))
	assert.Equal(t, int64(5), got.Metrics["nan"].Step)
	assertInf(t, got.Metrics["inf"].Value, 1)
	assertInf(t, got.Metrics["ninf"].Value, -1)
	assert.Equal(t, m("neg step", -1.5, t0, -3), got.Metrics["neg step"])
	assert.Equal(t, m("zero time", 2, 0, 0), got.Metrics["zero time"])
	assert.Len(t, got.Metrics, 7)

	h, err := s.GetMetricHistory(ctx, id, "loss")
	require.NoError(t, err)
	assert.Equal(t, []tracking.Metric{m("loss", 5, t0+50, 3), m("loss", 7, t0+50, 3), m("loss", 0.5, t0+100, 0), m("loss", 1, t0+999, 2)}, h,
		"ordered by timestamp, step, value")
	h, err = s.GetMetricHistory(ctx, id, "nan")
	require.NoError(t, err)
	require.Len(t, h, 2)
	assert.Equal(t, 3.0, h[0].Value)
	assert.True(t, math.IsNaN(h[1].Value))
	h, err = s.GetMetricHistory(ctx, id, "unknown")
	require.NoError(t, err)
	assert.Empty(t, h)
	_, err = s.GetMetricHistory(ctx, "0123456789abcdef0123456789abcdef", "loss")
	isErr(t, err, tracking.ErrNotFound)

	isErr(t, s.LogBatch(ctx, id, tracking.Batch{Metrics: []tracking.Metric{m("neg", 1, -1, 0)}}), tracking.ErrInvalid)
	isErr(t, s.LogBatch(ctx, id, tracking.Batch{Metrics: []tracking.Metric{m("../x", 1, 0, 0)}}), tracking.ErrInvalid)
	isErr(t, s.LogBatch(ctx, "0123456789abcdef0123456789abcdef", tracking.Batch{Metrics: []tracking.Metric{m("x", 1, 0, 0)}}), tracking.ErrNotFound)

	// Many points of one metric.
	var many []tracking.Metric
	for i := range 1000 {
		many = append(many, m("curve", float64(i)/1000, t0+int64(i), int64(i)))
	}
	mustBatch(t, s, id, tracking.Batch{Metrics: many})
	h, err = s.GetMetricHistory(ctx, id, "curve")
	require.NoError(t, err)
	assert.Equal(t, many, h)
}

// assertInf accepts an infinity or, as MLflow's SQL store keeps them,
// the largest finite double of that sign.
func assertInf(t *testing.T, v float64, sign int) {
	t.Helper()
	if !math.IsInf(v, sign) && v != float64(sign)*math.MaxFloat64 {
		t.Errorf("got %v, want an infinity of sign %d or ±MaxFloat64", v, sign)
	}
}

func testTags(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	r := mustRun(t, s, "0", "first", t0, map[string]string{"keep": "1"})
	id := r.Info.RunID
	tag := func(k, v string) tracking.Tag { return tracking.Tag{Key: k, Value: v} }
	mustBatch(t, s, id, tracking.Batch{Tags: []tracking.Tag{tag("a", "1"), tag("b", "x"), tag("a", "2")}})
	mustBatch(t, s, id, tracking.Batch{Tags: []tracking.Tag{tag("b", "y"), tag("multi", "line one\nline two"), tag("long", strings.Repeat("t", 8000))}})
	isErr(t, s.LogBatch(ctx, id, tracking.Batch{Tags: []tracking.Tag{tag("toolong", strings.Repeat("t", 8001))}}), tracking.ErrInvalid)
	// mlflow.runName renames the run.
	mustBatch(t, s, id, tracking.Batch{Tags: []tracking.Tag{tag(tracking.TagRunName, "second")}})

	got, err := s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "second", got.Info.RunName)
	assert.Equal(t, map[string]string{"keep": "1", "a": "2", "b": "y", "multi": "line one\nline two", "long": strings.Repeat("t", 8000), tracking.TagRunName: "second"}, got.Tags)

	require.NoError(t, s.DeleteTag(ctx, id, "a"))
	isErr(t, s.DeleteTag(ctx, id, "a"), tracking.ErrNotFound)
	isErr(t, s.DeleteTag(ctx, id, "../a"), tracking.ErrInvalid)
	got, err = s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.NotContains(t, got.Tags, "a")
}

func testBatchLimits(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	id := mustRun(t, s, "0", "r", t0, nil).Info.RunID
	batch := func(nm, np, nt int) tracking.Batch {
		var b tracking.Batch
		for i := range nm {
			b.Metrics = append(b.Metrics, tracking.Metric{Key: "m", Value: float64(i), Timestamp: t0 + int64(i)})
		}
		for i := range np {
			b.Params = append(b.Params, tracking.Param{Key: "p" + itoa(i), Value: "v"})
		}
		for i := range nt {
			b.Tags = append(b.Tags, tracking.Tag{Key: "t" + itoa(i), Value: "v"})
		}
		return b
	}
	for _, b := range []tracking.Batch{batch(1001, 0, 0), batch(0, 101, 0), batch(0, 0, 101), batch(900, 100, 1)} {
		err := s.LogBatch(ctx, id, b)
		isErr(t, err, tracking.ErrInvalid)
		if err != nil {
			assert.Contains(t, err.Error(), "A batch logging request can contain at most")
		}
	}
	mustBatch(t, s, id, batch(800, 100, 100))
	mustBatch(t, s, id, tracking.Batch{}) // an empty batch is fine
	got, err := s.GetRun(ctx, id)
	require.NoError(t, err)
	assert.Len(t, got.Params, 100)
	assert.Len(t, got.Tags, 101)
	h, err := s.GetMetricHistory(ctx, id, "m")
	require.NoError(t, err)
	assert.Len(t, h, 800)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
