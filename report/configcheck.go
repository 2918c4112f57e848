package report

import (
	"errors"
	"reflect"

	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/tests"
)

var (
	driftOptionsType = reflect.TypeFor[metrics.DriftOptions]()
	conditionType    = reflect.TypeFor[tests.Condition]()
)

// checkEntry checks the values of a decoded entry (a preset, metric or
// test, v a pointer to its struct) that a type check cannot: a test's
// condition must be able to hold, drift_share is a share, a stat test's
// threshold fits the test. An error points at the line of the key to
// blame in n, the entry's mapping.
func (d *decoder) checkEntry(n *yaml.Node, path string, v any) error {
	var err error
	walkEmbedded(reflect.ValueOf(v).Elem(), func(f reflect.Value, tag string) bool {
		switch {
		case f.Type() == driftOptionsType:
			err = f.Addr().Interface().(*metrics.DriftOptions).CheckThresholds()
		case f.Type() == conditionType:
			err = f.Addr().Interface().(*tests.Condition).Check()
		case tag == "drift_share" && f.Type() == reflect.TypeFor[*float64]():
			err = metrics.CheckShare("drift_share", f.Interface().(*float64))
		}
		return err == nil
	})
	if err == nil {
		return nil
	}
	var oe *metrics.OptionError
	if !errors.As(err, &oe) {
		return d.errf(n, path, "%v", err)
	}
	at := n
	if k, val := keyNode(n, oe.Key); k != nil {
		at = k
		if k2, _ := keyNode(val, oe.SubKey); oe.SubKey != "" && k2 != nil {
			at = k2
		}
	}
	return d.errf(at, path, "%v", err)
}

// keyNode returns the key node named key of the mapping n and its value.
func keyNode(n *yaml.Node, key string) (*yaml.Node, *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], resolve(n.Content[i+1])
		}
	}
	return nil, nil
}

// walkEmbedded calls f for the fields of the struct v and, depth first,
// of its embedded structs, with each field's json name; it stops when f
// returns false. An embedded struct is visited itself too.
func walkEmbedded(v reflect.Value, f func(field reflect.Value, jsonName string) bool) bool {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name := sf.Tag.Get("json")
		for j := 0; j < len(name); j++ {
			if name[j] == ',' {
				name = name[:j]
				break
			}
		}
		fv := v.Field(i)
		if !f(fv, name) {
			return false
		}
		if sf.Anonymous && fv.Kind() == reflect.Struct && !walkEmbedded(fv, f) {
			return false
		}
	}
	return true
}
