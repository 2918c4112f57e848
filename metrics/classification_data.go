package metrics

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/telltale-ml/telltale/dataset"
)

// ClassificationOptions are the options every classification metric
// shares: how predicted labels come from probabilities in a binary task.
// Without either, a binary task's label is the positive one when its
// probability is >= 0.5 (Evidently's default threshold).
type ClassificationOptions struct {
	// ProbasThreshold is the probability from which a row is predicted
	// positive: p >= threshold.
	ProbasThreshold *float64 `json:"probas_threshold,omitempty"`
	// K predicts the top k rows positive, as Evidently's k: the threshold
	// is the positive probability at index min(k, n-1) of the
	// probabilities sorted in descending order, so with no ties k+1 rows
	// are positive (Evidently's off-by-one, kept for equal numbers).
	K *int `json:"k,omitempty"`
}

// probaSumTolerance is how far from 1 a row of per-class probabilities
// may sum: probabilities read from a CSV file rounded to 3 decimals over
// up to 10 classes still pass.
const probaSumTolerance = 0.01

// classTask is a classification task read from both sides: the labels of
// both, sorted, and each side's rows with a target and a prediction.
type classTask struct {
	labels []string
	binary bool
	pos    int // index of the positive label in labels (binary)
	// probaCol maps a label index to its probability column index in
	// side.probas, -1 when it has none. nil without probabilities.
	probaCol []int
	// negColumn: the single probability column of a binary task is named
	// after the negative label, so the positive probability is 1 - p.
	negColumn bool
	// notes are warnings about the data (probabilities of a binary task
	// that do not sum to 1).
	notes    []string
	cur, ref *classSide
}

// checkSums deals with rows whose per-class probabilities do not sum to 1:
// an error in a multiclass task, whose scores compare the columns; a note
// in a binary task, which reads only the positive label's column, as
// Evidently does (its test_roc_auc_test scores such data).
func (t *classTask) checkSums(raws []*rawSide, def *dataset.Definition, metric string, withRef bool) error {
	for k, r := range raws {
		if r.offSum == 0 {
			continue
		}
		side := "current"
		if withRef && k == 0 {
			side = "reference"
		}
		if !t.binary {
			return fmt.Errorf("%s: the class probabilities of row %d of the %s data sum to %.6g, not 1 (tolerance %v)",
				metric, r.offRow+1, side, r.offTotal, probaSumTolerance)
		}
		t.notes = append(t.notes, fmt.Sprintf("the class probabilities of %d rows of the %s data do not sum to 1 (row %d sums to %.6g); "+
			"a binary task reads only the positive label's column %q", r.offSum, side, r.offRow+1, r.offTotal,
			def.PredictionProbas[t.probaCol[t.pos]].Column))
	}
	return nil
}

// classSide is one dataset's rows, with missing ones dropped.
type classSide struct {
	y, pred []int // label indices
	// score is the positive label's probability per row (binary with
	// probabilities), nil otherwise.
	score []float64
	// probas holds the per-class probabilities row-major, with
	// len(task.probaCol columns) per row (multiclass), nil otherwise.
	probas  []float64
	nProbas int
	dropped int
	// rows maps each kept row to its row in the frame.
	rows []int
}

// rawSide is one side before the labels are known.
type rawSide struct {
	target, pred []string
	rows         []int       // the frame row of each kept row
	probas       [][]float64 // per probability column
	dropped      int
	// offSum counts the rows whose probabilities do not sum to 1 (more
	// than one column); offRow and offTotal are the first of them (row
	// index in the frame) and its sum.
	offSum   int
	offRow   int
	offTotal float64
}

func readClassSide(f *dataset.Frame, def *dataset.Definition, metric string, needLabels bool) (*rawSide, error) {
	tr, err := newLabelReader(f, metric, def.Target)
	if err != nil {
		return nil, err
	}
	var pr labelReader
	if needLabels {
		if pr, err = newLabelReader(f, metric, def.Prediction); err != nil {
			return nil, err
		}
	}
	prs := make([]func(int) (float64, bool), len(def.PredictionProbas))
	for j, p := range def.PredictionProbas {
		if prs[j], err = numericReader(f, metric, p.Column); err != nil {
			return nil, err
		}
	}
	n := f.Len()
	s := &rawSide{target: make([]string, 0, n), probas: make([][]float64, len(prs))}
	row := make([]float64, len(prs))
rows:
	for i := 0; i < n; i++ {
		t, ok := tr(i)
		if !ok {
			s.dropped++
			continue
		}
		var p string
		if pr != nil {
			if p, ok = pr(i); !ok {
				s.dropped++
				continue
			}
		}
		sum := 0.0
		for j, read := range prs {
			v, ok := read(i)
			if !ok {
				s.dropped++
				continue rows
			}
			if v < 0 || v > 1 {
				return nil, &ColumnError{Metric: metric, Column: def.PredictionProbas[j].Column,
					Err: fmt.Errorf("%w: probability %v in row %d is outside [0, 1]", ErrOption, v, i)}
			}
			row[j] = v
			sum += v
		}
		if len(prs) > 1 && math.Abs(sum-1) > probaSumTolerance {
			if s.offSum == 0 {
				s.offRow, s.offTotal = i, sum
			}
			s.offSum++
		}
		s.target = append(s.target, t)
		s.rows = append(s.rows, i)
		if pr != nil {
			s.pred = append(s.pred, p)
		}
		for j := range prs {
			s.probas[j] = append(s.probas[j], row[j])
		}
	}
	return s, nil
}

// errNoTask: the definition lacks the columns of a classification or
// regression task.
var errNoTask = errors.New("the column mapping needs a target and a prediction")

// newClassTask reads the classification task of in.
func newClassTask(in *Input, metric string, opts *ClassificationOptions) (*classTask, error) {
	def := in.Def()
	if def == nil || def.Target == "" || def.Prediction == "" && len(def.PredictionProbas) == 0 {
		return nil, fmt.Errorf("%s: %w (a label column or probability columns)", metric, errNoTask)
	}
	if opts.ProbasThreshold != nil && opts.K != nil {
		return nil, fmt.Errorf("%w: %s: probas_threshold and k are mutually exclusive", ErrOption, metric)
	}
	if opts.K != nil && *opts.K < 0 {
		return nil, fmt.Errorf("%w: %s: k must be >= 0, got %d", ErrOption, metric, *opts.K)
	}
	thresholded := opts.ProbasThreshold != nil || opts.K != nil
	useLabels := def.Prediction != "" && !thresholded
	var raws []*rawSide
	for _, f := range in.Frames() {
		r, err := readClassSide(f, def, metric, useLabels)
		if err != nil {
			return nil, err
		}
		raws = append(raws, r)
	}
	t, err := classLabels(raws, def, metric)
	if err != nil {
		return nil, err
	}
	if err := t.checkSums(raws, def, metric, in.Reference != nil); err != nil {
		return nil, err
	}
	if thresholded && !(t.binary && t.probaCol != nil) {
		return nil, fmt.Errorf("%w: %s: probas_threshold and k apply to a binary task with probabilities", ErrOption, metric)
	}
	index := make(map[string]int, len(t.labels))
	for i, l := range t.labels {
		index[l] = i
	}
	sides := make([]*classSide, len(raws))
	for k, r := range raws {
		s, err := t.side(r, index, useLabels, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", metric, err)
		}
		if len(s.y) == 0 {
			return nil, fmt.Errorf("%s: %w: no row has both a target and a prediction", metric, ErrEmpty)
		}
		sides[k] = s
	}
	t.cur = sides[len(sides)-1]
	if len(sides) == 2 {
		t.ref = sides[0]
	}
	return t, nil
}

// classLabels finds the labels of both sides and the kind of task.
func classLabels(raws []*rawSide, def *dataset.Definition, metric string) (*classTask, error) {
	seen := map[string]bool{}
	for _, r := range raws {
		for _, l := range r.target {
			seen[l] = true
		}
		for _, l := range r.pred {
			seen[l] = true
		}
	}
	pos := def.Positive()
	t := &classTask{}
	single := len(def.PredictionProbas) == 1
	if !single {
		for _, p := range def.PredictionProbas {
			seen[p.Label] = true
		}
	}
	labels := make([]string, 0, len(seen)+1)
	for l := range seen {
		labels = append(labels, l)
	}
	switch {
	case single || len(labels) <= 2:
		t.binary = true
		if !seen[pos] {
			if len(labels) == 2 || (single && len(labels) > 1) {
				sortLabels(labels)
				return nil, fmt.Errorf("%w: %s: the positive label %q is not among the labels %q; set pos_label", ErrOption, metric, pos, labels)
			}
			labels = append(labels, pos)
		}
		if len(labels) > 2 {
			sortLabels(labels)
			return nil, fmt.Errorf("%s: one probability column is for a binary task, but the data has the labels %q", metric, labels)
		}
		if len(labels) == 1 {
			neg := "0"
			if pos != "1" {
				neg = "not " + pos
			}
			labels = append(labels, neg)
		}
	}
	sortLabels(labels)
	t.labels = labels
	t.pos = slices.Index(labels, pos)
	if len(def.PredictionProbas) == 0 {
		return t, nil
	}
	t.probaCol = make([]int, len(labels))
	for i := range t.probaCol {
		t.probaCol[i] = -1
	}
	if single {
		// One column named after a label holds that label's probability
		// (Evidently's get_prediction_data); any other name is the
		// positive label's.
		t.probaCol[t.pos] = 0
		t.negColumn = def.PredictionProbas[0].Label != pos && seen[def.PredictionProbas[0].Label]
		return t, nil
	}
	for j, p := range def.PredictionProbas {
		t.probaCol[slices.Index(labels, p.Label)] = j
	}
	if t.binary && t.probaCol[t.pos] < 0 {
		return nil, fmt.Errorf("%s: no probability column for the positive label %q", metric, pos)
	}
	return t, nil
}

// side codes one raw side with the task's labels and predicts labels from
// probabilities when it must.
func (t *classTask) side(r *rawSide, index map[string]int, useLabels bool, opts *ClassificationOptions) (*classSide, error) {
	n := len(r.target)
	s := &classSide{y: make([]int, n), pred: make([]int, n), dropped: r.dropped, rows: r.rows}
	for i, l := range r.target {
		s.y[i] = index[l]
		if t.probaCol != nil && !t.binary && t.probaCol[s.y[i]] < 0 {
			return nil, fmt.Errorf("the target label %q has no probability column", l)
		}
	}
	if t.probaCol != nil {
		if t.binary {
			s.score = r.probas[t.probaCol[t.pos]]
			if t.negColumn {
				s.score = make([]float64, n)
				for i, p := range r.probas[0] {
					s.score[i] = 1 - p
				}
			}
		} else {
			s.nProbas = len(r.probas)
			s.probas = make([]float64, n*s.nProbas)
			for j, col := range r.probas {
				for i, v := range col {
					s.probas[i*s.nProbas+j] = v
				}
			}
		}
	}
	switch {
	case useLabels:
		for i, l := range r.pred {
			s.pred[i] = index[l]
		}
	case t.binary:
		thr := 0.5
		if opts.ProbasThreshold != nil {
			thr = *opts.ProbasThreshold
		}
		if opts.K != nil && n > 0 {
			desc := slices.Clone(s.score)
			slices.Sort(desc)
			slices.Reverse(desc)
			thr = desc[min(*opts.K, n-1)]
		}
		neg := 1 - t.pos
		for i, p := range s.score {
			if p >= thr {
				s.pred[i] = t.pos
			} else {
				s.pred[i] = neg
			}
		}
	default:
		// argmax over the columns in label order; ties go to the first.
		for i := 0; i < n; i++ {
			best, bestP := -1, math.Inf(-1)
			for li, j := range t.probaCol {
				if j >= 0 && s.probas[i*s.nProbas+j] > bestP {
					best, bestP = li, s.probas[i*s.nProbas+j]
				}
			}
			s.pred[i] = best
		}
	}
	return s, nil
}
