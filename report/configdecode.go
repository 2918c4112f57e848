package report

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/telltale-ml/telltale/internal/didyoumean"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// decoder fills Go values from YAML nodes by their json tags, strictly:
// an unknown key or a value of the wrong type is a ConfigError at its line.
type decoder struct {
	file string
	// said holds the Evidently names already noted; notes the notes.
	said  map[string]bool
	notes []string
	// descriptors are those given as a column ({descriptor: NAME,
	// column: COL} where an option takes a column name).
	descriptors []descriptors.Descriptor
}

func (d *decoder) errf(n *yaml.Node, path, format string, args ...any) error {
	line := 0
	if n != nil {
		line = n.Line
	}
	return &ConfigError{File: d.file, Line: line, Path: path, Msg: fmt.Sprintf(format, args...)}
}

// resolve follows an alias to its anchor.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// kindName describes a node for messages.
func kindName(n *yaml.Node) string {
	switch {
	case n == nil || isNull(n):
		return "nothing"
	case n.Kind == yaml.MappingNode:
		return "a mapping"
	case n.Kind == yaml.SequenceNode:
		return "a list"
	case n.Kind == yaml.ScalarNode:
		return fmt.Sprintf("%q", n.Value)
	}
	return "something else"
}

// field is a json-tagged field of a struct, by index path.
type field struct {
	name  string
	index []int
}

// jsonFields returns the fields encoding/json would read in t, with the
// fields of embedded structs promoted (the shallower field wins).
func jsonFields(t reflect.Type) []field {
	var out []field
	seen := map[string]bool{}
	type level struct {
		t     reflect.Type
		index []int
	}
	current := []level{{t, nil}}
	for len(current) > 0 {
		var next []level
		var found []field
		for _, l := range current {
			for i := 0; i < l.t.NumField(); i++ {
				f := l.t.Field(i)
				tag := f.Tag.Get("json")
				name, _, _ := strings.Cut(tag, ",")
				if name == "-" {
					continue
				}
				idx := append(append([]int(nil), l.index...), i)
				if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
					next = append(next, level{f.Type, idx})
					continue
				}
				if !f.IsExported() {
					continue
				}
				if name == "" {
					name = f.Name
				}
				found = append(found, field{name, idx})
			}
		}
		for _, f := range found {
			if !seen[f.name] {
				seen[f.name] = true
				out = append(out, f)
			}
		}
		current = next
	}
	return out
}

// structValue fills the struct v from the mapping n. skip is a key to
// ignore (the entry's name key); what names the struct in messages.
func (d *decoder) structValue(n *yaml.Node, path string, v reflect.Value, what, skip string) error {
	if n.Kind != yaml.MappingNode {
		return d.errf(n, path, "want a mapping, got %s", kindName(n))
	}
	fields := jsonFields(v.Type())
	byName := map[string]field{}
	var known []string
	for _, f := range fields {
		byName[f.name] = f
		known = append(known, f.name)
	}
	sort.Strings(known)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], resolve(n.Content[i+1])
		if seen[k.Value] {
			return d.errf(k, path, "duplicate key %q", k.Value)
		}
		seen[k.Value] = true
		if k.Value == skip && skip != "" {
			continue
		}
		f, ok := byName[k.Value]
		if !ok {
			if len(known) == 0 {
				return d.errf(k, path, "unknown key %q: %s takes no options", k.Value, what)
			}
			return d.errf(k, path, "unknown key %q for %s%s (known: %s)", k.Value, what, suggest(k.Value, known), strings.Join(known, ", "))
		}
		if err := d.value(val, path+"."+k.Value, v.FieldByIndex(f.index).Addr().Interface()); err != nil {
			return err
		}
	}
	return nil
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// value decodes n into the value ptr points to.
func (d *decoder) value(n *yaml.Node, path string, ptr any) error {
	if p, ok := ptr.(*probas); ok {
		return d.probas(n, path, p)
	}
	if p, ok := ptr.(*descriptors.Spec); ok {
		// In a metric's or preset's list the column may be left to the
		// entry's column.
		desc, err := d.descriptorOpt(n, path, false)
		p.Descriptor = desc
		return err
	}
	v := reflect.ValueOf(ptr).Elem()
	if v.Kind() == reflect.String && n.Kind == yaml.MappingNode && hasKey(n, "descriptor") {
		// A descriptor where a column is named: its column.
		desc, err := d.descriptor(n, path)
		if err != nil {
			return err
		}
		d.descriptors = append(d.descriptors, desc)
		v.SetString(desc.Output())
		return nil
	}
	if isNull(n) {
		v.SetZero()
		return nil
	}
	if reflect.PointerTo(v.Type()).Implements(jsonUnmarshaler) {
		var x any
		if err := n.Decode(&x); err != nil {
			return d.errf(n, path, "%v", err)
		}
		b, err := json.Marshal(jsonable(x))
		if err == nil {
			err = ptr.(json.Unmarshaler).UnmarshalJSON(b)
		}
		if err != nil {
			return d.errf(n, path, "invalid value %s: %v", kindName(n), err)
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		e := reflect.New(v.Type().Elem())
		if err := d.value(n, path, e.Interface()); err != nil {
			return err
		}
		v.Set(e)
		return nil
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			return d.errf(n, path, "want a string, got %s", kindName(n))
		}
		v.SetString(n.Value)
		return nil
	case reflect.Bool:
		var b bool
		if n.Kind != yaml.ScalarNode || n.Decode(&b) != nil {
			return d.errf(n, path, "want true or false, got %s", kindName(n))
		}
		v.SetBool(b)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		var i int64
		if n.Kind != yaml.ScalarNode || n.Decode(&i) != nil || v.OverflowInt(i) {
			return d.errf(n, path, "want an integer, got %s", kindName(n))
		}
		v.SetInt(i)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		var u uint64
		if n.Kind != yaml.ScalarNode || n.Decode(&u) != nil || v.OverflowUint(u) {
			return d.errf(n, path, "want a non-negative integer, got %s", kindName(n))
		}
		v.SetUint(u)
		return nil
	case reflect.Float32, reflect.Float64:
		var f float64
		if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!str" || n.Decode(&f) != nil {
			return d.errf(n, path, "want a number, got %s", kindName(n))
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return d.errf(n, path, "want a finite number, got %s", n.Value)
		}
		v.SetFloat(f)
		return nil
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return d.errf(n, path, "want a list, got %s", kindName(n))
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := d.value(resolve(item), fmt.Sprintf("%s[%d]", path, i), s.Index(i).Addr().Interface()); err != nil {
				return err
			}
		}
		v.Set(s)
		return nil
	case reflect.Array:
		if n.Kind != yaml.SequenceNode || len(n.Content) != v.Len() {
			return d.errf(n, path, "want a list of %d values, got %s", v.Len(), describeLen(n))
		}
		for i, item := range n.Content {
			if err := d.value(resolve(item), fmt.Sprintf("%s[%d]", path, i), v.Index(i).Addr().Interface()); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			return d.errf(n, path, "want a mapping, got %s", kindName(n))
		}
		if v.Type().Key().Kind() != reflect.String {
			return d.errf(n, path, "unsupported map key type %s", v.Type().Key())
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], resolve(n.Content[i+1])
			if m.MapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key())).IsValid() {
				return d.errf(k, path, "duplicate key %q", k.Value)
			}
			e := reflect.New(v.Type().Elem())
			if err := d.value(val, path+"."+k.Value, e.Interface()); err != nil {
				return err
			}
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), e.Elem())
		}
		v.Set(m)
		return nil
	case reflect.Struct:
		return d.structValue(n, path, v, "this entry", "")
	case reflect.Interface:
		var x any
		if err := n.Decode(&x); err != nil {
			return d.errf(n, path, "%v", err)
		}
		x = jsonable(x)
		if x != nil {
			if !reflect.TypeOf(x).AssignableTo(v.Type()) {
				return d.errf(n, path, "unsupported value %s", kindName(n))
			}
			v.Set(reflect.ValueOf(x))
		}
		return nil
	}
	return d.errf(n, path, "unsupported option type %s", v.Type())
}

// hasKey reports whether the mapping n has the key.
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

// descriptor decodes {descriptor: NAME, column: COL, options...}.
func (d *decoder) descriptor(n *yaml.Node, path string) (descriptors.Descriptor, error) {
	return d.descriptorOpt(n, path, true)
}

// descriptorOpt decodes a descriptor; needColumn makes its column
// required. A plain name is a descriptor with its defaults.
func (d *decoder) descriptorOpt(n *yaml.Node, path string, needColumn bool) (descriptors.Descriptor, error) {
	name, opts, at, err := d.entry(n, path, "descriptor")
	if err != nil {
		return nil, err
	}
	f, ok := descriptors.Catalog()[name]
	if !ok {
		return nil, d.errf(at, path, "unknown descriptor %q%s (known: %s)", name, suggest(name, descriptors.CatalogNames()),
			strings.Join(descriptors.CatalogNames(), ", "))
	}
	desc := f()
	if opts == nil && needColumn {
		return nil, d.errf(at, path, "descriptor %s needs the text column it reads: {descriptor: %s, column: COLUMN}", name, name)
	}
	if opts != nil {
		if err := d.options(opts, path, desc, "descriptor "+name, "descriptor"); err != nil {
			return nil, err
		}
	}
	if needColumn && desc.Source() == "" {
		return nil, d.errf(opts, path, "descriptor %s needs the text column it reads (the key \"column\")", name)
	}
	return desc, nil
}

func describeLen(n *yaml.Node) string {
	if n.Kind == yaml.SequenceNode {
		return fmt.Sprintf("%d", len(n.Content))
	}
	return kindName(n)
}

// jsonable turns what yaml decodes into any (map[string]any, []any,
// scalars; map[any]any for odd keys) into what encoding/json would.
func jsonable(x any) any {
	switch t := x.(type) {
	case map[string]any:
		for k, v := range t {
			t[k] = jsonable(v)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, v := range t {
			m[fmt.Sprint(k)] = jsonable(v)
		}
		return m
	case []any:
		for i, v := range t {
			t[i] = jsonable(v)
		}
		return t
	case int:
		return float64(t)
	}
	return x
}

// suggest returns ` (did you mean "x"?)` for the known name closest to
// name, when one is close.
func suggest(name string, known []string) string {
	best, ok := didyoumean.Closest(name, known)
	if !ok {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}
