package stattest

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// TextMaxRows caps the rows per side the text domain classifier trains and
// tests on: a larger side is replaced by a seeded sample of this many rows.
// Evidently uses every row.
const TextMaxRows = 10000

// Extras the text tests report on drift, as Evidently's
// get_text_data_for_plots.
const (
	textTopWords = 25 // words per side
	textExamples = 10 // examples per side
)

// textRandomAUCs is the number of random classifiers whose AUCs make the
// null distribution of perc_text_content_drift (Evidently's iter_num).
const textRandomAUCs = 1000

// TextDetails describes a domain classifier run: how the AUC was obtained
// and, when the column drifted, the words and test examples most typical
// of each side.
type TextDetails struct {
	// AUC is the ROC AUC of the classifier on the test half.
	AUC float64 `json:"roc_auc"`
	// RandomAUC is the percentile of random AUCs that AUC is compared
	// with (perc_text_content_drift only).
	RandomAUC *float64 `json:"random_roc_auc,omitempty"`
	// RowsSampled is how many rows of each side were used after the
	// TextMaxRows cap.
	RowsSampled [2]int `json:"rows_sampled"`
	// TrainRows and TestRows are the sizes of the two halves.
	TrainRows int `json:"train_rows"`
	TestRows  int `json:"test_rows"`
	// Features is the size of the TF-IDF vocabulary; Epochs how many
	// passes the classifier made.
	Features int `json:"features"`
	Epochs   int `json:"epochs"`
	// WordsReference and WordsCurrent are the words with the most negative
	// (reference) and most positive (current) weights, at most 25 each;
	// ExamplesReference and ExamplesCurrent the test texts the classifier
	// finds most typical of each side, at most 10 each. Set only on drift.
	WordsReference    []string `json:"words_reference,omitempty"`
	WordsCurrent      []string `json:"words_current,omitempty"`
	ExamplesReference []string `json:"examples_reference,omitempty"`
	ExamplesCurrent   []string `json:"examples_current,omitempty"`

	testPos, testNeg int    // current and reference rows in the test half
	setExtras        func() // fills the words and examples
}

// DomainClassifier tells reference texts from current texts and returns
// the ROC AUC of that classifier on held-out rows, in the manner of
// Evidently's calculate_text_drift_score (legacy/utils/data_drift_utils.py):
//
//  1. each side is sorted (so the result does not depend on row order) and
//     a side longer than TextMaxRows is replaced by a seeded sample;
//  2. reference rows are labelled 0, current rows 1, and a seeded shuffle
//     puts ceil(n/2) rows in the test half and the rest in the training
//     half (train_test_split(test_size=0.5, shuffle=True));
//  3. TF-IDF features of word unigrams are fitted on the training half
//     (lowercase, tokens of two or more word characters, scikit-learn's
//     English stop words, sublinear tf, max_df 0.5, smooth idf, L2 rows);
//  4. a linear classifier, modified-Huber SGD with an L1 penalty
//     (SGDClassifier(alpha=1e-4, max_iter=50, penalty="l1",
//     loss="modified_huber")), is trained on them;
//  5. the score is the AUC ([AUC]) of its predict_proba on the test half.
//
// The same texts and seed give the same result. The AUC agrees with
// Evidently's in spirit, not digit for digit: the random streams of the
// sample, the split and the SGD epochs are Go's PCG rather than NumPy's,
// and scikit-learn's float32 sparse data are float64 here. Identical
// corpora give AUCs near 0.5, corpora with different words AUCs near 1.
// A vocabulary left empty by the stop words and max_df (every word in more
// than half the documents) makes every score equal: AUC 0.5 where
// scikit-learn raises. It returns ErrTooFew when the split leaves a side
// absent from either half.
func DomainClassifier(reference, current []string, seed uint64) (*TextDetails, error) {
	rng := rand.New(rand.NewPCG(seed, 0x7465787400000001))
	ref := canonicalTexts(reference, rng)
	cur := canonicalTexts(current, rng)
	n := len(ref) + len(cur)
	texts := append(append(make([]string, 0, n), ref...), cur...)
	perm := rng.Perm(n)
	nTest := (n + 1) / 2
	d := &TextDetails{RowsSampled: [2]int{len(ref), len(cur)}, TrainRows: n - nTest, TestRows: nTest}
	stop := stopWords()
	tokens := make([][]string, n)
	for i, s := range texts {
		tokens[i] = tokenize(nil, s, stop)
	}
	isCur := func(i int) bool { return i >= len(ref) }
	train, test := perm[nTest:], perm[:nTest]
	trainDocs := make([][]string, len(train))
	y := make([]float64, len(train))
	var trainPos int
	for k, i := range train {
		trainDocs[k] = tokens[i]
		y[k] = -1
		if isCur(i) {
			y[k] = 1
			trainPos++
		}
	}
	for _, i := range test {
		if isCur(i) {
			d.testPos++
		} else {
			d.testNeg++
		}
	}
	if trainPos == 0 || trainPos == len(train) || d.testPos == 0 || d.testNeg == 0 {
		return nil, errorf("text drift", ErrTooFew, "each side needs rows in both the training and the test half")
	}
	fit := fitDomain(trainDocs, y, rng)
	d.Features, d.Epochs = len(fit.vec.words), fit.model.epochs
	scores := make([]float64, nTest)
	labels := make([]bool, nTest)
	for k, i := range test {
		scores[k] = fit.proba(tokens[i])
		labels[k] = isCur(i)
	}
	d.AUC = AUC(scores, labels)
	d.setExtras = func() {
		d.WordsReference, d.WordsCurrent = topWords(fit.model.w, fit.vec.words)
		d.ExamplesReference, d.ExamplesCurrent = typicalExamples(texts, test, scores, labels)
	}
	return d, nil
}

// domainFit is a fitted vectorizer and classifier.
type domainFit struct {
	vec   *tfidf
	model *sgdModel
}

// fitDomain fits the TF-IDF vocabulary and the classifier on tokenized
// training documents labelled ±1 (+1 current). A nil rng trains without
// shuffling (SGDClassifier(shuffle=False)).
func fitDomain(docs [][]string, y []float64, rng *rand.Rand) domainFit {
	vec := fitTfidf(docs)
	rows := make([]sparseRow, len(docs))
	for k, doc := range docs {
		rows[k] = vec.transform(doc)
	}
	return domainFit{vec: vec, model: trainSGD(rows, y, len(vec.words), rng)}
}

// proba returns the probability that a tokenized document is current.
func (f domainFit) proba(doc []string) float64 { return f.model.proba(f.vec.transform(doc)) }

// canonicalTexts returns the texts sorted, or a seeded sample of
// TextMaxRows of them, sorted.
func canonicalTexts(texts []string, rng *rand.Rand) []string {
	s := slices.Clone(texts)
	slices.Sort(s)
	if len(s) <= TextMaxRows {
		return s
	}
	idx := rng.Perm(len(s))[:TextMaxRows]
	slices.Sort(idx)
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = s[i]
	}
	return out
}

// topWords returns the words with the most negative and the most positive
// weights (non-zero only, ties by word), at most textTopWords each.
func topWords(w []float64, words []string) (ref, cur []string) {
	idx := make([]int, 0, len(w))
	for j, v := range w {
		if v != 0 {
			idx = append(idx, j)
		}
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(w[a], w[b]); c != 0 {
			return c
		}
		return strings.Compare(words[a], words[b])
	})
	for _, j := range idx {
		if w[j] < 0 && len(ref) < textTopWords {
			ref = append(ref, words[j])
		}
	}
	for k := len(idx) - 1; k >= 0; k-- {
		if j := idx[k]; w[j] > 0 && len(cur) < textTopWords {
			cur = append(cur, words[j])
		}
	}
	return ref, cur
}

// typicalExamples returns the test texts of each side the classifier is
// surest of: reference texts by ascending probability of being current,
// current texts by descending probability, at most textExamples each.
func typicalExamples(texts []string, test []int, scores []float64, labels []bool) (ref, cur []string) {
	order := make([]int, len(test))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(scores[a], scores[b]); c != 0 {
			return c
		}
		return strings.Compare(texts[test[a]], texts[test[b]])
	})
	for _, k := range order {
		if !labels[k] && len(ref) < textExamples {
			ref = append(ref, texts[test[k]])
		}
	}
	for i := len(order) - 1; i >= 0; i-- {
		if k := order[i]; labels[k] && len(cur) < textExamples {
			cur = append(cur, texts[test[k]])
		}
	}
	return ref, cur
}

// computePercText is Evidently's perc_text_content_drift: drift when the
// AUC exceeds the threshold-quantile (default 0.95) of the AUCs of 1000
// random classifiers on the same test labels (np.percentile, linear).
// The p-value reported is 1 - threshold, the significance level Evidently
// passes as p_value; it is not computed from the data.
func computePercText(in Input, opts Options) (Stat, error) {
	thr := opts.Threshold
	if thr < 0 || thr > 1 {
		return Stat{}, errorf("perc_text_content_drift", ErrBadInput, "threshold %v is not in [0, 1]", thr)
	}
	d, err := DomainClassifier(in.RefText, in.CurText, opts.Seed)
	if err != nil {
		return Stat{}, err
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x7065726300000001))
	null := randomAUCs(d.testPos, d.testNeg, textRandomAUCs, rng)
	p := percentile(null, thr)
	d.RandomAUC = &p
	drifted := d.AUC > p
	return textStat(d, 1-thr, drifted), nil
}

// computeAbsText is Evidently's abs_text_content_drift: drift when the
// AUC is above the threshold (default 0.55).
func computeAbsText(in Input, opts Options) (Stat, error) {
	d, err := DomainClassifier(in.RefText, in.CurText, opts.Seed)
	if err != nil {
		return Stat{}, err
	}
	return textStat(d, math.NaN(), d.AUC > opts.Threshold), nil
}

func textStat(d *TextDetails, p float64, drifted bool) Stat {
	if drifted {
		d.setExtras()
	}
	d.setExtras = nil
	return Stat{Statistic: d.AUC, PValue: p, Score: d.AUC, Drifted: &drifted, Text: d}
}
