package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/telltale-ml/telltale/internal/didyoumean"
	"github.com/telltale-ml/telltale/metrics/stattest"
	"github.com/telltale-ml/telltale/presets"
)

// driftFlags are the drift options Evidently users change first, as flags
// of report and test. Each one given is set on every preset (from --preset
// or the config file) that has the option of that name, overriding the
// config file's value.
type driftFlags struct {
	set map[string]any // option name (as in the config file) → value
}

// driftFlagOptions maps each flag to its option name in the config file.
var driftFlagOptions = map[string]string{
	"stattest":           "stattest",
	"stattest-threshold": "stattest_threshold",
	"drift-share":        "drift_share",
	"columns":            "columns",
}

func (d *driftFlags) register(fs *flag.FlagSet) {
	d.set = map[string]any{}
	fs.Func("stattest", "the drift `TEST` of every column (ks, psi, wasserstein, jensenshannon, chisquare, ...; default: chosen per column as Evidently does); the presets' stattest option", func(v string) error {
		if _, ok := stattest.Default().Lookup(v); !ok {
			names := stattest.Default().Names()
			hint := ""
			if best, ok := didyoumean.Closest(v, names); ok {
				hint = fmt.Sprintf(" (did you mean %q?)", best)
			}
			return fmt.Errorf("unknown stat test %q%s; known: %s", v, hint, strings.Join(names, ", "))
		}
		d.set["stattest"] = v
		return nil
	})
	fs.Func("stattest-threshold", "the `THRESHOLD` of the drift test: a p-value under it, or a distance over it, is drift (default: the test's own); the presets' stattest_threshold option", func(v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x <= 0 {
			return fmt.Errorf("want a positive number")
		}
		d.set["stattest_threshold"] = x
		return nil
	})
	fs.Func("drift-share", "the `SHARE` of drifted columns from which the dataset drifts, in (0, 1] (default 0.5); the presets' drift_share option", func(v string) error {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x <= 0 || x > 1 {
			return fmt.Errorf("want a share in (0, 1]")
		}
		d.set["drift_share"] = x
		return nil
	})
	fs.Func("columns", "test drift on these `COLUMNS` only (a,b; repeat for more); the presets' columns option", func(v string) error {
		var cols listFlag
		if prev, ok := d.set["columns"].([]string); ok {
			cols = prev
		}
		if err := cols.Set(v); err != nil {
			return err
		}
		d.set["columns"] = []string(cols)
		return nil
	})
}

// apply sets the given options on the presets that have them. An option
// that none of ps has is a usage error naming the presets that would.
func (d *driftFlags) apply(cmd string, ps []presets.Preset) error {
	for _, flagName := range sortedKeys(driftFlagOptions) {
		key := driftFlagOptions[flagName]
		v, ok := d.set[key]
		if !ok {
			continue
		}
		b, err := json.Marshal(map[string]any{key: v})
		if err != nil {
			return err
		}
		took := 0
		for _, p := range ps {
			if !hasOption(p, key) {
				continue
			}
			if err := json.Unmarshal(b, p); err != nil {
				return fmt.Errorf("--%s: preset %s: %w", flagName, p.Name(), err)
			}
			took++
		}
		if took == 0 {
			return usagef(cmd, "--%s: none of the presets given has the %s option; these do: %s", flagName, key,
				strings.Join(presetsWithOption(key), ", "))
		}
	}
	return nil
}

// hasOption reports whether preset p has an option (a json-tagged field,
// or one of an embedded struct's) called key.
func hasOption(p presets.Preset, key string) bool {
	t := reflect.TypeOf(p)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return false
	}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.IsExported() && !f.Anonymous && name == key {
			return true
		}
	}
	return false
}

// presetsWithOption lists the presets that have option key, as
// "data-drift" or "tests:data-drift" where a name is both kinds.
func presetsWithOption(key string) []string {
	var out []string
	for _, k := range []presets.Kind{presets.MetricPreset, presets.TestPreset} {
		c := presets.Metrics()
		if k == presets.TestPreset {
			c = presets.Tests()
		}
		for _, name := range sortedKeys(c) {
			if hasOption(c[name](), key) {
				out = append(out, string(k)+":"+name)
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
