package main

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/telltale-ml/telltale/internal/didyoumean"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
	"github.com/telltale-ml/telltale/metrics/stattest"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

// catalogEntry is one thing a config file or --preset can name, as
// "telltale test --list" shows it.
type catalogEntry struct {
	// Kind is "metric preset", "test preset", "test", "test generator",
	// "metric", "descriptor" or "stat test".
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Description string `json:"description"`
	// Metric is the metric a test or generator reads.
	Metric  string          `json:"metric,omitempty"`
	Options []catalogOption `json:"options"`
	// Conditions are the condition keys of a test or generator.
	Conditions []string `json:"conditions,omitempty"`

	value any // a new value, for its Go type
}

// catalogOption is an option of an entry: its key in the config file and
// the type of its value.
type catalogOption struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// catalog returns every preset, test, generator, metric, text descriptor
// and drift stat test, in that order and by name within each kind.
func catalog() []catalogEntry {
	var out []catalogEntry
	add := func(kind, name string, v any) {
		e := catalogEntry{Kind: kind, Name: name, value: v, Options: []catalogOption{}}
		e.Description = describeType(kind, name, v)
		if t, ok := v.(tests.Test); ok {
			e.Metric = t.Metric().Name()
		}
		conds := conditionKeys()
		for _, o := range options(v) {
			if conds[o.Name] && (kind == "test" || kind == "test generator") {
				e.Conditions = append(e.Conditions, o.Name)
				continue
			}
			e.Options = append(e.Options, o)
		}
		out = append(out, e)
	}
	for _, k := range []presets.Kind{presets.MetricPreset, presets.TestPreset} {
		c, kind := presets.Metrics(), "metric preset"
		if k == presets.TestPreset {
			c, kind = presets.Tests(), "test preset"
		}
		for _, n := range sortedKeys(c) {
			add(kind, n, c[n]())
		}
	}
	tc := tests.Catalog()
	for _, n := range tests.CatalogNames() {
		add("test", n, tc[n]())
	}
	gc := tests.GeneratorCatalog()
	for _, n := range tests.GeneratorNames() {
		add("test generator", n, gc[n]())
	}
	mc := metrics.Catalog()
	for _, n := range metrics.CatalogNames() {
		add("metric", n, mc[n]())
	}
	dc := descriptors.Catalog()
	for _, n := range descriptors.CatalogNames() {
		add("descriptor", n, dc[n]())
	}
	reg := stattest.Default()
	for _, n := range reg.Names() {
		st, _ := reg.Lookup(n)
		out = append(out, catalogEntry{Kind: "stat test", Name: n, Description: describeStatTest(st), Options: []catalogOption{}})
	}
	return out
}

// describeStatTest says what a drift test is for and how it decides:
// "K-S p_value, for numerical columns: drift when the p-value is <= the
// threshold (default 0.05). Name it in stattest, num_stattest, ...".
func describeStatTest(t stattest.Test) string {
	kinds := make([]string, len(t.Kinds))
	for i, k := range t.Kinds {
		kinds[i] = map[stattest.Kind]string{stattest.Numerical: "numerical", stattest.Categorical: "categorical", stattest.Text: "text"}[k]
	}
	score := "the distance"
	if t.PValue {
		score = "the p-value"
	}
	op := map[stattest.Comparison]string{stattest.Less: "<", stattest.LessEqual: "<=", stattest.GreaterEqual: ">=", stattest.Greater: ">"}[t.Drift]
	return fmt.Sprintf("%s, for %s columns: drift when %s is %s the threshold (default %s). A drift test: name it in the stattest options or --stattest.",
		t.DisplayName, strings.Join(kinds, " and "), score, op, strconv.FormatFloat(t.DefaultThreshold, 'g', -1, 64))
}

// conditionKeys are the keys of a test's condition and its critical flag.
func conditionKeys() map[string]bool {
	keys := map[string]bool{"critical": true}
	for _, o := range options(&tests.Condition{}) {
		keys[o.Name] = true
	}
	return keys
}

// options lists the json-tagged fields of the struct v points to, those of
// embedded structs included, in declaration order.
func options(v any) []catalogOption {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []catalogOption
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || f.Anonymous || name == "" || name == "-" {
			continue
		}
		out = append(out, catalogOption{Name: name, Type: typeName(f.Type)})
	}
	return out
}

// typeName names a Go type as a config file writes it.
func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint64:
		return "integer"
	case reflect.Float64, reflect.Float32:
		return "number"
	case reflect.Slice:
		return "list of " + plural(typeName(t.Elem()))
	case reflect.Array:
		return fmt.Sprintf("[%d]%s", t.Len(), plural(typeName(t.Elem())))
	case reflect.Map:
		return "map of " + plural(typeName(t.Elem()))
	case reflect.Interface:
		return "any"
	}
	return "object"
}

func plural(s string) string {
	if strings.HasSuffix(s, "s") || strings.Contains(s, " ") || s == "any" {
		return s
	}
	return s + "s"
}

// describeType is the first sentence of the doc comment of v's Go type
// (typeDocs, generated from the sources). A test type shared by several
// tests (ColumnTest is ColumnValueMean, ColumnValueMin, ...) is introduced
// by the test's name in words.
func describeType(kind, name string, v any) string {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	doc := typeDocs()[typeKey(t)]
	if t.Name() == name || doc == "" || !strings.HasPrefix(kind, "test") || strings.HasSuffix(kind, "preset") {
		return doc
	}
	return words(name) + ". " + doc
}

// typeKey is the key of typeDocs: "metrics.DataDrift".
func typeKey(t reflect.Type) string {
	pkg := t.PkgPath()
	return strings.TrimPrefix(pkg, module+"/") + "." + t.Name()
}

// module is this module's path, the prefix of typeDocs' packages.
const module = "github.com/telltale-ml/telltale"

// words spells a CamelCase name in words: "NumberOfRows" → "Number of
// rows".
func words(name string) string {
	var b strings.Builder
	for i, r := range name {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte(' ')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// printCatalog lists every entry by kind, names only.
func printCatalog(w io.Writer, entries []catalogEntry) {
	byKind := map[string][]string{}
	for _, e := range entries {
		byKind[e.Kind] = append(byKind[e.Kind], e.Name)
	}
	fmt.Fprintf(w, "Metric presets: %s\n", strings.Join(byKind["metric preset"], ", "))
	fmt.Fprintf(w, "Test presets:   %s\n", strings.Join(byKind["test preset"], ", "))
	fmt.Fprintf(w, "\nTests:\n  %s\n", strings.Join(byKind["test"], "\n  "))
	fmt.Fprintf(w, "\nTest generators (one test per column):\n  %s\n", strings.Join(byKind["test generator"], "\n  "))
	fmt.Fprintf(w, "\nMetrics:\n  %s\n", strings.Join(byKind["metric"], "\n  "))
	fmt.Fprintf(w, "\nDrift stat tests: %s\n", strings.Join(byKind["stat test"], ", "))
	fmt.Fprintf(w, "\nRun \"telltale test --list NAME\" for one's description and options.\n")
}

// lookupCatalog returns the entries called name (a name may be both a
// metric and a test, or both kinds of preset), matching case-insensitively
// and without Evidently's "Test" prefix when nothing matches exactly.
func lookupCatalog(entries []catalogEntry, name string) ([]catalogEntry, error) {
	// Evidently's class names: ColumnDriftMetric, DataDriftPreset, ...
	wantKind := ""
	if a, ok := metrics.FindAlias(metrics.EvidentlyAliases(), name); ok {
		name, wantKind = a.Name, "metric"
	} else if a, ok := metrics.FindAlias(presets.EvidentlyAliases(), name); ok {
		k, n, _ := strings.Cut(a.Name, ":")
		name, wantKind = n, map[string]string{"metrics": "metric preset", "tests": "test preset"}[k]
	}
	var exact, folded []catalogEntry
	bare := strings.TrimPrefix(name, "Test")
	for _, e := range entries {
		switch {
		case wantKind != "" && e.Kind != wantKind:
		case e.Name == name || e.Kind == "test" && e.Name == bare:
			exact = append(exact, e)
		case strings.EqualFold(e.Name, name) || strings.EqualFold(e.Name, bare):
			folded = append(folded, e)
		}
	}
	if len(exact) > 0 {
		return exact, nil
	}
	if len(folded) > 0 {
		return folded, nil
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
	}
	msg := fmt.Sprintf("%q is not a preset, test, metric, descriptor or stat test", name)
	if best, ok := didyoumean.Closest(name, names); ok {
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return nil, fmt.Errorf("%s; run \"telltale test --list\" for every name", msg)
}

// printEntry shows one entry: its kind, description, metric, options and
// conditions.
func printEntry(w io.Writer, e catalogEntry) {
	fmt.Fprintf(w, "%s (%s)\n", e.Name, e.Kind)
	if e.Description != "" {
		fmt.Fprintf(w, "  %s\n", e.Description)
	}
	if e.Metric != "" {
		fmt.Fprintf(w, "  Metric: %s\n", e.Metric)
	}
	switch {
	case e.Kind == "stat test":
	case len(e.Options) == 0:
		fmt.Fprintln(w, "  Options: none")
	default:
		fmt.Fprintln(w, "  Options:")
		width := 0
		for _, o := range e.Options {
			width = max(width, len(o.Name))
		}
		for _, o := range e.Options {
			fmt.Fprintf(w, "    %-*s  %s\n", width, o.Name, o.Type)
		}
	}
	if len(e.Conditions) > 0 {
		fmt.Fprintf(w, "  Conditions: %s\n", strings.Join(e.Conditions, ", "))
	}
}

// listCatalog is --list: every entry, or the entries called name; as JSON
// when asJSON.
func listCatalog(w io.Writer, name string, asJSON bool) error {
	entries := catalog()
	if name != "" {
		var err error
		if entries, err = lookupCatalog(entries, name); err != nil {
			return err
		}
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(entries)
	}
	if name == "" {
		printCatalog(w, entries)
		return nil
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		printEntry(w, e)
	}
	return nil
}
