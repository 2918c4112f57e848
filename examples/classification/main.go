// Command classification fits a multinomial logistic regression to the
// Palmer penguins with gonum, scores it, and writes a classification
// report with telltale: ClassificationQuality on a reference half (the
// rows the model was fitted on) and a current half, with Evidently's
// model-quality tests.
//
//	go run ./examples/classification [-out DIR]
//
// It writes DIR/classification-report.json (the JSON profile) and
// DIR/classification-report.html (the report page) with render.WriteFiles,
// and prints the headline numbers and the test outcomes.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"

	"gonum.org/v1/gonum/floats"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/render"
	"github.com/telltale-ml/telltale/render/html"
	"github.com/telltale-ml/telltale/report"
	"github.com/telltale-ml/telltale/tests"
)

//go:embed penguins.json
var penguinsJSON []byte

var species = []string{"Adelie", "Chinstrap", "Gentoo"}

type penguin struct {
	Species string   `json:"Species"`
	Beak    *float64 `json:"Beak Length (mm)"`
	Depth   *float64 `json:"Beak Depth (mm)"`
	Flipper *float64 `json:"Flipper Length (mm)"`
	Mass    *float64 `json:"Body Mass (g)"`
}

func main() {
	out := flag.String("out", os.TempDir(), "directory to write the report into")
	flag.Parse()
	if err := run(context.Background(), *out); err != nil {
		fmt.Fprintln(os.Stderr, "classification:", err)
		os.Exit(2)
	}
}

func run(ctx context.Context, out string) error {
	var rows []penguin
	if err := json.Unmarshal(penguinsJSON, &rows); err != nil {
		return err
	}
	// Keep the measured penguins; the even rows are the reference (and the
	// training set), the odd rows the current data.
	var xs [2][][]float64
	var ys [2][]int
	for i, p := range rows {
		if p.Beak == nil || p.Depth == nil || p.Flipper == nil || p.Mass == nil {
			continue
		}
		k := 0
		for k < len(species) && species[k] != p.Species {
			k++
		}
		side := i % 2
		xs[side] = append(xs[side], []float64{*p.Beak, *p.Depth, *p.Flipper, *p.Mass})
		ys[side] = append(ys[side], k)
	}
	model, err := fit(xs[0], ys[0])
	if err != nil {
		return err
	}
	ref, err := model.frame("reference", xs[0], ys[0])
	if err != nil {
		return err
	}
	cur, err := model.frame("current", xs[1], ys[1])
	if err != nil {
		return err
	}
	def := &dataset.Definition{Target: "species", Prediction: "predicted",
		PredictionProbas: dataset.ProbasNamedAsClasses(species...)}

	r := &report.Report{
		Metrics: []metrics.Metric{&metrics.ClassificationQuality{}},
		Tests: []tests.Test{
			&tests.AccuracyScore{}, &tests.F1Score{}, &tests.RocAuc{}, &tests.LogLoss{},
			&tests.AccuracyScore{Base: tests.Gte(0.95)},
		},
	}
	for _, s := range species {
		r.Tests = append(r.Tests, &tests.RecallByClass{Label: s})
	}
	snap, err := r.Run(ctx, report.Data{Reference: ref, Current: cur, Definition: def}, nil)
	if err != nil {
		return err
	}
	paths, err := render.WriteFiles(out, "classification-report", snap, &html.Options{Title: "Penguin species: softmax regression"})
	if err != nil {
		return err
	}
	q := snap.Metrics[0].Result.(*metrics.ClassificationQualityResult)
	for _, side := range []struct {
		name string
		s    *metrics.ClassificationScores
	}{{"reference", q.Reference}, {"current", q.Current}} {
		fmt.Printf("%-9s rows %3d  accuracy %.3f  macro F1 %.3f  ROC AUC %.4f  log loss %.4f\n",
			side.name, side.s.Rows, side.s.Accuracy, side.s.F1, side.s.RocAuc, side.s.LogLoss)
	}
	for _, o := range snap.Tests {
		fmt.Printf("%-8s %s: %s\n", o.Status, o.Name, o.Description)
	}
	for _, p := range paths {
		fmt.Println("wrote", p)
	}
	return nil
}

// softmax is a fitted multinomial logistic regression on standardised
// features.
type softmax struct {
	mean, std []float64
	w         []float64 // classes × (features+1), bias last
}

const l2 = 1e-3

// fit minimises the mean cross-entropy plus l2·|w|² by gradient descent.
func fit(x [][]float64, y []int) (*softmax, error) {
	d := len(x[0])
	m := &softmax{mean: make([]float64, d), std: make([]float64, d)}
	for j := 0; j < d; j++ {
		for _, r := range x {
			m.mean[j] += r[j]
		}
		m.mean[j] /= float64(len(x))
		for _, r := range x {
			m.std[j] += (r[j] - m.mean[j]) * (r[j] - m.mean[j])
		}
		m.std[j] = math.Sqrt(m.std[j] / float64(len(x)))
	}
	k, stride := len(species), d+1
	loss := func(w, grad []float64) float64 {
		m.w = w
		for i := range grad {
			grad[i] = 2 * l2 * w[i]
		}
		total := 0.0
		for i, r := range x {
			z, p := m.standardise(r), m.proba(r)
			total -= math.Log(math.Max(p[y[i]], 1e-300))
			for c := 0; c < k; c++ {
				g := p[c]
				if c == y[i] {
					g--
				}
				for j := 0; j <= d; j++ {
					grad[c*stride+j] += g * z[j] / float64(len(x))
				}
			}
		}
		reg := 0.0
		for _, v := range w {
			reg += l2 * v * v
		}
		return total/float64(len(x)) + reg
	}
	// The loss is convex and the features standardised: plain gradient
	// descent with a fixed step converges.
	w, grad := make([]float64, k*stride), make([]float64, k*stride)
	prev := math.Inf(1)
	for it := 0; it < 5000; it++ {
		cur := loss(w, grad)
		if prev-cur < 1e-10 {
			break
		}
		prev = cur
		floats.AddScaled(w, -0.5, grad)
	}
	m.w = w
	return m, nil
}

// standardise returns the standardised features of r with a trailing 1.
func (m *softmax) standardise(r []float64) []float64 {
	z := make([]float64, len(r)+1)
	for j, v := range r {
		z[j] = (v - m.mean[j]) / m.std[j]
	}
	z[len(r)] = 1
	return z
}

// proba returns the class probabilities of r.
func (m *softmax) proba(r []float64) []float64 {
	z := m.standardise(r)
	p := make([]float64, len(species))
	top := math.Inf(-1)
	for c := range p {
		p[c] = floats.Dot(m.w[c*len(z):(c+1)*len(z)], z)
		top = math.Max(top, p[c])
	}
	sum := 0.0
	for c := range p {
		p[c] = math.Exp(p[c] - top)
		sum += p[c]
	}
	for c := range p {
		p[c] /= sum
	}
	return p
}

// frame scores rows: the species, the predicted species and one
// probability column per species.
func (m *softmax) frame(name string, x [][]float64, y []int) (*dataset.Frame, error) {
	target, pred := make([]string, len(x)), make([]string, len(x))
	probas := make([][]float64, len(species))
	for c := range probas {
		probas[c] = make([]float64, len(x))
	}
	for i, r := range x {
		p := m.proba(r)
		best := 0
		for c := range p {
			probas[c][i] = p[c]
			if p[c] > p[best] {
				best = c
			}
		}
		target[i], pred[i] = species[y[i]], species[best]
	}
	cols := []dataset.Column{
		dataset.NewStringColumn("species", dataset.Categorical, target, nil),
		dataset.NewStringColumn("predicted", dataset.Categorical, pred, nil),
	}
	for c, s := range species {
		cols = append(cols, dataset.NewNumericColumn(s, probas[c]))
	}
	return dataset.New(name, cols...)
}
