package descriptors_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

func TestApplyErrors(t *testing.T) {
	f, _ := dataset.New("data.csv",
		dataset.NewStringColumn("review", dataset.Text, []string{"a", "b"}, nil),
		dataset.NewNumericColumn("Text Length for review", []float64{1, 2}),
		dataset.NewNumericColumn("price", []float64{1, 2}))
	ctx := context.Background()
	base := func(col string) descriptors.Base { return descriptors.Base{Column: col} }
	cases := []struct {
		ds   []descriptors.Descriptor
		want string
	}{
		{[]descriptors.Descriptor{&descriptors.TextLength{Base: base("review")}}, `already has a column "Text Length for review"`},
		{[]descriptors.Descriptor{&descriptors.WordCount{Base: base("nope")}}, `column "nope": no such column`},
		{[]descriptors.Descriptor{&descriptors.WordCount{Base: base("price")}}, `reads text, the column is numerical`},
		{[]descriptors.Descriptor{&descriptors.WordCount{}}, `no column given`},
		{[]descriptors.Descriptor{&descriptors.OOV{Base: base("review")}, &descriptors.OOV{Base: base("review"), IgnoreWords: []string{"x"}}},
			`both make the column "OOV Words % for review": give one a display_name`},
		{[]descriptors.Descriptor{&descriptors.RegExp{Base: base("review"), RegExp: `(?<=a)b`}}, `reg_exp "(?<=a)b"`},
		{[]descriptors.Descriptor{&descriptors.Contains{Base: base("review"), Items: []string{"("}, Mode: "any"}}, `mode "any" searches for a regular expression`},
		{[]descriptors.Descriptor{&descriptors.Contains{Base: base("review"), Items: []string{"a"}, Mode: "some"}}, `mode must be "any" or "all"`},
		{[]descriptors.Descriptor{&descriptors.JSONSchemaMatch{Base: base("review"), ExpectedSchema: map[string]string{"a": "integer"}}}, `unknown type "integer"`},
		{[]descriptors.Descriptor{&descriptors.ExactMatch{Base: base("review"), WithColumn: "price"}}, `with_column`},
	}
	for _, c := range cases {
		_, _, err := descriptors.Apply(ctx, f, c.ds)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Apply(%s): error %v, want one containing %q", descriptors.ID(c.ds[0]), err, c.want)
		}
	}
	// Equal descriptors make one column; a display name avoids a clash.
	g, added, err := descriptors.Apply(ctx, f, []descriptors.Descriptor{
		&descriptors.WordCount{Base: base("review")}, &descriptors.WordCount{Base: base("review")},
		&descriptors.TextLength{Base: descriptors.Base{Column: "review", DisplayName: "length"}},
	})
	if err != nil || len(added) != 2 || g.NumColumns() != 5 {
		t.Fatalf("Apply: %v, added %v, %d columns", err, added, g.NumColumns())
	}
	ctx2, cancel := context.WithCancel(ctx)
	cancel()
	if _, _, err := descriptors.Apply(ctx2, f, []descriptors.Descriptor{&descriptors.Sentiment{Base: base("review")}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestExactMatch(t *testing.T) {
	f, _ := dataset.New("d",
		dataset.NewStringColumn("a", dataset.Text, []string{"x", "y", "z", "w"}, []bool{false, false, true, false}),
		dataset.NewStringColumn("b", dataset.Categorical, []string{"x", "x", "z", "q"}, []bool{false, false, false, true}))
	c, err := (&descriptors.ExactMatch{Base: descriptors.Base{Column: "a"}, WithColumn: "b"}).Compute(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{c.Format(0), c.Format(1), c.Format(2), c.Format(3)}
	if strings.Join(got, ",") != "True,False,False,False" || c.Name() != "Exact Match for a b." {
		t.Errorf("ExactMatch = %v (%q)", got, c.Name())
	}
}

func TestCatalogDescriptorsEncode(t *testing.T) {
	for _, name := range descriptors.CatalogNames() {
		d, err := descriptors.New(name, "review")
		if err != nil {
			t.Fatal(err)
		}
		b, err := descriptors.Spec{Descriptor: d}.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back descriptors.Spec
		if err := back.UnmarshalJSON(b); err != nil || descriptors.ID(back.Descriptor) != descriptors.ID(d) {
			t.Errorf("%s: %s does not round-trip: %v", name, b, err)
		}
		if d.Name() != name || d.Source() != "review" || d.Output() == "" {
			t.Errorf("%s: name %q source %q output %q", name, d.Name(), d.Source(), d.Output())
		}
	}
	var s descriptors.Spec
	if err := s.UnmarshalJSON([]byte(`{"descriptor": "TextLength", "colum": "x"}`)); err == nil || !strings.Contains(err.Error(), "colum") {
		t.Errorf("unknown key: %v", err)
	}
}
