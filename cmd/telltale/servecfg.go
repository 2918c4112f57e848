package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/monitor"
	"github.com/telltale-ml/telltale/presets"
	"github.com/telltale-ml/telltale/report"
)

// datasetSpec is one dataset to serve, as the config and flags describe
// it, before its reference is read.
type datasetSpec struct {
	name       string
	reference  string
	def        *dataset.Definition // nil: none
	report     *report.Report      // nil: the default presets
	settings   report.MonitorSettings
	experiment string
	where      string // where it is described, for messages
}

// datasets returns the datasets the config file and the flags describe.
func (f *serveFlags) datasets(fs *flag.FlagSet) ([]*datasetSpec, error) {
	cfg := &report.Config{}
	if f.config != "" {
		var err error
		if cfg, err = report.ReadConfig(f.config, presets.MetricPreset); err != nil {
			return nil, err
		}
	}
	given := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { given[fl.Name] = true })
	for _, n := range []string{"window-rows", "every-rows", "track-every"} {
		if v := fs.Lookup(n).Value.(flag.Getter).Get().(int); given[n] && v <= 0 {
			return nil, usagef("serve", "--%s %d: want a positive number", n, v)
		}
	}
	for _, n := range []string{"window-duration", "every", "shutdown-timeout"} {
		if v := fs.Lookup(n).Value.(flag.Getter).Get().(time.Duration); given[n] && v <= 0 {
			return nil, usagef("serve", "--%s %v: want a positive duration such as 30s", n, v)
		}
	}
	var flagPresets []presets.Preset
	for _, name := range f.presets {
		fac, _, err := presets.Lookup(name, presets.MetricPreset)
		if err != nil {
			return nil, usagef("serve", "--preset: %v", err)
		}
		flagPresets = append(flagPresets, fac())
	}
	mappingFlags := false
	for _, n := range []string{"target", "prediction", "prediction-probas", "pos-label", "id", "datetime", "numerical", "categorical", "text"} {
		mappingFlags = mappingFlags || given[n]
	}

	topRef := f.reference
	if topRef == "" {
		topRef = cfg.Reference
	}
	var specs []*datasetSpec
	if cfg.Monitor == nil || len(cfg.Monitor.Datasets) == 0 {
		if topRef == "" {
			return nil, usagef("serve", "give the reference data with --reference FILE, or a --config file with a reference or with datasets in its monitor: section")
		}
		if err := report.CheckDatasetName(f.name); err != nil {
			return nil, usagef("serve", "--name: %v", err)
		}
		rep := cfg.Report()
		rep.Presets = append(rep.Presets, flagPresets...)
		spec := &datasetSpec{name: f.name, reference: topRef, def: f.mapping.apply(fs, cfg.Mapping),
			report: orDefault(rep), where: "--reference " + topRef}
		if cfg.Monitor != nil {
			spec.settings = cfg.Monitor.Defaults
		}
		specs = append(specs, spec)
	} else {
		if len(f.presets) > 0 || mappingFlags || given["name"] {
			return nil, usagef("serve", "--name, --preset and the mapping flags describe the one dataset of --reference; %s names its datasets in its monitor: section", f.config)
		}
		for _, ds := range cfg.Monitor.Datasets {
			where := fmt.Sprintf("%s:%d: monitor.datasets.%s", f.config, ds.Line, ds.Name)
			ref := ds.Reference
			if ref == "" {
				ref = topRef
			}
			if ref == "" {
				return nil, usagef("serve", "%s: no reference: give it the key reference, or give the config a top-level reference or --reference FILE", where)
			}
			def := ds.Mapping
			if def == nil {
				def = cfg.Mapping
			}
			rep := cfg.Report()
			if ds.HasReport() {
				rep = ds.Report()
			}
			specs = append(specs, &datasetSpec{name: ds.Name, reference: ref, def: def, report: orDefault(rep),
				settings: merge(ds.Settings, cfg.Monitor.Defaults), experiment: ds.Experiment, where: where})
		}
	}
	for _, s := range specs {
		if given["window-rows"] {
			s.settings.WindowRows = f.windowRows
		}
		if given["window-duration"] {
			s.settings.WindowDuration = time.Duration(f.windowDuration)
		}
		if given["every-rows"] {
			s.settings.EveryRows = f.everyRows
		}
		if given["every"] {
			s.settings.Every = time.Duration(f.every)
		}
		if given["track-every"] {
			s.settings.TrackEvery = f.trackEvery
		}
		if s.experiment == "" {
			s.experiment = "monitor-" + s.name
		}
	}
	return specs, nil
}

// orDefault returns r, or nil (the monitor's default presets) when r is
// empty.
func orDefault(r *report.Report) *report.Report {
	if len(r.Presets)+len(r.Metrics)+len(r.Tests)+len(r.Generators) == 0 {
		return nil
	}
	return r
}

// merge returns s with its unset values taken from defaults.
func merge(s, defaults report.MonitorSettings) report.MonitorSettings {
	if s.WindowRows == 0 {
		s.WindowRows = defaults.WindowRows
	}
	if s.WindowDuration == 0 {
		s.WindowDuration = defaults.WindowDuration
	}
	if s.WindowBy == "" {
		s.WindowBy = defaults.WindowBy
	}
	if s.EveryRows == 0 {
		s.EveryRows = defaults.EveryRows
	}
	if s.Every == 0 {
		s.Every = defaults.Every
	}
	if s.TrackEvery == 0 {
		s.TrackEvery = defaults.TrackEvery
	}
	return s
}

// loadMonitors reads each dataset's reference and makes its monitor.
func loadMonitors(ctx context.Context, specs []*datasetSpec, read *readFlags, log *slog.Logger, tr *tracker) ([]*monitor.Monitor, error) {
	opts, err := read.options("serve")
	if err != nil {
		return nil, err
	}
	var out []*monitor.Monitor
	for _, s := range specs {
		start := time.Now()
		ref, err := dataset.Read(ctx, s.reference, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: reading the reference: %w", s.where, err)
		}
		def := s.def
		if def == nil {
			def = &dataset.Definition{}
		}
		if ref, err = def.Apply(ref); err != nil {
			return nil, fmt.Errorf("%s: the mapping does not fit the reference: %w", s.where, err)
		}
		st := s.settings
		m, err := monitor.New(monitor.Config{Name: s.name, Reference: ref, Definition: def, Report: s.report,
			Window:    monitor.Window{Rows: st.WindowRows, Duration: st.WindowDuration, ByDatetime: st.WindowBy == "datetime"},
			Recompute: monitor.Recompute{EveryRows: st.EveryRows, Every: st.Every},
		}, monitorOptions(ctx, log, tr, s))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.where, err)
		}
		log.Debug("loaded the reference", "dataset", s.name, "rows", ref.Len(), "columns", ref.NumColumns(), "seconds", time.Since(start).Seconds())
		out = append(out, m)
	}
	return out, nil
}
