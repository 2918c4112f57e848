package descriptors

import (
	"context"

	"github.com/telltale-ml/telltale/dataset"
)

// Sentiment is the VADER compound score of each text, from -1 (most
// negative) to 1 (most positive), rounded to 4 decimals: Evidently's
// Sentiment, which calls NLTK's SentimentIntensityAnalyzer
// .polarity_scores(text)["compound"]. The rules are NLTK 3.8's (see
// vader); the lexicon is vader_lexicon.txt of the npm package
// vader-sentiment 1.1.3 (7,517 entries), embedded. NLTK downloads its own
// copy of the lexicon (nltk_data's vader_lexicon), which may be another
// revision of the same file: a word whose valence differs between the two
// scores differently. A missing text is 0.
type Sentiment struct{ Base }

// Name implements Descriptor.
func (*Sentiment) Name() string { return "Sentiment" }

// Output implements Descriptor.
func (d *Sentiment) Output() string { return d.output("Sentiment for " + d.Column) }

// Compute implements Descriptor.
func (d *Sentiment) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	lx, err := loadLexicons()
	if err != nil {
		return nil, err
	}
	v := newVader(lx.vader)
	return numeric(ctx, f, d, 0, false, v.compound)
}
