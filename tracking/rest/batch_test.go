package rest

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

// marshalBatch is the log-batch body as encoding/json writes it, the
// reference batchBody must equal.
func marshalBatch(runID string, b tracking.Batch) ([]byte, error) {
	tags := make([]kv, len(b.Tags))
	for i, t := range b.Tags {
		tags[i] = kv{t.Key, t.Value}
	}
	params := make([]kv, len(b.Params))
	for i, p := range b.Params {
		params[i] = kv{p.Key, p.Value}
	}
	return json.Marshal(struct {
		RunID   string            `json:"run_id"`
		Metrics []tracking.Metric `json:"metrics,omitempty"`
		Params  []kv              `json:"params,omitempty"`
		Tags    []kv              `json:"tags,omitempty"`
	}{runID, b.Metrics, params, tags})
}

func checkBatchBody(t *testing.T, runID string, b tracking.Batch) {
	t.Helper()
	got, err := batchBody(runID, b)
	if firstInvalid(runID, b) != "" {
		require.Error(t, err)
		assert.True(t, errors.Is(err, tracking.ErrInvalid))
		assert.Contains(t, err.Error(), "is not valid UTF-8")
		return
	}
	require.NoError(t, err)
	want, err := marshalBatch(runID, b)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestBatchBody(t *testing.T) {
	checkBatchBody(t, "r1", tracking.Batch{})
	checkBatchBody(t, "r1", tracking.Batch{
		Metrics: []tracking.Metric{
			{Key: "loss", Value: 0.25, Timestamp: 1750000000000, Step: 3}, {Key: "nan", Value: math.NaN()},
			{Key: "inf", Value: math.Inf(1)}, {Key: "-inf", Value: math.Inf(-1), Step: -1}, {Key: "tiny", Value: 1e-7},
			{Key: "huge", Value: -1.5e300}, {Key: "zero", Value: math.Copysign(0, -1)}, {Key: "e21", Value: 1e21},
			{Key: "e20", Value: 1e20}, {Key: "sub", Value: 5e-324}, {Key: "max", Value: math.MaxFloat64},
		},
		Params: []tracking.Param{{Key: "a<b>&c", Value: "q\"uo\\te\n\t\r\b\f\x00\x1f"}, {Key: "é", Value: "\u2028\u2029😀"}},
		Tags:   []tracking.Tag{{Key: "t", Value: ""}},
	})
	checkBatchBody(t, "r1", tracking.Batch{Tags: []tracking.Tag{{Key: "t", Value: "v"}}})
	checkBatchBody(t, "r1", tracking.Batch{Params: []tracking.Param{{Key: "bad", Value: "\xff"}}})
	checkBatchBody(t, "\xff", tracking.Batch{})
}

// FuzzBatchBody: batchBody writes the bytes json.Marshal writes, and
// refuses what is not UTF-8.
func FuzzBatchBody(f *testing.F) {
	f.Add("r", "k", 1.5, int64(1), int64(2), "p", "v", "t", "w", uint8(7))
	f.Add("r\n", "<&>", math.Inf(1), int64(-1), int64(0), "\u2028", "\xff", "", "\x00", uint8(0))
	f.Fuzz(func(t *testing.T, runID, key string, value float64, ts, step int64, pk, pv, tk, tv string, shape uint8) {
		var b tracking.Batch
		if shape&1 != 0 {
			b.Metrics = []tracking.Metric{{Key: key, Value: value, Timestamp: ts, Step: step}, {Key: pk, Value: -value, Step: ts}}
		}
		if shape&2 != 0 {
			b.Params = []tracking.Param{{Key: pk, Value: pv}}
		}
		if shape&4 != 0 {
			b.Tags = []tracking.Tag{{Key: tk, Value: tv}, {Key: key, Value: runID}}
		}
		checkBatchBody(t, runID, b)
	})
}
