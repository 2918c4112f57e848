package descriptors_test

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

func ExampleApply() {
	reviews := dataset.NewStringColumn("review", dataset.Text, []string{
		"Great phone. Love the screen!",
		"The battery died after two days? Not good.",
		"",
	}, []bool{false, false, true})
	f, _ := dataset.New("reviews.csv", reviews)
	ds := []descriptors.Descriptor{
		&descriptors.TextLength{Base: descriptors.Base{Column: "review"}},
		&descriptors.SentenceCount{Base: descriptors.Base{Column: "review"}},
		&descriptors.Sentiment{Base: descriptors.Base{Column: "review"}},
		&descriptors.IncludesWords{Base: descriptors.Base{Column: "review"}, WordsList: []string{"battery"}, Mode: "any", Lemmatize: true},
	}
	g, added, err := descriptors.Apply(context.Background(), f, ds)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range added {
		c, _ := g.Column(name)
		fmt.Printf("%s: %s | %s | %s\n", name, c.Format(0), c.Format(1), c.Format(2))
	}
	// NLTK's polarity_scores gives the same compound scores: 0.8622, -0.7189.
	// Output:
	// Text Length for review: 29 | 42 | 0
	// Sentence Count for review: 2 | 2 | 0
	// Sentiment for review: 0.8622 | -0.7189 | 0
	// Text Includes includes_any words [['battery']], lemmatize: True] for review: False | True | False
}

func ExampleSpec() {
	var s descriptors.Spec
	_ = s.UnmarshalJSON([]byte(`{"descriptor": "OOV", "column": "review", "ignore_words": ["telltale"]}`))
	fmt.Println(s.Name(), s.Source(), s.Output())
	b, _ := s.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// OOV review OOV Words % for review
	// {"column":"review","descriptor":"OOV","ignore_words":["telltale"]}
}
