package metrics

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
)

// rowGroups numbers the distinct rows of cols (missing equal to missing,
// -0 equal to 0, as pandas' duplicated compares): id[i] is the group of
// row i, numbered from 0 in order of first appearance, and size[g] the
// number of rows of group g.
func rowGroups(cols []dataset.Column, rows int) (id, size []int32) {
	id = make([]int32, rows)
	if rows == 0 {
		return id, nil
	}
	h := rowHashes(cols, rows)
	defer putScratch(h)
	eq := newRowComparer(cols)
	head := make(map[uint64]int32, rows/4)
	var rep, next []int32 // each group's first row, and the next group of the same hash
	for i, x := range h {
		g, ok := head[x]
		for ok && g >= 0 && !eq.equal(int(rep[g]), i) {
			g = next[g]
		}
		if !ok || g < 0 {
			g = int32(len(rep))
			rep = append(rep, int32(i))
			size = append(size, 0)
			if first, had := head[x]; had {
				next = append(next, first)
			} else {
				next = append(next, -1)
			}
			head[x] = g
		}
		id[i] = g
		size[g]++
	}
	return id, size
}

// notStable counts the rows of f whose values in cols repeat in another
// row while their values in cols plus outcome do not: rows with the same
// features and a different target or prediction. It is Evidently's
//
//	dup = df[df.duplicated(subset=cols, keep=False)]
//	len(dup.drop(df[df.duplicated(subset=cols+outcome, keep=False)].index))
func notStable(f *dataset.Frame, cols, outcome []string) (int, error) {
	pick := func(names []string) ([]dataset.Column, error) {
		out := make([]dataset.Column, len(names))
		for i, n := range names {
			c, ok := f.Column(n)
			if !ok {
				return nil, &ColumnError{Metric: "conflicts", Column: n, Err: ErrNoColumn}
			}
			out[i] = c
		}
		return out, nil
	}
	feats, err := pick(cols)
	if err != nil {
		return 0, err
	}
	outs, err := pick(outcome)
	if err != nil {
		return 0, err
	}
	fid, fsize := rowGroups(feats, f.Len())
	aid, asize := rowGroups(append(feats, outs...), f.Len())
	n := 0
	for i := range fid {
		if fsize[fid[i]] > 1 && asize[aid[i]] == 1 {
			n++
		}
	}
	return n, nil
}

// ConflictCounts is one side's rows with conflicting outcomes.
type ConflictCounts struct {
	Rows int `json:"rows"`
	// Conflicts is the number of rows whose features repeat in another row
	// with a different outcome; Share is Conflicts over Rows (null with no
	// rows; Evidently rounds it to 3 decimals).
	Conflicts int   `json:"conflicts"`
	Share     Float `json:"share"`
}

// ConflictResult is the result of ConflictTarget and ConflictPrediction.
type ConflictResult struct {
	// Outcome is the target column, or the prediction columns.
	Outcome []string `json:"outcome"`
	// Features are the feature columns compared.
	Features  []string        `json:"features"`
	Current   ConflictCounts  `json:"current"`
	Reference *ConflictCounts `json:"reference,omitempty"`
}

// allFeatures returns the feature columns of in's current frame, in frame
// order.
func allFeatures(in *Input) []string {
	byType := in.Definition.Features(in.Current)
	is := map[string]bool{}
	for _, cols := range byType {
		for _, c := range cols {
			is[c] = true
		}
	}
	var out []string
	for _, name := range in.Current.Names() {
		if is[name] {
			out = append(out, name)
		}
	}
	return out
}

// conflicts counts the conflicts of outcome on each side.
func conflicts(in *Input, metric string, outcome []string) (*ConflictResult, error) {
	feats := allFeatures(in)
	if len(feats) == 0 {
		return nil, fmt.Errorf("%s: %w: no feature columns to compare", metric, ErrEmpty)
	}
	res := &ConflictResult{Outcome: outcome, Features: feats}
	frames := in.Frames()
	for k, f := range frames {
		n, err := notStable(f, feats, outcome)
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", metric, f.Source(), err)
		}
		c := ConflictCounts{Rows: f.Len(), Conflicts: n, Share: share(n, f.Len())}
		if k == len(frames)-1 {
			res.Current = c
		} else {
			res.Reference = &c
		}
	}
	return res, nil
}

// ConflictTarget counts the rows whose features repeat in another row with
// a different target (Evidently's ConflictTargetMetric): the same input
// labelled two ways. Features are every feature column of the mapping
// (not the target, prediction, id or datetime).
//
// Compute returns *ConflictResult.
type ConflictTarget struct{}

// Name implements Metric.
func (m *ConflictTarget) Name() string { return "ConflictTarget" }

// Compute implements Metric.
func (m *ConflictTarget) Compute(ctx context.Context, in *Input) (Result, error) {
	if in.Definition == nil || in.Definition.Target == "" {
		return nil, fmt.Errorf("%w: ConflictTarget needs a target in the column mapping", ErrOption)
	}
	return conflicts(in, m.Name(), []string{in.Definition.Target})
}

// ConflictPrediction counts the rows whose features repeat in another row
// with a different prediction (Evidently's ConflictPredictionMetric): the
// prediction column, or all the probability columns.
//
// Compute returns *ConflictResult.
type ConflictPrediction struct{}

// Name implements Metric.
func (m *ConflictPrediction) Name() string { return "ConflictPrediction" }

// Compute implements Metric.
func (m *ConflictPrediction) Compute(ctx context.Context, in *Input) (Result, error) {
	out := predictionColumns(in.Definition)
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: ConflictPrediction needs a prediction in the column mapping", ErrOption)
	}
	return conflicts(in, m.Name(), out)
}

// predictionColumns returns the prediction column, or else the
// probability columns.
func predictionColumns(def *dataset.Definition) []string {
	if def == nil {
		return nil
	}
	if def.Prediction != "" {
		return []string{def.Prediction}
	}
	var out []string
	for _, p := range def.PredictionProbas {
		out = append(out, p.Column)
	}
	return out
}

// DataQualityStability counts, in the current data, the rows that repeat
// another row in every column but the target and the prediction while
// their target (or prediction) differs: Evidently's
// DataQualityStabilityMetric. Unlike ConflictTarget it compares every
// other column, the id and datetime columns included, as Evidently does;
// the probability columns are left out with the prediction (Evidently
// compares them when the prediction is a list of probability columns).
//
// Compute returns *DataQualityStabilityResult.
type DataQualityStability struct{}

// Name implements Metric.
func (m *DataQualityStability) Name() string { return "DataQualityStability" }

// DataQualityStabilityResult holds the counts of the current data; each
// is null without its column in the mapping.
type DataQualityStabilityResult struct {
	Rows                int  `json:"rows"`
	NotStableTarget     *int `json:"not_stable_target"`
	NotStablePrediction *int `json:"not_stable_prediction"`
}

// Compute implements Metric.
func (m *DataQualityStability) Compute(ctx context.Context, in *Input) (Result, error) {
	def := in.Definition
	if def == nil {
		def = &dataset.Definition{}
	}
	skip := map[string]bool{def.Target: true}
	preds := predictionColumns(def)
	for _, p := range preds {
		skip[p] = true
	}
	var cols []string
	for _, n := range in.Current.Names() {
		if !skip[n] {
			cols = append(cols, n)
		}
	}
	res := &DataQualityStabilityResult{Rows: in.Current.Len()}
	count := func(outcome []string) (*int, error) {
		if len(cols) == 0 {
			return new(int), nil
		}
		n, err := notStable(in.Current, cols, outcome)
		return &n, err
	}
	var err error
	if def.Target != "" {
		if res.NotStableTarget, err = count([]string{def.Target}); err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name(), err)
		}
	}
	if len(preds) > 0 {
		if res.NotStablePrediction, err = count(preds); err != nil {
			return nil, fmt.Errorf("%s: %w", m.Name(), err)
		}
	}
	return res, nil
}
