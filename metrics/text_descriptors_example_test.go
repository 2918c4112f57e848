package metrics_test

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/metrics/descriptors"
)

// reviewFrame is n copies of text, as a text column named review.
func reviewFrame(name, text string, n int) *dataset.Frame {
	vals := make([]string, n)
	for i := range vals {
		vals[i] = fmt.Sprintf("%s #%d", text, i)
	}
	f, _ := dataset.New(name, dataset.NewStringColumn("review", dataset.Text, vals, nil))
	return f
}

// The drift of a review column's length and word count: the current
// reviews are much longer, so both descriptors drift. Each descriptor
// takes only two values here (the reviews end in "#0" to "#59"), so
// Evidently's default tests apply: chi-square for a column of at most
// five values, the z-test for one of two.
func ExampleTextDescriptorsDrift() {
	ref := reviewFrame("ref.csv", "Good value.", 60)
	cur := reviewFrame("cur.csv", "It broke after two days and support never answered my emails.", 60)
	m := &metrics.TextDescriptorsDrift{Column: "review", Descriptors: []descriptors.Spec{
		{Descriptor: &descriptors.TextLength{}}, {Descriptor: &descriptors.WordCount{}}}}
	res, err := m.Compute(context.Background(), &metrics.Input{Reference: ref, Current: cur})
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.(*metrics.TextDescriptorsDriftResult)
	for _, c := range r.Columns {
		fmt.Println(c.Column, c.StatTest, c.Drifted)
	}
	fmt.Println("drift:", r.DatasetDrift)
	// Output:
	// Text Length for review chisquare drift
	// Word Count for review z drift
	// drift: true
}

// The distribution of a review column's default descriptors (TextLength,
// NonLetterCharacterPercentage, OOV), each summarised as ColumnSummary
// summarises a numerical column. "Great phone! #0" has 15 characters,
// 3 of them neither letters nor spaces (20%), and one of its 3 words
// ("0") is not in the English word list.
func ExampleTextDescriptorsDistribution() {
	cur := reviewFrame("cur.csv", "Great phone!", 4)
	res, err := (&metrics.TextDescriptorsDistribution{Column: "review"}).Compute(context.Background(), &metrics.Input{Current: cur})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range res.(*metrics.TextDescriptorsDistributionResult).Descriptors {
		fmt.Printf("%s: mean %.4g, max %.4g\n", d.Column, float64(d.Current.Mean), float64(d.Current.Max))
	}
	// Output:
	// Text Length for review: mean 15, max 15
	// Non Letter Character % for review: mean 20, max 20
	// OOV Words % for review: mean 33.33, max 33.33
}
