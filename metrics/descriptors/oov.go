package descriptors

import (
	"context"

	"github.com/telltale-ml/telltale/dataset"
)

// OOV is the percentage of out-of-vocabulary words in each text:
// Evidently's OOV (OOVWordsPercentage). Words are split as Evidently does
// (re.sub("[^A-Za-z0-9 ]+", "", text).split(): letters and digits, split
// on spaces); each is lower-cased and, unless it is among IgnoreWords,
// lemmatized as a noun with NLTK's WordNet lemmatizer (WordNet 3.0, see
// nounLemmatizer) and looked up in an English word list. The value is
// 100·(out-of-vocabulary words)/(words); a text with no words, or a
// missing one, is 0.
//
// The word list differs from Evidently's: Evidently uses NLTK's "words"
// corpus (the 235,886 entries of Webster's Second International, 1934,
// plus 850 of Basic English), which NLTK downloads at run time;
// telltale embeds Debian's wamerican word list (SCOWL, 2020.12.07: 104,334
// entries, of which the 63,875 of lower-case ASCII letters and digits can
// match). SCOWL has modern words Webster's lacks ("email", "online") and
// leaves out many archaic or technical ones, and it lists inflected forms
// ("running", "went") that the noun lemmatizer does not reduce: the
// percentages are lower than Evidently's for modern text and can differ
// either way for a given word. Both lists are case-sensitive and only
// their lower-case entries match.
type OOV struct {
	Base
	// IgnoreWords are lower-case words never counted out of vocabulary
	// (they still count as words).
	IgnoreWords []string `json:"ignore_words,omitempty"`
}

// Name implements Descriptor.
func (*OOV) Name() string { return "OOV" }

// Output implements Descriptor.
func (d *OOV) Output() string { return d.output("OOV Words % for " + d.Column) }

// Compute implements Descriptor.
func (d *OOV) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	lx, err := loadLexicons()
	if err != nil {
		return nil, err
	}
	ignore := make(map[string]struct{}, len(d.IgnoreWords))
	for _, w := range d.IgnoreWords {
		ignore[w] = struct{}{}
	}
	lem := nounLemmatizer{lx}
	known := map[string]bool{} // lower-case word -> in the vocabulary
	var buf []byte
	return numeric(ctx, f, d, 0, false, func(s string) float64 {
		words, oov := 0, 0
		buf = asciiWords(s, true, buf, func(w []byte) bool {
			words++
			lowerASCII(w)
			if _, ok := ignore[string(w)]; ok {
				return true
			}
			in, ok := known[string(w)]
			if !ok {
				word := string(w)
				_, in = lx.english[lem.lemmatize(word)]
				known[word] = in
			}
			if !in {
				oov++
			}
			return true
		})
		if words == 0 {
			return 0
		}
		return 100 * float64(oov) / float64(words)
	})
}
