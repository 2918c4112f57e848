package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// ClassificationQualityByFeatureTable is a classifier's quality along each
// feature: Evidently's ClassificationQualityByFeatureTable, aggregated.
// Each feature's values are cut into bins (see ByFeatureResult), and per
// bin and dataset telltale counts the rows of each true label and of each
// predicted label and the accuracy (the share of rows predicted right).
// Evidently instead draws every row (a histogram of the feature by class,
// and each row's predicted probability against the feature), and only
// with raw_data; the counts per bin say the same in bounded size. Columns
// default to the numerical, categorical and text features; a text feature
// is read through its descriptors (Descriptors, by default TextLength,
// NonLetterCharacterPercentage and OOV, as Evidently's).
//
// Compute returns *ByFeatureResult.
type ClassificationQualityByFeatureTable struct {
	Columns []string `json:"columns,omitempty"`
	// Descriptors are the text descriptors of each text feature, without
	// their column: [{descriptor: WordCount}, ...].
	Descriptors []descriptors.Spec `json:"descriptors,omitempty"`
}

// Name implements Metric.
func (m *ClassificationQualityByFeatureTable) Name() string {
	return "ClassificationQualityByFeatureTable"
}

// Params implements Parameterized.
func (m *ClassificationQualityByFeatureTable) Params() any { return m }

// Compute implements Metric.
func (m *ClassificationQualityByFeatureTable) Compute(ctx context.Context, in *Input) (Result, error) {
	return byFeature(ctx, in, m.Name(), m.Columns, m.Descriptors, true)
}

// TargetByFeaturesTable is the target and the prediction along each
// feature: Evidently's TargetByFeaturesTable, aggregated. Each feature's
// values are cut into bins as ClassificationQualityByFeatureTable cuts
// them; per bin and dataset, a classification task counts the rows of
// each true and each predicted label (and the accuracy), a regression task
// (a numerical target) gives the mean target and prediction and the mean
// absolute error. Evidently draws every row (scatters or histograms).
//
// Compute returns *ByFeatureResult.
type TargetByFeaturesTable struct {
	Columns     []string           `json:"columns,omitempty"`
	Descriptors []descriptors.Spec `json:"descriptors,omitempty"`
}

// Name implements Metric.
func (m *TargetByFeaturesTable) Name() string { return "TargetByFeaturesTable" }

// Params implements Parameterized.
func (m *TargetByFeaturesTable) Params() any { return m }

// Compute implements Metric.
func (m *TargetByFeaturesTable) Compute(ctx context.Context, in *Input) (Result, error) {
	res, err := byFeature(ctx, in, m.Name(), m.Columns, m.Descriptors, false)
	if err != nil {
		return nil, err
	}
	r := res.(*ByFeatureResult)
	r.labelShares = true
	return r, nil
}

// ByFeatureResult is a model's target, prediction and quality along each
// feature. A numerical feature's bins are numpy's "doane" bins of its
// finite values in both datasets (shared, so the sides compare); a
// categorical feature's are its 20 most common categories over both
// datasets, the others together as "other". Rows whose feature is missing
// are counted apart. Rows without a target or a prediction are left out,
// as the quality metrics leave them out.
type ByFeatureResult struct {
	// Task is "classification" or "regression".
	Task string `json:"task"`
	// Labels are the classes, sorted (classification).
	Labels   []string       `json:"labels,omitempty"`
	Features []FeatureTable `json:"features"`

	// labelShares draws a classification's label shares per bin
	// (TargetByFeaturesTable) rather than its accuracy.
	labelShares bool
}

// FeatureTable is one feature's bins and each dataset's statistics.
type FeatureTable struct {
	Feature string `json:"feature"`
	// Type is numerical or categorical (a text descriptor is numerical).
	Type string `json:"type"`
	// Bins name the bins: "[a, b)" (the last closed) or the category.
	Bins []string `json:"bins"`
	// Edges are a numerical feature's bin edges.
	Edges     []float64    `json:"edges,omitempty"`
	Current   *FeatureSide `json:"current"`
	Reference *FeatureSide `json:"reference,omitempty"`
}

// FeatureSide is one dataset's statistics per bin.
type FeatureSide struct {
	Rows []int `json:"rows"`
	// Missing counts the rows whose feature is missing.
	Missing int `json:"missing"`
	// TargetCounts[b][l] and PredictionCounts[b][l] count the rows of bin
	// b whose true (predicted) label is Labels[l]; Accuracy[b] is the
	// share with both equal (null for an empty bin). Classification.
	TargetCounts     [][]int `json:"target_counts,omitempty"`
	PredictionCounts [][]int `json:"prediction_counts,omitempty"`
	Accuracy         []Float `json:"accuracy,omitempty"`
	// TargetMean, PredictionMean and MAE per bin (null for an empty bin).
	// Regression.
	TargetMean     []Float `json:"target_mean,omitempty"`
	PredictionMean []Float `json:"prediction_mean,omitempty"`
	MAE            []Float `json:"mae,omitempty"`
}

// taskRows are one side's model rows: their frame rows and, for
// classification, label indices, for regression, values.
type taskRows struct {
	rows          []int
	yLab, predLab []int
	y, pred       []float64
}

func byFeature(ctx context.Context, in *Input, metric string, columns []string, specs []descriptors.Spec, classOnly bool) (Result, error) {
	def := in.Def()
	if def.Target == "" || def.Prediction == "" && len(def.PredictionProbas) == 0 {
		return nil, fmt.Errorf("%s: %w", metric, errNoTask)
	}
	tc, ok := in.Current.Column(def.Target)
	if !ok {
		return nil, &ColumnError{Metric: metric, Column: def.Target, Err: ErrNoColumn}
	}
	res := &ByFeatureResult{Task: "classification"}
	var sides []taskRows // in.Frames() order
	if tc.Type() == dataset.Numerical && def.Prediction != "" && len(def.PredictionProbas) == 0 {
		if classOnly {
			return nil, fmt.Errorf("%w: %s: the target %q is numerical: a regression task (TargetByFeaturesTable shows it)", ErrColumnType, metric, def.Target)
		}
		res.Task = "regression"
		t, err := newRegTask(in, metric)
		if err != nil {
			return nil, err
		}
		for _, s := range []*regSide{t.ref, t.cur} {
			if s != nil {
				sides = append(sides, taskRows{rows: s.keep, y: s.y, pred: s.pred})
			}
		}
	} else {
		cin := in
		if def.PosLabel == "" && len(def.PredictionProbas) == 0 {
			// With labels only, the positive label changes nothing here:
			// any label will do for a binary task's check.
			if c, ok := tc.(*dataset.StringColumn); ok && len(c.Levels()) > 0 {
				d := *def
				d.PosLabel = c.Levels()[0]
				cin = &Input{Reference: in.Reference, Current: in.Current, Definition: &d, Cache: in.Cache}
			}
		}
		t, err := newClassTask(cin, metric, &ClassificationOptions{})
		if err != nil {
			return nil, err
		}
		res.Labels = t.labels
		for _, s := range []*classSide{t.ref, t.cur} {
			if s != nil {
				sides = append(sides, taskRows{rows: s.rows, yLab: s.y, predLab: s.pred})
			}
		}
	}
	// Text features are read through their descriptors.
	frames := in.Frames()
	feats := def.Features(in.Current)
	if columns == nil {
		columns = append(append(slices.Clone(feats[dataset.Numerical]), feats[dataset.Categorical]...), feats[dataset.Text]...)
	}
	var names []string
	for _, col := range columns {
		c, ok := in.Current.Column(col)
		if !ok {
			return nil, &ColumnError{Metric: metric, Column: col, Err: ErrNoColumn}
		}
		if c.Type() != dataset.Text {
			names = append(names, col)
			continue
		}
		ds, err := DescriptorsOf(col, specs, descriptors.Defaults)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrOption, metric, err)
		}
		var added []string
		for i, f := range in.Frames() {
			g, a, err := applyDescriptors(ctx, in, f, frames[i], ds)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", metric, err)
			}
			frames[i], added = g, a
		}
		names = append(names, added...)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: %w: no feature columns", metric, ErrEmpty)
	}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ft, err := featureTable(frames, name, sides, len(res.Labels))
		if err != nil {
			return nil, &ColumnError{Metric: metric, Column: name, Err: err}
		}
		res.Features = append(res.Features, *ft)
	}
	return res, nil
}

// featureTable bins the feature name of each frame and aggregates the
// model rows of each side by bin.
func featureTable(frames []*dataset.Frame, name string, sides []taskRows, nLabels int) (*FeatureTable, error) {
	cols := make([]dataset.Column, len(frames))
	for i, f := range frames {
		c, ok := f.Column(name)
		if !ok {
			return nil, ErrNoColumn
		}
		if i > 0 && c.Type() != cols[0].Type() {
			return nil, fmt.Errorf("%w: %s in the reference and %s in the current data", ErrColumnType, cols[0].Type(), c.Type())
		}
		cols[i] = c
	}
	ft := &FeatureTable{Feature: name, Type: cols[0].Type().String()}
	// binOfRow returns the bin of frame row r of side i, -1 when missing.
	var binOfRow func(i, r int) int
	switch cols[0].(type) {
	case *dataset.NumericColumn:
		var ref, cur []float64
		colVals := make([][]float64, len(cols))
		for i, c := range cols {
			all := c.(*dataset.NumericColumn).Values()
			colVals[i] = all
			vals := make([]float64, 0, len(all))
			for _, v := range all {
				if !math.IsNaN(v) && !math.IsInf(v, 0) {
					vals = append(vals, v)
				}
			}
			slices.Sort(vals)
			if i == len(cols)-1 {
				cur = vals
			} else {
				ref = vals
			}
		}
		edges := doaneEdges(ref, cur, neumaierSum(ref)+neumaierSum(cur))
		if edges == nil {
			return nil, fmt.Errorf("%w: no finite value", ErrEmpty)
		}
		ft.Edges = edges
		for b := 0; b+1 < len(edges); b++ {
			closing := ")"
			if b+2 == len(edges) {
				closing = "]"
			}
			ft.Bins = append(ft.Bins, "["+strconv.FormatFloat(edges[b], 'g', 4, 64)+", "+strconv.FormatFloat(edges[b+1], 'g', 4, 64)+closing)
		}
		binOfRow = func(i, r int) int {
			v := colVals[i][r]
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return -1
			}
			return binOf(edges, v)
		}
	case *dataset.StringColumn:
		top := topLevels(cols, 20)
		ft.Bins = top
		pos := map[string]int{}
		for k, l := range top {
			pos[l] = k
		}
		other := -1
		if len(top) > 0 && top[len(top)-1] == "other" {
			other = len(top) - 1
		}
		maps := make([][]int, len(cols))
		codes := make([][]int32, len(cols))
		for i, c := range cols {
			sc := c.(*dataset.StringColumn)
			codes[i] = sc.Codes()
			maps[i] = make([]int, len(sc.Levels()))
			for k, l := range sc.Levels() {
				p, ok := pos[l]
				if !ok {
					p = other
				}
				maps[i][k] = p
			}
		}
		binOfRow = func(i, r int) int {
			code := codes[i][r]
			if code < 0 {
				return -1
			}
			return maps[i][code]
		}
	default:
		return nil, fmt.Errorf("%w: %s; want numerical, categorical or text", ErrColumnType, cols[0].Type())
	}
	nb := len(ft.Bins)
	for i, s := range sides {
		fs := &FeatureSide{Rows: make([]int, nb)}
		if s.yLab != nil {
			fs.TargetCounts, fs.PredictionCounts = grid(nb, nLabels), grid(nb, nLabels)
			right := make([]int, nb)
			for k, r := range s.rows {
				b := binOfRow(i, r)
				if b < 0 {
					fs.Missing++
					continue
				}
				fs.Rows[b]++
				fs.TargetCounts[b][s.yLab[k]]++
				fs.PredictionCounts[b][s.predLab[k]]++
				if s.yLab[k] == s.predLab[k] {
					right[b]++
				}
			}
			fs.Accuracy = make([]Float, nb)
			for b := range right {
				fs.Accuracy[b] = ratio(right[b], fs.Rows[b])
			}
		} else {
			sy, sp, se := make([]float64, nb), make([]float64, nb), make([]float64, nb)
			for k, r := range s.rows {
				b := binOfRow(i, r)
				if b < 0 {
					fs.Missing++
					continue
				}
				fs.Rows[b]++
				sy[b] += s.y[k]
				sp[b] += s.pred[k]
				se[b] += math.Abs(s.pred[k] - s.y[k])
			}
			fs.TargetMean, fs.PredictionMean, fs.MAE = make([]Float, nb), make([]Float, nb), make([]Float, nb)
			for b := range sy {
				n := float64(fs.Rows[b])
				fs.TargetMean[b], fs.PredictionMean[b], fs.MAE[b] = Float(sy[b]/n), Float(sp[b]/n), Float(se[b]/n)
				if fs.Rows[b] == 0 {
					fs.TargetMean[b], fs.PredictionMean[b], fs.MAE[b] = Float(math.NaN()), Float(math.NaN()), Float(math.NaN())
				}
			}
		}
		if i == len(sides)-1 {
			ft.Current = fs
		} else {
			ft.Reference = fs
		}
	}
	return ft, nil
}

func grid(rows, cols int) [][]int {
	g := make([][]int, rows)
	for i := range g {
		g[i] = make([]int, cols)
	}
	return g
}

// ratio is k/n, NaN for n == 0.
func ratio(k, n int) Float {
	if n == 0 {
		return Float(math.NaN())
	}
	return Float(float64(k) / float64(n))
}

// Views implements Viewer: a table of the features, each row expanding
// into its chart, in both datasets: the mean target and prediction by bin
// (regression), the accuracy by bin (ClassificationQualityByFeatureTable)
// or the share of each true and predicted label by bin
// (TargetByFeaturesTable's classification).
func (r *ByFeatureResult) Views() []View {
	if r == nil {
		return nil
	}
	t := &Table{Title: "By feature", Columns: []TableColumn{{Name: "feature"}, {Name: "type"}, {Name: "bins", Numeric: true}}}
	quality := "accuracy"
	if r.Task == "regression" {
		quality = "MAE"
	}
	t.Columns = append(t.Columns, TableColumn{Name: "worst bin " + quality + ", current", Numeric: true})
	for _, f := range r.Features {
		worst := math.NaN()
		var series []Series
		for _, side := range []struct {
			name string
			s    *FeatureSide
		}{{"reference", f.Reference}, {"current", f.Current}} {
			if side.s == nil {
				continue
			}
			if r.Task == "regression" {
				series = append(series, Series{Name: side.name + ": mean target", Values: side.s.TargetMean},
					Series{Name: side.name + ": mean prediction", Values: side.s.PredictionMean})
			} else {
				series = append(series, Series{Name: side.name, Values: side.s.Accuracy})
			}
		}
		for b := range f.Bins {
			var q float64
			if r.Task == "regression" {
				q = float64(f.Current.MAE[b])
				if !math.IsNaN(q) && (math.IsNaN(worst) || q > worst) {
					worst = q
				}
			} else {
				q = float64(f.Current.Accuracy[b])
				if !math.IsNaN(q) && (math.IsNaN(worst) || q < worst) {
					worst = q
				}
			}
		}
		var detail View
		switch {
		case r.Task == "classification" && r.labelShares:
			detail = r.labelHeatmap(&f)
		case r.Task == "classification":
			detail = &Bars{Title: f.Feature + ": " + quality + " by bin", Categories: f.Bins, Series: series, YLabel: "accuracy", YMax: 1}
		default:
			detail = &Bars{Title: f.Feature + ": mean target and prediction by bin", Categories: f.Bins, Series: series, YLabel: "mean"}
		}
		t.Rows = append(t.Rows, TableRow{Cells: []Cell{{Text: f.Feature}, {Text: f.Type}, {Value: valuePtr(len(f.Bins))}, {Value: valuePtr(worst)}},
			Detail: detail})
	}
	return []View{t}
}

// labelHeatmap is the share of each true and each predicted label among
// the rows of each bin of feature f, in each dataset (empty bins blank).
func (r *ByFeatureResult) labelHeatmap(f *FeatureTable) *Heatmap {
	h := &Heatmap{Title: f.Feature + ": share of each label by bin", XLabels: f.Bins, Max: 1}
	for _, side := range []struct {
		name string
		s    *FeatureSide
	}{{"reference", f.Reference}, {"current", f.Current}} {
		if side.s == nil {
			continue
		}
		for _, kind := range []struct {
			name   string
			counts [][]int
		}{{"true", side.s.TargetCounts}, {"predicted", side.s.PredictionCounts}} {
			for l, label := range r.Labels {
				h.YLabels = append(h.YLabels, side.name+": "+kind.name+" "+label)
				row := make([]Float, len(f.Bins))
				for b := range row {
					row[b] = ratio(kind.counts[b][l], side.s.Rows[b])
				}
				h.Values = append(h.Values, row)
			}
		}
	}
	return h
}
