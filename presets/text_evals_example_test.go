package presets_test

import (
	"context"
	"fmt"

	"github.com/telltale-ml/telltale/dataset"
	"github.com/telltale-ml/telltale/metrics"
	"github.com/telltale-ml/telltale/presets"
)

// The text-evals preset on a review column: a descriptor column per
// Evidently's default descriptor, each summarised by a ColumnSummary.
func ExampleTextEvals() {
	f, _ := dataset.New("reviews.csv", dataset.NewStringColumn("review", dataset.Text, []string{"Great phone!", "Broke in a day."}, nil))
	b, err := (&presets.TextEvals{Column: "review"}).Build(context.Background(), &metrics.Input{Current: f})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, m := range b.Metrics {
		fmt.Println(b.Descriptors[i].Name(), "->", m.Name(), m.(*metrics.ColumnSummary).Column)
	}
	// Output:
	// TextLength -> ColumnSummary Text Length for review
	// SentenceCount -> ColumnSummary Sentence Count for review
	// Sentiment -> ColumnSummary Sentiment for review
	// OOV -> ColumnSummary OOV Words % for review
	// NonLetterCharacterPercentage -> ColumnSummary Non Letter Character % for review
}
