package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

// Config is a report or a suite read from a config file (YAML, or JSON,
// which is YAML too):
//
//	reference: ref.parquet         # paths, relative to the config file
//	current: cur.parquet
//	mapping:                       # what the columns mean
//	  target: churned
//	  prediction: score
//	  datetime: ts
//	descriptors:                   # text descriptors: new columns
//	  - {descriptor: TextLength, column: review}   # "Text Length for review"
//	presets:                       # names, or {preset: NAME, options...}
//	  - data-drift
//	  - {preset: data-summary, columns: [age, plan]}
//	metrics:                       # {metric: NAME, options...}
//	  - metric: ColumnDrift
//	    column: age
//	    stattest: psi
//	tests:                         # {test: NAME, options, condition, critical}
//	  - test: ShareOfDriftedColumns
//	    lt: 0.3
//	  - test: ColumnShareOfMissingValues
//	    column: age
//	    lte: 0.05
//	    critical: false
//	  - test: AllColumnsShareOfMissingValues   # a generator: one test per column
//	  - test: ColumnValueMin                   # a descriptor as the column
//	    column: {descriptor: OOV, column: review}
//	    lte: 10
//
// Each metric, test and preset entry fills the struct its catalog returns
// by the struct's json tags, so its keys are the Go type's json names.
// Unknown keys and values of the wrong type are errors that name the file,
// the line and the entry (see ConfigError).
//
// Entries may name Evidently's legacy classes instead (ColumnDriftMetric,
// DataDriftTable, TestShareOfDriftedColumns, DataDriftPreset, ...; see
// metrics.EvidentlyAliases, tests.EvidentlyAliases and
// presets.EvidentlyAliases), with Evidently's option names (column_name
// for column); Config.Notes says once per name what telltale calls it.
type Config struct {
	// Reference and Current are the data files, resolved against the
	// config file's directory; "" when the file does not say.
	Reference, Current string
	// Mapping is the column mapping; nil when the file has none.
	Mapping *dataset.Definition
	// Presets, Metrics, Tests and Generators are the entries of presets,
	// metrics and tests (a tests entry naming a generator, such as
	// AllColumnsShareOfMissingValues, is a generator).
	Presets    []presets.Preset
	Metrics    []metrics.Metric
	Tests      []tests.Test
	Generators []tests.Generator
	// Descriptors are the text descriptors of the descriptors key and
	// those given as a column in a metric or test entry.
	Descriptors []descriptors.Descriptor
	// Monitor is the monitor: section, which "telltale serve" reads; nil
	// when the file has none (see MonitorConfig).
	Monitor *MonitorConfig
	// Notes say, once per name, which entries used Evidently's class
	// names and what telltale calls them: "ColumnDriftMetric is
	// Evidently's name for ColumnDrift".
	Notes []string
}

// Report returns the report or suite the config describes.
func (c *Config) Report() *Report {
	return &Report{Presets: c.Presets, Metrics: c.Metrics, Tests: c.Tests, Generators: c.Generators, Descriptors: c.Descriptors}
}

// ConfigError is a mistake in a config file, at a line.
type ConfigError struct {
	File string
	Line int    // 1-based; 0 when unknown
	Path string // the entry: "tests[1].lte"; "" for the whole file
	Msg  string
}

func (e *ConfigError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ReadConfig reads the config file at path; see ParseConfig.
func ReadConfig(path string, prefer presets.Kind) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseConfig(path, data, filepath.Dir(path), prefer)
}

// ParseConfig parses a config file's content. name names it in errors;
// reference and current paths are resolved against dir. A preset name
// that is both a metric and a test preset (data-drift, data-quality,
// regression) is looked up first among the presets of kind prefer: a
// report prefers metric presets, a suite test presets; "metrics:NAME" and
// "tests:NAME" choose explicitly.
func ParseConfig(name string, data []byte, dir string, prefer presets.Kind) (*Config, error) {
	d := &decoder{file: name, said: map[string]bool{}}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, d.yamlError(err)
	}
	// A second document would be ignored: refuse it rather than run half
	// of what the file says.
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, d.yamlError(err)
	case len(next.Content) > 0 && !isNull(next.Content[0]):
		return nil, d.errf(next.Content[0], "", "a second YAML document (after ---): a config file holds one; merge them or use two files")
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, &ConfigError{File: name, Msg: "the config file is empty"}
	}
	root := resolve(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, d.errf(root, "", "want a mapping with keys %s, got %s", strings.Join(topKeys, ", "), kindName(root))
	}
	c := &Config{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], resolve(root.Content[i+1])
		if seen[k.Value] {
			return nil, d.errf(k, "", "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		var err error
		switch k.Value {
		case "reference", "current":
			var p string
			if err = d.value(v, k.Value, &p); err == nil && p != "" {
				if !filepath.IsAbs(p) && dir != "" {
					p = filepath.Join(dir, p)
				}
				if k.Value == "reference" {
					c.Reference = p
				} else {
					c.Current = p
				}
			}
		case "mapping":
			c.Mapping, err = d.mapping(v)
		case "descriptors":
			err = d.each(v, "descriptors", func(n *yaml.Node, path string) error {
				desc, err := d.descriptor(n, path)
				c.Descriptors = append(c.Descriptors, desc)
				return err
			})
		case "presets":
			err = d.each(v, "presets", func(n *yaml.Node, path string) error {
				p, err := d.preset(n, path, prefer)
				c.Presets = append(c.Presets, p)
				return err
			})
		case "metrics":
			err = d.each(v, "metrics", func(n *yaml.Node, path string) error {
				m, err := d.metric(n, path)
				c.Metrics = append(c.Metrics, m)
				return err
			})
		case "tests":
			err = d.each(v, "tests", func(n *yaml.Node, path string) error {
				t, g, err := d.test(n, path)
				if t != nil {
					c.Tests = append(c.Tests, t)
				}
				if g != nil {
					c.Generators = append(c.Generators, g)
				}
				return err
			})
		case "monitor":
			c.Monitor, err = d.monitor(v, dir, prefer)
		default:
			err = d.errf(k, "", "unknown key %q (known: %s)", k.Value, strings.Join(topKeys, ", "))
		}
		if err != nil {
			return nil, err
		}
	}
	c.Descriptors = append(c.Descriptors, d.descriptors...)
	c.Notes = d.notes
	return c, nil
}

var topKeys = []string{"reference", "current", "mapping", "descriptors", "presets", "metrics", "tests", "monitor"}

// each calls f for each item of the list n.
func (d *decoder) each(n *yaml.Node, key string, f func(*yaml.Node, string) error) error {
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		return d.errf(n, key, "want a list, got %s", kindName(n))
	}
	for i, item := range n.Content {
		if err := f(resolve(item), fmt.Sprintf("%s[%d]", key, i)); err != nil {
			return err
		}
	}
	return nil
}

// entry splits a list item into its name (the value of nameKey, or the
// item itself when it is a plain name) and the mapping of its options.
func (d *decoder) entry(n *yaml.Node, path, nameKey string) (string, *yaml.Node, *yaml.Node, error) {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		return n.Value, nil, n, nil
	}
	if n.Kind != yaml.MappingNode {
		return "", nil, n, d.errf(n, path, "want a name or a mapping with the key %q, got %s", nameKey, kindName(n))
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == nameKey {
			v := resolve(n.Content[i+1])
			if v.Kind != yaml.ScalarNode || isNull(v) || v.Value == "" {
				return "", nil, v, d.errf(v, path+"."+nameKey, "want a name, got %s", kindName(v))
			}
			return v.Value, n, v, nil
		}
	}
	return "", nil, n, d.errf(n, path, "the key %q is missing", nameKey)
}

func (d *decoder) preset(n *yaml.Node, path string, prefer presets.Kind) (presets.Preset, error) {
	name, opts, at, err := d.entry(n, path, "preset")
	if err != nil {
		return nil, err
	}
	f, _, alias, err := presets.LookupAlias(name, prefer)
	if err != nil {
		return nil, d.errf(at, path, "%v", err)
	}
	p := f()
	what := d.say(alias, "preset", p.Name())
	if opts != nil {
		if err := d.options(renamed(opts, alias, "preset"), path, p, what, "preset"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// say records, once per name, that an entry used Evidently's name, and
// returns how messages name the entry: "metric ColumnDrift (Evidently's
// ColumnDriftMetric)".
func (d *decoder) say(a metrics.Alias, kind, name string) string {
	if a.Evidently == "" {
		return kind + " " + name
	}
	if !d.said[a.Evidently] {
		d.said[a.Evidently] = true
		d.notes = append(d.notes, d.file+": "+a.Said())
	}
	return fmt.Sprintf("%s %s (Evidently's %s)", kind, name, a.Evidently)
}

// renamed returns the options mapping n with Evidently's option names
// turned into telltale's (column_name is column, ...) and a single value
// wrapped in a list where telltale takes a list; n itself for a telltale
// name.
func renamed(n *yaml.Node, a metrics.Alias, skip string) *yaml.Node {
	if a.Evidently == "" || n == nil || n.Kind != yaml.MappingNode {
		return n
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	copy(c.Content, n.Content)
	for i := 0; i+1 < len(c.Content); i += 2 {
		if c.Content[i].Value == skip {
			continue
		}
		k := *c.Content[i]
		k.Value = a.Key(k.Value)
		c.Content[i] = &k
		if v := resolve(c.Content[i+1]); a.IsList(k.Value) && v.Kind == yaml.ScalarNode && !isNull(v) {
			c.Content[i+1] = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: v.Line, Column: v.Column, Content: []*yaml.Node{v}}
		}
	}
	return &c
}

func (d *decoder) metric(n *yaml.Node, path string) (metrics.Metric, error) {
	name, opts, at, err := d.entry(n, path, "metric")
	if err != nil {
		return nil, err
	}
	f, alias, ok := metrics.Lookup(name)
	if !ok {
		known := metrics.CatalogNames()
		for _, a := range metrics.EvidentlyAliases() {
			known = append(known, a.Evidently)
		}
		return nil, d.errf(at, path, "unknown metric %q%s (known: %s; Evidently's names: run \"telltale test --list --evidently\")",
			name, suggest(name, known), strings.Join(metrics.CatalogNames(), ", "))
	}
	m := f()
	what := d.say(alias, "metric", m.Name())
	if opts != nil {
		if err := d.options(renamed(opts, alias, "metric"), path, m, what, "metric"); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func (d *decoder) test(n *yaml.Node, path string) (tests.Test, tests.Generator, error) {
	name, opts, at, err := d.entry(n, path, "test")
	if err != nil {
		return nil, nil, err
	}
	v, alias, ok := tests.Lookup(name)
	if !ok {
		all := append(tests.CatalogNames(), tests.GeneratorNames()...)
		for _, a := range tests.EvidentlyAliases() {
			all = append(all, a.Evidently)
		}
		return nil, nil, d.errf(at, path, "unknown test %q%s (run \"telltale test --list\" for the catalogue)", name, suggest(name, all))
	}
	if alias.Evidently != "" {
		name = alias.Name
	}
	what := d.say(alias, "test", name)
	if opts != nil {
		if err := d.options(renamed(opts, alias, "test"), path, v, what, "test"); err != nil {
			return nil, nil, err
		}
	}
	if t, ok := v.(tests.Test); ok {
		return t, nil, nil
	}
	return nil, v.(tests.Generator), nil
}

// options fills the struct v points to from the mapping n, skipping the
// name key.
func (d *decoder) options(n *yaml.Node, path string, v any, what, nameKey string) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		return d.errf(n, path, "%s takes no options", what)
	}
	if err := d.structValue(n, path, rv.Elem(), what, nameKey); err != nil {
		return err
	}
	return d.checkEntry(n, path, v)
}

// mapping decodes the mapping section into a Definition.
func (d *decoder) mapping(n *yaml.Node) (*dataset.Definition, error) {
	if isNull(n) {
		return nil, nil
	}
	var m struct {
		Target           string              `json:"target"`
		Prediction       string              `json:"prediction"`
		PredictionProbas probas              `json:"prediction_probas"`
		PosLabel         string              `json:"pos_label"`
		ID               string              `json:"id"`
		Datetime         string              `json:"datetime"`
		Numerical        []string            `json:"numerical"`
		Categorical      []string            `json:"categorical"`
		Text             []string            `json:"text"`
		DatetimeFeatures []string            `json:"datetime_features"`
		Embeddings       map[string][]string `json:"embeddings"`
	}
	if err := d.structValue(n, "mapping", reflect.ValueOf(&m).Elem(), "mapping", ""); err != nil {
		return nil, err
	}
	return &dataset.Definition{
		Target: m.Target, Prediction: m.Prediction, PredictionProbas: m.PredictionProbas, PosLabel: m.PosLabel,
		ID: m.ID, Datetime: m.Datetime, Numerical: m.Numerical, Categorical: m.Categorical, Text: m.Text,
		DatetimeFeatures: m.DatetimeFeatures, Embeddings: m.Embeddings,
	}, nil
}

// probas is prediction_probas: a list of columns named as their classes,
// or a map from class label to column.
type probas []dataset.ProbaColumn

func (d *decoder) probas(n *yaml.Node, path string, out *probas) error {
	switch n.Kind {
	case yaml.SequenceNode:
		var cols []string
		if err := d.value(n, path, &cols); err != nil {
			return err
		}
		*out = dataset.ProbasNamedAsClasses(cols...)
		return nil
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], resolve(n.Content[i+1])
			if v.Kind != yaml.ScalarNode || isNull(v) {
				return d.errf(v, path+"."+k.Value, "want a column name, got %s", kindName(v))
			}
			*out = append(*out, dataset.ProbaColumn{Label: k.Value, Column: v.Value})
		}
		return nil
	}
	return d.errf(n, path, "want a list of columns named as the classes, or a map from class label to column, got %s", kindName(n))
}

// yamlError turns a YAML syntax error into a ConfigError with its line.
func (d *decoder) yamlError(err error) error {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 0
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, tail, ok := strings.Cut(rest, ":"); ok {
			if _, e := fmt.Sscanf(num, "%d", &line); e == nil {
				msg = strings.TrimSpace(tail)
			}
		}
	}
	return &ConfigError{File: d.file, Line: line, Msg: msg}
}
