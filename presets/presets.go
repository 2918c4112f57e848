package presets

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/telltale-ml/telltale/internal/didyoumean"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/tests"
)

// Preset is a named bundle of metrics and tests. Its exported, json-tagged
// fields are its options.
type Preset interface {
	// Name returns the preset's name: "data-drift", "data-stability".
	Name() string
	// Build returns the preset's metrics and tests for the data in, with
	// generators already expanded into their tests. It must not modify in.
	Build(ctx context.Context, in *metrics.Input) (*Bundle, error)
}

// Bundle is what a preset builds.
type Bundle struct {
	Metrics []metrics.Metric
	Tests   []tests.Test
	// Descriptors are the text descriptors whose columns the metrics and
	// tests read: a report adds them to the data first.
	Descriptors []descriptors.Descriptor
}

// Kind says whether a preset is a report's (metrics) or a suite's (tests).
type Kind string

// Kinds of presets.
const (
	MetricPreset Kind = "metrics"
	TestPreset   Kind = "tests"
)

// Factory returns a new preset with its default options.
type Factory func() Preset

// Metrics returns the metric presets by name. Each call returns a new map.
func Metrics() map[string]Factory {
	return map[string]Factory{
		"data-drift":   func() Preset { return &DataDrift{} },
		"data-summary": func() Preset { return &DataSummary{} },
		"data-quality": func() Preset { return &DataSummary{name: "data-quality"} },
		"classification": func() Preset {
			return &Classification{}
		},
		"regression":   func() Preset { return &Regression{} },
		"target-drift": func() Preset { return &TargetDrift{} },
		"text-evals":   func() Preset { return &TextEvals{} },
	}
}

// Tests returns the test presets by name. Each call returns a new map.
func Tests() map[string]Factory {
	return map[string]Factory{
		"data-stability":             func() Preset { return &DataStabilityTests{} },
		"data-quality":               func() Preset { return &DataQualityTests{} },
		"data-drift":                 func() Preset { return &DataDriftTests{} },
		"no-target-performance":      func() Preset { return &NoTargetPerformanceTests{} },
		"regression":                 func() Preset { return &RegressionTests{} },
		"binary-classification":      func() Preset { return &BinaryClassificationTests{} },
		"binary-classification-topk": func() Preset { return &BinaryClassificationTopKTests{} },
		"multiclass-classification":  func() Preset { return &MulticlassClassificationTests{} },
	}
}

// Lookup finds the preset called name. Some names are both a metric and a
// test preset (data-drift, data-quality, regression): prefer says which
// catalog to try first. A name may be qualified to choose explicitly:
// "metrics:data-drift", "tests:data-drift". Evidently's class names
// (DataDriftPreset, DataStabilityTestPreset, ...; see EvidentlyAliases)
// find their telltale preset; LookupAlias also says which alias was used.
func Lookup(name string, prefer Kind) (Factory, Kind, error) {
	f, k, _, err := LookupAlias(name, prefer)
	return f, k, err
}

// LookupAlias is Lookup that also returns the alias of an Evidently class
// name (Alias.Evidently is "" for a telltale name).
func LookupAlias(name string, prefer Kind) (Factory, Kind, metrics.Alias, error) {
	var alias metrics.Alias
	if a, ok := metrics.FindAlias(EvidentlyAliases(), name); ok {
		alias, name = a, a.Name
	}
	order := []Kind{MetricPreset, TestPreset}
	if prefer == TestPreset {
		order = []Kind{TestPreset, MetricPreset}
	}
	if k, n, ok := strings.Cut(name, ":"); ok {
		order, name = []Kind{Kind(k)}, n
		if Kind(k) != MetricPreset && Kind(k) != TestPreset {
			return nil, "", alias, fmt.Errorf("preset %q: unknown kind %q (want metrics: or tests:)", k+":"+n, k)
		}
	}
	for _, k := range order {
		c := Metrics()
		if k == TestPreset {
			c = Tests()
		}
		if f, ok := c[name]; ok {
			return f, k, alias, nil
		}
	}
	hint := ""
	if best, ok := didyoumean.Closest(name, append(Names(MetricPreset), Names(TestPreset)...)); ok && best != name {
		hint = fmt.Sprintf(" (did you mean %q?)", best)
	}
	return nil, "", alias, fmt.Errorf("unknown preset %q%s (metric presets: %s; test presets: %s)", name, hint,
		strings.Join(Names(MetricPreset), ", "), strings.Join(Names(TestPreset), ", "))
}

// Names returns the names of the presets of kind k, sorted.
func Names(k Kind) []string {
	c := Metrics()
	if k == TestPreset {
		c = Tests()
	}
	out := make([]string, 0, len(c))
	for n := range c {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// parts collects a bundle from catalog names, remembering the first error.
type parts struct {
	b   Bundle
	err error
	ctx context.Context
	in  *metrics.Input
}

// options copies the json encoding of opts onto v: the preset's options
// reach its metrics and tests by their json names.
func options(v any, opts ...any) error {
	for _, o := range opts {
		if o == nil {
			continue
		}
		b, err := json.Marshal(o)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, v); err != nil {
			return err
		}
	}
	return nil
}

func (p *parts) metric(name string, opts ...any) {
	if p.err != nil {
		return
	}
	f, ok := metrics.Catalog()[name]
	if !ok {
		p.err = fmt.Errorf("metric %s is not registered in this build", name)
		return
	}
	m := f()
	if err := options(m, opts...); err != nil {
		p.err = fmt.Errorf("metric %s: %w", name, err)
		return
	}
	p.b.Metrics = append(p.b.Metrics, m)
}

func (p *parts) test(name string, opts ...any) {
	if p.err != nil {
		return
	}
	f, ok := tests.Catalog()[name]
	if !ok {
		p.err = fmt.Errorf("test %s is not registered in this build", name)
		return
	}
	t := f()
	if err := options(t, opts...); err != nil {
		p.err = fmt.Errorf("test %s: %w", name, err)
		return
	}
	p.b.Tests = append(p.b.Tests, t)
}

func (p *parts) generator(name string, opts ...any) {
	if p.err != nil {
		return
	}
	f, ok := tests.GeneratorCatalog()[name]
	if !ok {
		p.err = fmt.Errorf("test generator %s is not registered in this build", name)
		return
	}
	g := f()
	if err := options(g, opts...); err != nil {
		p.err = fmt.Errorf("test generator %s: %w", name, err)
		return
	}
	ts, err := g.Generate(p.ctx, p.in)
	if err != nil {
		p.err = fmt.Errorf("test generator %s: %w", name, err)
		return
	}
	p.b.Tests = append(p.b.Tests, ts...)
}

func (p *parts) done(preset string) (*Bundle, error) {
	if p.err != nil {
		return nil, fmt.Errorf("preset %s: %w", preset, p.err)
	}
	return &p.b, nil
}

func newParts(ctx context.Context, in *metrics.Input) *parts { return &parts{ctx: ctx, in: in} }

// column is the "column" option of a test.
type column struct {
	Column string `json:"column"`
}

// predictionColumn returns the column whose drift stands for the
// prediction's: the prediction column, else the only probability column.
func predictionColumn(in *metrics.Input) string {
	if in.Def().Prediction != "" {
		return in.Def().Prediction
	}
	if len(in.Def().PredictionProbas) == 1 {
		return in.Def().PredictionProbas[0].Column
	}
	return ""
}
