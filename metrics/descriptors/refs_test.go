package descriptors_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// refs are the values of internal/testdata/gen/descriptor_refs.py: each
// descriptor's value per text, as Evidently 0.4.40's features compute
// them with pandas, re, json, urllib and NLTK 3.8 (see the script).
type refs struct {
	Texts  []*string `json:"texts"`
	Others []*string `json:"others"` // ExactMatch's with_column, "other"
	Cases  []struct {
		Descriptor string          `json:"descriptor"`
		Params     json.RawMessage `json:"params"`
		Values     []any           `json:"values"`
	} `json:"cases"`
	Lemmas map[string]string `json:"lemmas"`
}

func readRefs(t testing.TB) *refs {
	t.Helper()
	b, err := os.ReadFile("testdata/descriptor_refs.json")
	if err != nil {
		t.Fatal(err)
	}
	var r refs
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// refFrame is a frame with the texts as the text column "review" and,
// when others are given, those as the text column "other".
func refFrame(t testing.TB, texts, others []*string) *dataset.Frame {
	t.Helper()
	text := func(name string, texts []*string) dataset.Column {
		vals := make([]string, len(texts))
		nulls := make([]bool, len(texts))
		for i, s := range texts {
			if s == nil {
				nulls[i] = true
			} else {
				vals[i] = *s
			}
		}
		return dataset.NewStringColumn(name, dataset.Text, vals, nulls)
	}
	cols := []dataset.Column{text("review", texts)}
	if others != nil {
		cols = append(cols, text("other", others))
	}
	f, err := dataset.New("refs", cols...)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// specOf builds a descriptor of "review" from a case's name and params.
func specOf(t testing.TB, name string, params json.RawMessage) descriptors.Descriptor {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(params, &m); err != nil {
		t.Fatal(err)
	}
	m["descriptor"] = name
	m["column"] = "review"
	b, _ := json.Marshal(m)
	var s descriptors.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return s.Descriptor
}

// cellText is the value of row i as the fixtures spell it: a number, or
// True/False/0/1 for a categorical descriptor, nil when missing.
func cellText(c dataset.Column, i int) any {
	if c.IsNull(i) {
		return nil
	}
	switch col := c.(type) {
	case *dataset.NumericColumn:
		return col.Values()[i]
	case *dataset.StringColumn:
		v, _ := col.Value(i)
		return v
	}
	return c.Format(i)
}

// wantText turns a fixture value into cellText's form.
func wantText(v any, categorical bool) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		if x {
			return "True"
		}
		return "False"
	case float64:
		if categorical {
			return fmt.Sprint(x)
		}
		return x
	}
	return v
}

// evidentlyRaises are the values telltale gives where Evidently raises
// (the fixture's null), by descriptor: see each descriptor's doc.
func evidentlyRaises(name string, text *string) any {
	switch name {
	case "NonLetterCharacterPercentage": // an empty text
		return 0.0
	case "ContainsLink": // an invalid IPv6 URL
		return "False"
	case "IsValidJSON", "DoesNotContain": // a missing text
		return nil
	case "JSONSchemaMatch": // a missing text, or a non-object
		if text == nil {
			return nil
		}
		return "False"
	}
	return "no choice documented"
}

func TestDescriptorsAgreeWithEvidently(t *testing.T) {
	r := readRefs(t)
	f := refFrame(t, r.Texts, r.Others)
	for _, c := range r.Cases {
		d := specOf(t, c.Descriptor, c.Params)
		t.Run(descriptors.ID(d), func(t *testing.T) {
			col, err := d.Compute(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			if col.Len() != len(r.Texts) || col.Name() != d.Output() {
				t.Fatalf("column %q of %d rows, want %q of %d", col.Name(), col.Len(), d.Output(), len(r.Texts))
			}
			_, categorical := col.(*dataset.StringColumn)
			bad := 0
			for i, v := range c.Values {
				want := wantText(v, categorical)
				if v == nil && !(c.Descriptor == "Contains" || c.Descriptor == "BeginsWith" || c.Descriptor == "EndsWith" ||
					c.Descriptor == "DoesNotContain" && r.Texts[i] != nil) {
					want = evidentlyRaises(c.Descriptor, r.Texts[i])
				}
				got := cellText(col, i)
				ok := got == want
				if g, isF := got.(float64); isF {
					w, _ := want.(float64)
					ok = math.Abs(g-w) <= 1e-12*math.Max(1, math.Abs(w))
				}
				if !ok {
					bad++
					if bad <= 5 {
						text := "<missing>"
						if r.Texts[i] != nil {
							text = fmt.Sprintf("%q", *r.Texts[i])
						}
						t.Errorf("row %d %s: got %v, want %v", i, text, got, want)
					}
				}
			}
			if bad > 5 {
				t.Errorf("%d rows differ in all", bad)
			}
		})
	}
}
