package storetest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/tracking"
)

func testInputs(t *testing.T, open Open) {
	ctx := t.Context()
	s := open(t)
	r1 := mustRun(t, s, "0", "r1", t0, nil).Info.RunID
	r2 := mustRun(t, s, "0", "r2", t0+1, nil).Info.RunID
	train := tracking.Dataset{Name: "train", Digest: "ad126910", SourceType: "local", Source: `{"uri": "/data/train.csv"}`,
		Schema: `{"mlflow_colspec": [{"type": "double", "name": "x"}]}`, Profile: `{"num_rows": 2}`}
	eval := tracking.Dataset{Name: "eval", Digest: "c42e9dfe", SourceType: "code", Source: "{}"}
	in := func(d tracking.Dataset, ctx string) tracking.DatasetInput {
		x := tracking.DatasetInput{Dataset: d}
		if ctx != "" {
			x.Tags = map[string]string{tracking.TagDatasetContext: ctx}
		}
		return x
	}
	require.NoError(t, s.LogInputs(ctx, r1, []tracking.DatasetInput{in(train, "training"), in(eval, "")}))
	require.NoError(t, s.LogInputs(ctx, r1, []tracking.DatasetInput{in(train, "training")}), "linking again adds nothing")
	require.NoError(t, s.LogInputs(ctx, r2, []tracking.DatasetInput{in(train, "eval")}))
	require.NoError(t, s.LogInputs(ctx, r2, nil))

	got, err := s.GetRun(ctx, r1)
	require.NoError(t, err)
	assert.Equal(t, []tracking.DatasetInput{in(eval, ""), in(train, "training")}, got.Inputs)
	got, err = s.GetRun(ctx, r2)
	require.NoError(t, err)
	assert.Equal(t, []tracking.DatasetInput{in(train, "eval")}, got.Inputs)

	for _, bad := range []tracking.Dataset{
		{Digest: "1"}, {Name: "x"}, {Name: strings.Repeat("n", 501), Digest: "1"}, {Name: "x", Digest: strings.Repeat("d", 37)},
	} {
		isErr(t, s.LogInputs(ctx, r1, []tracking.DatasetInput{{Dataset: bad}}), tracking.ErrInvalid)
	}
	isErr(t, s.LogInputs(ctx, r1, []tracking.DatasetInput{{Dataset: eval, Tags: map[string]string{"k": strings.Repeat("v", 501)}}}), tracking.ErrInvalid)
	isErr(t, s.LogInputs(ctx, "0123456789abcdef0123456789abcdef", []tracking.DatasetInput{in(eval, "")}), tracking.ErrNotFound)
}
