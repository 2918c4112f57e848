package report

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/tests"
)

// MonitorConfig is the monitor: section of a config file, which "telltale
// serve" reads (report and test ignore it):
//
//	monitor:
//	  window: {rows: 10000}          # defaults for every dataset below
//	  recompute: {every: 30s}
//	  datasets:
//	    churn:
//	      reference: churn-ref.parquet
//	      mapping: {target: churned, prediction: score}
//	      presets: [data-drift, classification]
//	      tests:
//	        - test: ShareOfDriftedColumns
//	          lt: 0.3
//	      window: {rows: 5000, duration: 1h, by: datetime}
//	      recompute: {every_rows: 1000, every: 30s}
//	      track_every: 10
//	      experiment: churn-monitor
//
// A dataset without its own mapping, presets, metrics and tests uses the
// config file's top-level ones; without a reference, the top-level
// reference (or "telltale serve --reference"). A section without datasets
// sets the window and recomputation of the one dataset "telltale serve
// --reference" serves.
type MonitorConfig struct {
	// Defaults are the settings given at the level of the monitor section,
	// for the datasets that do not give their own.
	Defaults MonitorSettings
	// Datasets are the named datasets, in file order.
	Datasets []MonitorDataset
}

// MonitorSettings are a monitored dataset's window, recomputation and
// tracking. Zero values mean "not set here".
type MonitorSettings struct {
	// WindowRows (window.rows) keeps at most this many of the latest rows.
	WindowRows int
	// WindowDuration (window.duration, "1h") keeps the rows of the last
	// duration.
	WindowDuration time.Duration
	// WindowBy (window.by) is what the duration is measured on: "arrival"
	// (the time rows arrive) or "datetime" (the mapping's datetime column).
	WindowBy string
	// EveryRows (recompute.every_rows) recomputes after this many new rows.
	EveryRows int
	// Every (recompute.every, "30s") recomputes this often.
	Every time.Duration
	// TrackEvery (track_every) logs every Nth recomputation as a run when
	// tracking is on.
	TrackEvery int
}

// MonitorDataset is one dataset of the monitor section.
type MonitorDataset struct {
	Name string
	// Line is where the dataset's entry starts, for messages.
	Line int
	// Reference is the reference data file, resolved against the config
	// file's directory; "" when the entry has none.
	Reference string
	// Experiment is the tracking experiment of its runs ("" when not set).
	Experiment string
	// Mapping is the dataset's column mapping; nil when it has none.
	Mapping *dataset.Definition
	// Presets, Metrics, Tests and Generators are the dataset's own entries;
	// all empty when it has none.
	Presets    []presets.Preset
	Metrics    []metrics.Metric
	Tests      []tests.Test
	Generators []tests.Generator
	// Settings are the dataset's own window, recompute and tracking.
	Settings MonitorSettings
}

// HasReport reports whether the dataset lists its own presets, metrics or
// tests.
func (m *MonitorDataset) HasReport() bool {
	return len(m.Presets)+len(m.Metrics)+len(m.Tests)+len(m.Generators) > 0
}

// Report returns the dataset's own report.
func (m *MonitorDataset) Report() *Report {
	return &Report{Presets: m.Presets, Metrics: m.Metrics, Tests: m.Tests, Generators: m.Generators}
}

var (
	monitorKeys        = []string{"datasets", "window", "recompute", "track_every"}
	monitorDatasetKeys = []string{"reference", "mapping", "presets", "metrics", "tests", "window", "recompute", "track_every", "experiment"}
	windowKeys         = []string{"rows", "duration", "by"}
	recomputeKeys      = []string{"every_rows", "every"}
)

// monitor decodes the monitor section.
func (d *decoder) monitor(n *yaml.Node, dir string, prefer presets.Kind) (*MonitorConfig, error) {
	if isNull(n) {
		return nil, nil
	}
	m := &MonitorConfig{}
	err := d.keys(n, "monitor", monitorKeys, func(k, v *yaml.Node) error {
		switch k.Value {
		case "datasets":
			return d.keys(v, "monitor.datasets", nil, func(nk, nv *yaml.Node) error {
				ds, err := d.monitorDataset(nk, nv, dir, prefer)
				m.Datasets = append(m.Datasets, ds)
				return err
			})
		}
		return d.monitorSetting(k, v, "monitor", &m.Defaults)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (d *decoder) monitorDataset(k, n *yaml.Node, dir string, prefer presets.Kind) (MonitorDataset, error) {
	ds := MonitorDataset{Name: k.Value, Line: k.Line}
	path := "monitor.datasets." + k.Value
	if err := CheckDatasetName(k.Value); err != nil {
		return ds, d.errf(k, path, "%v", err)
	}
	err := d.keys(n, path, monitorDatasetKeys, func(k, v *yaml.Node) error {
		p := path + "." + k.Value
		switch k.Value {
		case "reference":
			var ref string
			if err := d.value(v, p, &ref); err != nil {
				return err
			}
			if ref != "" && !filepath.IsAbs(ref) && dir != "" {
				ref = filepath.Join(dir, ref)
			}
			ds.Reference = ref
			return nil
		case "experiment":
			return d.value(v, p, &ds.Experiment)
		case "mapping":
			var err error
			ds.Mapping, err = d.mapping(v)
			return err
		case "presets":
			return d.each(v, p, func(n *yaml.Node, path string) error {
				pr, err := d.preset(n, path, prefer)
				ds.Presets = append(ds.Presets, pr)
				return err
			})
		case "metrics":
			return d.each(v, p, func(n *yaml.Node, path string) error {
				m, err := d.metric(n, path)
				ds.Metrics = append(ds.Metrics, m)
				return err
			})
		case "tests":
			return d.each(v, p, func(n *yaml.Node, path string) error {
				t, g, err := d.test(n, path)
				if t != nil {
					ds.Tests = append(ds.Tests, t)
				}
				if g != nil {
					ds.Generators = append(ds.Generators, g)
				}
				return err
			})
		}
		return d.monitorSetting(k, v, path, &ds.Settings)
	})
	return ds, err
}

// monitorSetting decodes window, recompute and track_every into s.
func (d *decoder) monitorSetting(k, v *yaml.Node, path string, s *MonitorSettings) error {
	p := path + "." + k.Value
	switch k.Value {
	case "window":
		return d.keys(v, p, windowKeys, func(k, v *yaml.Node) error {
			switch k.Value {
			case "rows":
				return d.positive(v, p+".rows", &s.WindowRows)
			case "duration":
				return d.duration(v, p+".duration", &s.WindowDuration)
			}
			if err := d.value(v, p+".by", &s.WindowBy); err != nil {
				return err
			}
			if s.WindowBy != "arrival" && s.WindowBy != "datetime" {
				return d.errf(v, p+".by", "want arrival (the time rows arrive) or datetime (the mapping's datetime column), got %s", kindName(v))
			}
			return nil
		})
	case "recompute":
		return d.keys(v, p, recomputeKeys, func(k, v *yaml.Node) error {
			if k.Value == "every_rows" {
				return d.positive(v, p+".every_rows", &s.EveryRows)
			}
			return d.duration(v, p+".every", &s.Every)
		})
	case "track_every":
		return d.positive(v, p, &s.TrackEvery)
	}
	return fmt.Errorf("report: no setting %q", k.Value) // keys() let only known keys through
}

// keys calls f for each key of the mapping n; a key not in known (when
// known is not nil) or given twice is an error at its line.
func (d *decoder) keys(n *yaml.Node, path string, known []string, f func(k, v *yaml.Node) error) error {
	if n.Kind != yaml.MappingNode {
		what := "a mapping"
		if known != nil {
			what = "a mapping with the keys " + strings.Join(known, ", ")
		}
		return d.errf(n, path, "want %s, got %s", what, kindName(n))
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			return d.errf(k, path, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if known != nil && !contains(known, k.Value) {
			return d.errf(k, path, "unknown key %q%s (known: %s)", k.Value, suggest(k.Value, known), strings.Join(known, ", "))
		}
		if err := f(k, v); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// positive decodes a positive integer.
func (d *decoder) positive(n *yaml.Node, path string, out *int) error {
	if err := d.value(n, path, out); err != nil {
		return err
	}
	if *out <= 0 {
		return d.errf(n, path, "want a positive integer, got %s", kindName(n))
	}
	return nil
}

// duration decodes a Go duration such as 30s, 5m or 1h30m.
func (d *decoder) duration(n *yaml.Node, path string, out *time.Duration) error {
	if n.Kind != yaml.ScalarNode || isNull(n) {
		return d.errf(n, path, "want a duration such as 30s, 5m or 1h, got %s", kindName(n))
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v <= 0 {
		return d.errf(n, path, "want a positive duration such as 30s, 5m or 1h (units ns, us, ms, s, m, h), got %s", kindName(n))
	}
	*out = v
	return nil
}

// CheckDatasetName returns an error unless name is a valid name of a
// monitored dataset: 1 to 100 letters, digits, '_', '-' or '.', not
// starting with '.' (a name that is safe in a URL path, a metric label and
// a file name).
func CheckDatasetName(name string) error {
	if name == "" || len(name) > 100 || name[0] == '.' {
		return fmt.Errorf("a dataset name is 1 to 100 letters, digits, '_', '-' or '.', not starting with '.'; got %q", name)
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return fmt.Errorf("a dataset name is made of letters, digits, '_', '-' and '.'; %q has %q", name, r)
		}
	}
	return nil
}
