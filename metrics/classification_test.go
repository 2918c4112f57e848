package metrics_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
)

type clsCase struct {
	Name            string               `json:"name"`
	Target          []string             `json:"target"`
	Prediction      []string             `json:"prediction"`
	Probas          map[string][]float64 `json:"probas"`
	PosLabel        string               `json:"pos_label"`
	ProbasThreshold *float64             `json:"probas_threshold"`
	K               *int                 `json:"k"`
	Expected        map[string]json.RawMessage
}

// bigClassification rebuilds the "big" and "big_multiclass" cases as
// model_refs.py does.
func bigClassification(c *clsCase) {
	u, v := bigUV(50_000)
	c.Target = make([]string, len(u))
	switch c.Name {
	case "big":
		score := make([]float64, len(u))
		for i := range u {
			score[i] = math.Floor(u[i]*1000) / 1000
			c.Target[i] = "0"
			if v[i] < score[i]*0.8+0.1 {
				c.Target[i] = "1"
			}
		}
		c.Probas = map[string][]float64{"1": score}
	case "big_multiclass":
		c.Probas = map[string][]float64{"0": make([]float64, len(u)), "1": make([]float64, len(u)), "2": make([]float64, len(u))}
		for i := range u {
			y := int(math.Floor(v[i] * 3))
			c.Target[i] = strconv.Itoa(y)
			a := [3]float64{u[i], 1 - u[i], 0.5}
			a[y] += 0.7
			s := a[0] + a[1] + a[2]
			for j := range a {
				c.Probas[strconv.Itoa(j)][i] = a[j] / s
			}
		}
	}
}

// input builds the case's frame and definition.
func (c *clsCase) input(t testing.TB) (*dataset.Frame, *dataset.Definition) {
	cols := []dataset.Column{labelColumn("target", c.Target)}
	def := &dataset.Definition{Target: "target", PosLabel: c.PosLabel}
	if c.Prediction != nil {
		cols = append(cols, labelColumn("prediction", c.Prediction))
		def.Prediction = "prediction"
	}
	keys := make([]string, 0, len(c.Probas))
	for k := range c.Probas {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		cols = append(cols, dataset.NewNumericColumn("p_"+k, c.Probas[k]))
		def.PredictionProbas = append(def.PredictionProbas, dataset.ProbaColumn{Label: k, Column: "p_" + k})
	}
	f, err := dataset.New(c.Name, cols...)
	require.NoError(t, err)
	return f, def
}

func (c *clsCase) want(t testing.TB, key string, v any) bool {
	raw, ok := c.Expected[key]
	if !ok {
		return false
	}
	require.NoError(t, json.Unmarshal(raw, v), key)
	return true
}

func runClassification(t testing.TB, m metrics.Metric, ref, cur *dataset.Frame, def *dataset.Definition) (metrics.Result, error) {
	return m.Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur, Definition: def})
}

func TestClassificationQualityFixtures(t *testing.T) {
	for _, c := range modelFixture[[]clsCase](t, "classification") {
		t.Run(c.Name, func(t *testing.T) {
			if c.Target == nil {
				bigClassification(&c)
			}
			f, def := c.input(t)
			m := &metrics.ClassificationQuality{ClassificationOptions: metrics.ClassificationOptions{ProbasThreshold: c.ProbasThreshold, K: c.K}}
			r, err := runClassification(t, m, nil, f, def)
			require.NoError(t, err)
			res := r.(*metrics.ClassificationQualityResult)
			assert.Nil(t, res.Reference)
			s := res.Current
			var labels []string
			c.want(t, "labels", &labels)
			assert.Equal(t, labels, res.Labels)
			var task string
			c.want(t, "task", &task)
			assert.Equal(t, task, res.Task)
			assert.Equal(t, len(c.Target), s.Rows)

			var acc float64
			c.want(t, "accuracy_score", &acc)
			near(t, &acc, float64(s.Accuracy), "accuracy")
			var cm [][]int
			c.want(t, "confusion_matrix(labels=labels)", &cm)
			assert.Equal(t, cm, s.ConfusionMatrix.Values)
			assert.Equal(t, labels, s.ConfusionMatrix.Labels)

			var prfs [4][]float64
			c.want(t, "precision_recall_fscore_support(labels=labels, zero_division=0)", &prfs)
			nearAll(t, prfs[0], s.PerClass.Precision, "per-class precision")
			nearAll(t, prfs[1], s.PerClass.Recall, "per-class recall")
			nearAll(t, prfs[2], s.PerClass.F1, "per-class f1")
			for i, v := range prfs[3] {
				assert.Equal(t, int(v), s.PerClass.Support[i])
			}
			var avg [3]float64
			c.want(t, "precision_recall_fscore_support(average='micro', zero_division=0)", &avg)
			nearAll(t, avg[:], []float64{float64(s.PrecisionMicro), float64(s.RecallMicro), float64(s.F1Micro)}, "micro")
			c.want(t, "precision_recall_fscore_support(average='weighted', zero_division=0)", &avg)
			nearAll(t, avg[:], []float64{float64(s.PrecisionWeighted), float64(s.RecallWeighted), float64(s.F1Weighted)}, "weighted")
			main := "precision_recall_fscore_support(average='macro', zero_division=0)"
			if task == "binary" {
				main = "precision_recall_fscore_support(average='binary', pos_label)"
			}
			require.True(t, c.want(t, main, &avg))
			nearAll(t, avg[:], []float64{float64(s.Precision), float64(s.Recall), float64(s.F1)}, "headline")

			var rates [4]*float64
			if c.want(t, "rates from confusion_matrix [tpr, tnr, fpr, fnr]", &rates) {
				for i, got := range []metrics.Float{s.TPR, s.TNR, s.FPR, s.FNR} {
					near(t, rates[i], float64(got), "rate", i)
				}
			} else {
				assert.True(t, math.IsNaN(float64(s.TPR)), "no TPR for multiclass")
			}

			checkProbaScores(t, &c, s)
		})
	}
}

func checkProbaScores(t *testing.T, c *clsCase, s *metrics.ClassificationScores) {
	if c.Probas == nil {
		assert.True(t, math.IsNaN(float64(s.RocAuc)))
		assert.True(t, math.IsNaN(float64(s.LogLoss)))
		assert.Nil(t, s.RocCurve)
		for _, v := range s.PerClass.RocAuc {
			assert.True(t, math.IsNaN(float64(v)))
		}
		return
	}
	var v float64
	if c.want(t, "log_loss(y==pos, p_pos)", &v) || c.want(t, "log_loss(y, P, labels=cols)", &v) {
		near(t, &v, float64(s.LogLoss), "log loss")
	} else {
		t.Fatal("no log loss fixture")
	}
	if c.want(t, "roc_auc_score(y==pos, p_pos)", &v) || c.want(t, "roc_auc_score(binarized, P, average='macro')", &v) {
		near(t, &v, float64(s.RocAuc), "roc auc")
	} else {
		assert.True(t, math.IsNaN(float64(s.RocAuc)), "undefined roc auc is NaN")
	}
	var byClass map[string]float64
	if c.want(t, "roc_auc_score(binarized, P, average=None)", &byClass) {
		for i, l := range s.PerClass.Labels {
			w := byClass[l]
			near(t, &w, float64(s.PerClass.RocAuc[i]), "per-class auc", l)
		}
	}
	var roc [3][]float64
	if c.want(t, "roc_curve(y==pos, p_pos)", &roc) {
		require.NotNil(t, s.RocCurve)
		checkCurve(t, roc, [3][]float64{s.RocCurve.FPR, s.RocCurve.TPR, s.RocCurve.Thresholds}, "roc")
		// Both labels of a binary task have the same one-vs-rest AUC.
		for i := range s.PerClass.RocAuc {
			near(t, ptrOf(s.RocAuc), float64(s.PerClass.RocAuc[i]), "per-class binary auc")
		}
	}
	var pr [3][]float64
	if c.want(t, "precision_recall_curve(y==pos, p_pos)", &pr) {
		require.NotNil(t, s.PRCurve)
		got := [3][]float64{s.PRCurve.Precision, s.PRCurve.Recall, s.PRCurve.Thresholds}
		if len(pr[2]) > 999 {
			// Downsampled: 999 thresholded points and the final one.
			require.Len(t, got[2], 999)
			require.Len(t, got[0], 1000)
			for k := range got {
				near(t, &pr[k][0], got[k][0], "pr first")
			}
			near(t, &pr[0][len(pr[0])-1], got[0][999], "pr last")
			assertSubsequence(t, pr[2], got[2], "pr thresholds")
			return
		}
		checkCurve(t, pr, got, "pr")
	}
}

// checkCurve compares a full scikit-learn curve with telltale's, or, when
// telltale downsampled it to 1,000 points, checks that its points are the
// curve's points in order, with both ends kept.
func checkCurve(t *testing.T, want, got [3][]float64, what string) {
	t.Helper()
	if len(want[0]) <= 1000 {
		for k := range want {
			nearAll(t, want[k], got[k], what, k)
		}
		return
	}
	require.Len(t, got[0], 1000, what)
	for k := range want {
		near(t, &want[k][0], got[k][0], what, "first")
		near(t, &want[k][len(want[k])-1], got[k][len(got[k])-1], what, "last")
	}
	assertSubsequence(t, want[2], got[2], what)
}

// assertSubsequence checks that sub is a subsequence of full.
func assertSubsequence(t *testing.T, full, sub []float64, what string) {
	t.Helper()
	j := 0
	for _, v := range sub {
		for j < len(full) && full[j] != v {
			j++
		}
		require.Less(t, j, len(full), "%s: %v is not a point of the full curve, in order", what, v)
	}
}

func TestClassificationSideBySide(t *testing.T) {
	ref, err := dataset.New("ref",
		dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "b", "a", "b"}, nil),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "b", "b", "b"}, nil))
	require.NoError(t, err)
	// "c" is seen only in the current data; one row has no target.
	cur, err := dataset.New("cur",
		dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "c", "b", "c", "x"}, []bool{false, false, false, false, true}),
		dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "c", "a", "b", "a"}, nil))
	require.NoError(t, err)
	def := &dataset.Definition{Target: "y", Prediction: "p"}
	r, err := runClassification(t, &metrics.ClassificationQuality{}, ref, cur, def)
	require.NoError(t, err)
	res := r.(*metrics.ClassificationQualityResult)
	assert.Equal(t, "multiclass", res.Task)
	assert.Equal(t, []string{"a", "b", "c"}, res.Labels)
	require.NotNil(t, res.Reference)
	assert.Equal(t, [][]int{{1, 1, 0}, {0, 2, 0}, {0, 0, 0}}, res.Reference.ConfusionMatrix.Values)
	assert.Equal(t, [][]int{{1, 0, 0}, {1, 0, 0}, {0, 1, 1}}, res.Current.ConfusionMatrix.Values)
	assert.Equal(t, 1, res.Current.RowsDropped)
	assert.Equal(t, 4, res.Current.Rows)
	// Reference averages run over its own labels a and b:
	// sklearn precision_score(["a","b","a","b"], ["a","b","b","b"], average="macro") = (1 + 2/3)/2
	assert.InDelta(t, (1+2.0/3)/2, float64(res.Reference.Precision), 1e-15)
	// current: precision_score(["a","c","b","c"], ["a","c","a","b"], average="macro") = (0.5+0+1)/3
	assert.InDelta(t, 0.5, float64(res.Current.Precision), 1e-15)

	b, err := json.Marshal(res)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"roc_auc":null`)
	assert.Contains(t, string(b), `"log_loss":null`)
}

func TestClassificationBadInput(t *testing.T) {
	y := dataset.NewIntColumn("y", []int64{0, 1, 1}, nil)
	cases := []struct {
		name string
		cols []dataset.Column
		def  dataset.Definition
		opts metrics.ClassificationOptions
		want string
	}{
		{"no mapping", []dataset.Column{y}, dataset.Definition{}, metrics.ClassificationOptions{}, "needs a target"},
		{"proba above 1", []dataset.Column{y, dataset.NewNumericColumn("p", []float64{0.2, 1.2, 0.9})},
			dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p"}}}, metrics.ClassificationOptions{}, "outside [0, 1]"},
		{"multiclass proba sum", []dataset.Column{dataset.NewIntColumn("y", []int64{0, 1, 2}, nil), dataset.NewNumericColumn("p0", []float64{0.2, 0.5, 0.1}),
			dataset.NewNumericColumn("p1", []float64{0.7, 0.3, 0.8}), dataset.NewNumericColumn("p2", []float64{0.1, 0, 0.1})},
			dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "0", Column: "p0"}, {Label: "1", Column: "p1"}, {Label: "2", Column: "p2"}}}, metrics.ClassificationOptions{}, "row 2 of the current data sum to 0.8"},
		{"pos label absent", []dataset.Column{dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "b"}, nil), dataset.NewStringColumn("p", dataset.Categorical, []string{"a", "a"}, nil)},
			dataset.Definition{Target: "y", Prediction: "p"}, metrics.ClassificationOptions{}, `positive label "1" is not among`},
		{"threshold and k", []dataset.Column{y, dataset.NewNumericColumn("p", []float64{0.2, 0.5, 0.9})},
			dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p"}}},
			metrics.ClassificationOptions{ProbasThreshold: ptrF(0.3), K: new(int)}, "mutually exclusive"},
		{"threshold without probas", []dataset.Column{y, dataset.NewIntColumn("p", []int64{0, 1, 1}, nil)},
			dataset.Definition{Target: "y", Prediction: "p"}, metrics.ClassificationOptions{ProbasThreshold: ptrF(0.3)}, "apply to a binary task"},
		{"all missing", []dataset.Column{y, dataset.NewNumericColumn("p", []float64{math.NaN(), math.NaN(), math.Inf(1)})},
			dataset.Definition{Target: "y", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p"}}}, metrics.ClassificationOptions{}, "no values"},
		{"target label without proba column", []dataset.Column{dataset.NewStringColumn("y", dataset.Categorical, []string{"a", "b", "c"}, nil),
			dataset.NewNumericColumn("pa", []float64{0.5, 0.5, 0.2}), dataset.NewNumericColumn("pb", []float64{0.5, 0.5, 0.8})},
			dataset.Definition{Target: "y", PredictionProbas: dataset.ProbasNamedAsClasses("pa", "pb")}, metrics.ClassificationOptions{}, "has no probability column"},
		{"missing column", []dataset.Column{y}, dataset.Definition{Target: "y", Prediction: "nope"}, metrics.ClassificationOptions{}, "no such column"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := dataset.New("x", c.cols...)
			require.NoError(t, err)
			_, err = runClassification(t, &metrics.ClassificationQuality{ClassificationOptions: c.opts}, nil, f, &c.def)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestClassificationDummy(t *testing.T) {
	// 3 positives of 4: accuracy 0.75² + 0.25² = 0.625, precision = 0.75.
	f, err := dataset.New("x", dataset.NewIntColumn("y", []int64{1, 1, 1, 0}, nil), dataset.NewIntColumn("p", []int64{1, 0, 1, 0}, nil))
	require.NoError(t, err)
	r, err := runClassification(t, &metrics.ClassificationQuality{}, nil, f, &dataset.Definition{Target: "y", Prediction: "p"})
	require.NoError(t, err)
	d := r.(*metrics.ClassificationQualityResult).Current.Dummy
	assert.InDelta(t, 0.625, float64(d.Accuracy), 1e-15)
	assert.InDelta(t, 0.75, float64(d.Precision), 1e-15)
	assert.InDelta(t, 0.25, float64(d.FNR), 1e-15)
	assert.InDelta(t, math.Ln2, float64(d.LogLoss), 1e-15)
	assert.Equal(t, 0.5, float64(d.RocAuc))
}

func ExampleClassificationQuality() {
	f, _ := dataset.New("scored.csv",
		dataset.NewIntColumn("churned", []int64{1, 0, 1, 1, 0, 0}, nil),
		dataset.NewNumericColumn("p_churn", []float64{0.9, 0.2, 0.4, 0.7, 0.6, 0.1}))
	def := &dataset.Definition{Target: "churned", PredictionProbas: []dataset.ProbaColumn{{Label: "1", Column: "p_churn"}}}
	r, _ := (&metrics.ClassificationQuality{}).Compute(context.Background(), &metrics.Input{Current: f, Definition: def})
	s := r.(*metrics.ClassificationQualityResult).Current
	fmt.Printf("accuracy %.3f, precision %.3f, recall %.3f, roc_auc %.3f\n", s.Accuracy, s.Precision, s.Recall, s.RocAuc)
	fmt.Println(s.ConfusionMatrix.Labels, s.ConfusionMatrix.Values)
	// Output:
	// accuracy 0.667, precision 0.667, recall 0.667, roc_auc 0.889
	// [0 1] [[2 1] [1 2]]
}

func TestClassificationTablesFixtures(t *testing.T) {
	for _, c := range modelFixture[[]clsCase](t, "classification") {
		var pr, lift [][]*float64
		if !c.want(t, "evidently calculate_pr_table", &pr) {
			continue
		}
		c.want(t, "evidently calculate_lift_table", &lift)
		t.Run(c.Name, func(t *testing.T) {
			if c.Target == nil {
				bigClassification(&c)
			}
			f, def := c.input(t)
			opts := metrics.ClassificationOptions{ProbasThreshold: c.ProbasThreshold, K: c.K}
			pos := def.Positive()
			r, err := runClassification(t, &metrics.ClassificationPRTable{ClassificationOptions: opts}, nil, f, def)
			require.NoError(t, err)
			got := r.(*metrics.ClassificationTableResult).Current[pos]
			require.Len(t, got, len(pr))
			for i, w := range pr {
				g := got[i]
				near(t, w[0], g.Top, "top", i)
				assert.Equal(t, int(*w[1]), g.Count)
				near(t, w[2], g.Prob, "prob", i)
				assert.Equal(t, int(*w[3]), g.TP)
				assert.Equal(t, int(*w[4]), g.FP)
				near(t, w[5], g.Precision, "precision", i)
				near(t, w[6], float64(g.Recall), "recall", i)
			}
			r, err = runClassification(t, &metrics.ClassificationLiftTable{ClassificationOptions: opts}, nil, f, def)
			require.NoError(t, err)
			gl := r.(*metrics.ClassificationTableResult).Current[pos]
			require.Len(t, gl, len(lift))
			for i, w := range lift {
				g := gl[i]
				near(t, w[0], g.Top, "lift top", i)
				assert.Equal(t, int(*w[1]), g.Count)
				for k, v := range []*metrics.Float{g.F1, g.Lift, g.MaxLift, g.RelativeLift, g.Percent} {
					near(t, w[7+k], float64(*v), "lift col", 7+k, "row", i)
				}
			}
		})
	}
}
