package metrics

import "context"

// ClassificationByClass is the quality of a classifier label by label
// (Evidently's ClassificationQualityByClass with its ROC and PR curves):
// per-class precision, recall, F1, support and one-vs-rest ROC AUC as in
// ClassificationQuality, and, with probabilities, each label's
// one-vs-rest ROC and PR curves (at most 1,000 points each).
//
// Compute returns *ClassificationByClassResult.
type ClassificationByClass struct {
	ClassificationOptions
}

// Name implements Metric.
func (m *ClassificationByClass) Name() string { return "ClassificationByClass" }

// Params implements Parameterized.
func (m *ClassificationByClass) Params() any { return m }

// ClassificationByClassResult holds each side's per-class quality.
type ClassificationByClassResult struct {
	Labels    []string         `json:"labels"`
	Current   *ClassCurvesSide `json:"current"`
	Reference *ClassCurvesSide `json:"reference"`
}

// ClassCurvesSide is one dataset's per-class quality and curves; the
// curves are keyed by label, absent for a label without probabilities
// or with a single actual class.
type ClassCurvesSide struct {
	PerClass  PerClass             `json:"per_class"`
	RocCurves map[string]*ROCCurve `json:"roc_curves,omitempty"`
	PRCurves  map[string]*PRCurve  `json:"pr_curves,omitempty"`
}

// Compute implements Metric.
func (m *ClassificationByClass) Compute(_ context.Context, in *Input) (Result, error) {
	t, err := newClassTask(in, m.Name(), &m.ClassificationOptions)
	if err != nil {
		return nil, err
	}
	side := func(s *classSide) *ClassCurvesSide {
		out := &ClassCurvesSide{PerClass: t.perClass(s, confusionMatrix(t.labels, s.y, s.pred))}
		if t.probaCol == nil {
			return out
		}
		out.RocCurves, out.PRCurves = map[string]*ROCCurve{}, map[string]*PRCurve{}
		for c, l := range t.labels {
			score, ok := t.classScore(s, c)
			if !ok {
				continue
			}
			pos := t.positives(s, c)
			if roc := rocCurve(pos, score); roc != nil {
				out.RocCurves[l] = roc.downsample()
				out.PRCurves[l] = prCurve(pos, score).downsample()
			}
		}
		return out
	}
	res := &ClassificationByClassResult{Labels: t.labels, Current: side(t.cur)}
	if t.ref != nil {
		res.Reference = side(t.ref)
	}
	return res, nil
}
