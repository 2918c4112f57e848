package metrics

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// ClassificationPRTable is Evidently's precision-recall table
// (ClassificationPRTable, calculate_pr_table): rows sorted by the label's
// probability, descending (ties in data order), cut every
// max(round(n·0.05), 1) rows. Each row has, for the top rows up to the
// cut: Top (percent of rows, 1 decimal), Count, Prob (the probability of
// the row just after the cut, 2 decimals, as Evidently), TP, FP, and
// Precision and Recall in percent (1 decimal), rounded as Python's round.
// A binary task has the table of the positive label; a multiclass one a
// table per label with a probability column. It needs probabilities.
//
// Compute returns *ClassificationTableResult.
type ClassificationPRTable struct {
	ClassificationOptions
}

// ClassificationLiftTable is Evidently's lift table (ClassificationLiftTable,
// calculate_lift_table): as ClassificationPRTable, cut every
// max(⌊n·0.01⌋, 1) rows with Top a whole percent, and adding F1 (from the
// rounded precision and recall; null when either is 0), Lift =
// recall/top, MaxLift (the lift of a perfect ranking), RelativeLift =
// lift/max_lift and Percent, the share of positives in percent.
//
// Compute returns *ClassificationTableResult.
type ClassificationLiftTable struct {
	ClassificationOptions
}

// Name implements Metric.
func (m *ClassificationPRTable) Name() string { return "ClassificationPRTable" }

// Params implements Parameterized.
func (m *ClassificationPRTable) Params() any { return m }

// Name implements Metric.
func (m *ClassificationLiftTable) Name() string { return "ClassificationLiftTable" }

// Params implements Parameterized.
func (m *ClassificationLiftTable) Params() any { return m }

// PRTableRow is one row of a precision-recall or lift table.
type PRTableRow struct {
	Top       float64 `json:"top"`
	Count     int     `json:"count"`
	Prob      float64 `json:"prob"`
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	Precision float64 `json:"precision"`
	Recall    Float   `json:"recall"`
	// Lift table only.
	F1           *Float `json:"f1,omitempty"`
	Lift         *Float `json:"lift,omitempty"`
	MaxLift      *Float `json:"max_lift,omitempty"`
	RelativeLift *Float `json:"relative_lift,omitempty"`
	Percent      *Float `json:"percent,omitempty"`
}

// ClassificationTableResult holds a table per label for each side.
type ClassificationTableResult struct {
	Current   map[string][]PRTableRow `json:"current"`
	Reference map[string][]PRTableRow `json:"reference"`
}

// Compute implements Metric.
func (m *ClassificationPRTable) Compute(ctx context.Context, in *Input) (Result, error) {
	return classTables(ctx, in, m.Name(), &m.ClassificationOptions, false)
}

// Compute implements Metric.
func (m *ClassificationLiftTable) Compute(ctx context.Context, in *Input) (Result, error) {
	return classTables(ctx, in, m.Name(), &m.ClassificationOptions, true)
}

func classTables(_ context.Context, in *Input, metric string, opts *ClassificationOptions, lift bool) (Result, error) {
	t, err := newClassTask(in, metric, opts)
	if err != nil {
		return nil, err
	}
	if t.probaCol == nil {
		return nil, fmt.Errorf("%w: %s needs prediction probabilities", ErrOption, metric)
	}
	side := func(s *classSide) map[string][]PRTableRow {
		out := map[string][]PRTableRow{}
		for c, l := range t.labels {
			if t.binary && c != t.pos {
				continue
			}
			score, ok := t.classScore(s, c)
			if !ok {
				continue
			}
			out[l] = prTable(t.positives(s, c), score, lift)
		}
		return out
	}
	res := &ClassificationTableResult{Current: side(t.cur)}
	if t.ref != nil {
		res.Reference = side(t.ref)
	}
	return res, nil
}

// pyRound rounds as Python's round(x, digits): the correctly rounded
// decimal, ties to even.
func pyRound(x float64, digits int) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', digits, 64), 64)
	return v
}

func prTable(pos []bool, score []float64, lift bool) []PRTableRow {
	n := len(score)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case score[a] > score[b]:
			return -1
		case score[a] < score[b]:
			return 1
		}
		return 0
	})
	positives := 0
	for _, p := range pos {
		if p {
			positives++
		}
	}
	offset := max(int(math.RoundToEven(float64(n)*0.05)), 1)
	end := n + offset // np.arange(offset, n + offset, offset)
	if lift {
		offset = max(int(math.Floor(float64(n)*0.01)), 1)
		end = n + 1
	}
	var rows []PRTableRow
	tp, done := 0, 0
	for step := offset; step < end; step += offset {
		count := min(step, n)
		for ; done < count; done++ {
			if pos[idx[done]] {
				tp++
			}
		}
		r := PRTableRow{Count: count, Prob: pyRound(score[idx[min(step, n-1)]], 2), TP: tp, FP: count - tp,
			Precision: pyRound(100*float64(tp)/float64(count), 1),
			Recall:    Float(pyRound(divOrNaN(100*float64(tp), float64(positives)), 1))}
		if !lift {
			r.Top = pyRound(100*float64(count)/float64(n), 1)
			rows = append(rows, r)
			continue
		}
		top := math.RoundToEven(100 * float64(count) / float64(n))
		r.Top = top
		rec := float64(r.Recall)
		f1 := math.NaN()
		if r.Precision != 0 && rec != 0 {
			f1 = pyRound(2/(1/r.Precision+1/rec), 1)
		}
		l := pyRound(rec/top, 2)
		var ml float64
		if count <= positives {
			ml = pyRound(100*float64(count)/float64(positives)/top, 2)
		} else {
			ml = pyRound(100/top, 2)
		}
		rl := pyRound(l/ml, 2)
		pct := pyRound(100*float64(positives)/float64(n), 2)
		r.F1, r.Lift, r.MaxLift, r.RelativeLift, r.Percent = fp(f1), fp(l), fp(ml), fp(rl), fp(pct)
		rows = append(rows, r)
	}
	return rows
}

func fp(v float64) *Float { f := Float(v); return &f }
