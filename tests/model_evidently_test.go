package tests_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

// csvOf writes columns (name, values) as a CSV text.
func csvOf(names []string, cols ...[]any) string {
	var b strings.Builder
	b.WriteString(strings.Join(names, ",") + "\n")
	for i := range cols[0] {
		for j, c := range cols {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprint(&b, c[i])
		}
		b.WriteString("\n")
	}
	return b.String()
}

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Evidently 0.4.40's
// tests/tests/test_classification_performance_tests.py::test_log_loss_test
// and ::test_log_loss_test_json_render: target a, a, a, b, one probability
// column named "b", pos_label "a". The column holds P(b), so P(a) = 1 - b
// and the log loss is 0.446 (scikit-learn's log_loss(y, [[1-b, b]])):
// gte 0.8 fails, lt 0.8 passes, and against itself as reference it passes.
func TestLogLossOneColumnNamedAfterAClass(t *testing.T) {
	c := evidentlyCase(t, "log_loss_column_named_after_class")
	cur := readCSV(t, csvOf([]string{"target", "b"}, anys(caseValue[[]string](t, c, "target")), anys(caseValue[[]float64](t, c, "b"))))
	def := &dataset.Definition{Target: "target", PredictionProbas: dataset.ProbasNamedAsClasses("b"), PosLabel: "a"}
	want := caseValue[float64](t, c, "sklearn.metrics.log_loss(target, [[1-b, b]], labels=['a','b'])")

	s := runModel(t, []tests.Test{
		fromConfig(t, "LogLoss", `{"gte": 0.8}`),
		fromConfig(t, "LogLoss", `{"lt": 0.8}`),
	}, nil, cur, def)
	assert.Equal(t, []tests.Status{tests.Fail, tests.Success}, statuses(s))
	assert.InDelta(t, want, float64(s.Tests[0].Value), 1e-15)

	s = runModel(t, []tests.Test{fromConfig(t, "LogLoss", `{}`)}, cur, cur, def)
	assert.Equal(t, tests.Success, s.Tests[0].Status, s.Tests[0].Description)

	// A column named after the positive label, or after no label, is the
	// positive label's probability: log_loss(y, [[b, 1-b]]).
	other := caseValue[float64](t, c, "sklearn.metrics.log_loss(target, [[b, 1-b]], labels=['a','b'])")
	for _, d := range []*dataset.Definition{
		{Target: "target", PredictionProbas: []dataset.ProbaColumn{{Label: "a", Column: "b"}}, PosLabel: "a"},
		{Target: "target", PredictionProbas: []dataset.ProbaColumn{{Label: "score", Column: "b"}}, PosLabel: "a"},
	} {
		s = runModel(t, []tests.Test{fromConfig(t, "LogLoss", `{"lt": 2}`)}, nil, cur, d)
		assert.InDelta(t, other, float64(s.Tests[0].Value), 1e-15)
	}
}

// Evidently 0.4.40's
// tests/tests/test_classification_performance_tests.py::test_log_loss_test_cannot_calculate_log_loss
// and ::test_roc_auc_test_cannot_calculate_roc_auc: with predicted labels
// only, LogLoss and RocAuc are ERROR asking for probabilities, not FAIL.
func TestLogLossAndRocAucNeedProbabilities(t *testing.T) {
	cur := readCSV(t, csvOf([]string{"target", "prediction"},
		anys([]string{"a", "a", "a", "b", "b", "b", "c", "c", "c", "c"}),
		anys([]string{"a", "a", "a", "b", "a", "c", "a", "c", "c", "c"})))
	def := &dataset.Definition{Target: "target", Prediction: "prediction"}
	s := runModel(t, []tests.Test{fromConfig(t, "LogLoss", `{"lt": 1}`), fromConfig(t, "RocAuc", `{"lt": 1}`)}, nil, cur, def)
	assert.Equal(t, []tests.Status{tests.Error, tests.Error}, statuses(s))
	assert.Contains(t, s.Tests[0].Description, "Not enough data to calculate Log loss")
	assert.Contains(t, s.Tests[1].Description, "Not enough data to calculate ROC AUC")
	assert.Contains(t, s.Tests[1].Description, "Provide probabilities instead of labels")
}

// Evidently 0.4.40's
// tests/tests/test_classification_performance_tests.py::test_roc_auc_test
// and ::test_roc_auc_test_json_render: a binary task with two probability
// columns whose rows need not sum to 1 (row 4 of the first sums to 0.9)
// is scored on the positive label's column: ROC AUC 1.0 (gte 0.8 passes,
// lt 0.8 fails) and 0.5 (lt 0.8 passes). The metric notes the sums.
func TestRocAucBinaryProbabilitiesNotSummingToOne(t *testing.T) {
	c := evidentlyCase(t, "roc_auc_probas_not_summing_to_1")
	cur := readCSV(t, csvOf([]string{"target", "a", "b"}, anys(caseValue[[]string](t, c, "target")),
		anys(caseValue[[]float64](t, c, "a")), anys(caseValue[[]float64](t, c, "b"))))
	def := &dataset.Definition{Target: "target", PredictionProbas: dataset.ProbasNamedAsClasses("a", "b"), PosLabel: "a"}
	s := runModel(t, []tests.Test{fromConfig(t, "RocAuc", `{"gte": 0.8}`), fromConfig(t, "RocAuc", `{"lt": 0.8}`)}, nil, cur, def)
	assert.Equal(t, []tests.Status{tests.Success, tests.Fail}, statuses(s))
	assert.Equal(t, caseValue[float64](t, c, "sklearn.metrics.roc_auc_score(target == 'a', a)"), float64(s.Tests[0].Value))
	r := s.Metrics[0].Result.(*metrics.ClassificationQualityResult)
	require.Len(t, r.Notes, 1)
	assert.Contains(t, r.Notes[0], `1 rows of the current data do not sum to 1 (row 4 sums to 0.9)`)
	assert.Contains(t, r.Notes[0], `positive label's column "a"`)

	c = evidentlyCase(t, "roc_auc_json_render")
	cur = readCSV(t, csvOf([]string{"target", "f", "t"}, anys(caseValue[[]string](t, c, "target")),
		anys(caseValue[[]float64](t, c, "f")), anys(caseValue[[]float64](t, c, "t"))))
	def = &dataset.Definition{Target: "target", PredictionProbas: dataset.ProbasNamedAsClasses("f", "t"), PosLabel: "t"}
	s = runModel(t, []tests.Test{fromConfig(t, "RocAuc", `{"lt": 0.8}`)}, nil, cur, def)
	assert.Equal(t, tests.Success, s.Tests[0].Status)
	assert.Equal(t, caseValue[float64](t, c, "sklearn.metrics.roc_auc_score(target == 't', t)"), float64(s.Tests[0].Value))

	// Multiclass probabilities are compared column against column: a row
	// that does not sum to 1 is still an error, naming the row.
	multi := readCSV(t, "target,a,b,c\na,0.5,0.3,0.2\nb,0.1,0.6,0.2\nc,0.1,0.1,0.8\n")
	s = runModel(t, []tests.Test{fromConfig(t, "RocAuc", `{"gt": 0.5}`)}, nil, multi,
		&dataset.Definition{Target: "target", PredictionProbas: dataset.ProbasNamedAsClasses("a", "b", "c")})
	assert.Equal(t, tests.Error, s.Tests[0].Status)
	assert.Contains(t, s.Tests[0].Description, "row 2 of the current data sum to 0.9")
}
