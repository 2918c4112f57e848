package stattest

import (
	"math"
	"slices"
)

// sparseRow is one document as TF-IDF features: sorted feature indices and
// their values.
type sparseRow struct {
	idx []int32
	val []float64
}

// tfidf is a vocabulary fitted on training documents, as scikit-learn's
// TfidfVectorizer(sublinear_tf=True, max_df=0.5, stop_words="english")
// with its other defaults (smooth_idf, norm="l2", min_df=1).
type tfidf struct {
	vocab map[string]int32
	words []string // by feature index, sorted as sklearn sorts vocabulary_
	idf   []float64
}

// maxDocShare is Evidently's max_df: a word in more than this share of
// the training documents is not a feature.
const maxDocShare = 0.5

// fitTfidf builds the vocabulary and the inverse document frequencies
// from the tokenized training documents:
//
//	idf(w) = ln((1 + n) / (1 + df(w))) + 1
//
// over the words with df(w) <= 0.5·n.
func fitTfidf(docs [][]string) *tfidf {
	df := map[string]int{}
	seen := map[string]bool{}
	for _, d := range docs {
		clear(seen)
		for _, w := range d {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	n := float64(len(docs))
	limit := maxDocShare * n
	words := make([]string, 0, len(df))
	for w, c := range df {
		if float64(c) <= limit {
			words = append(words, w)
		}
	}
	slices.Sort(words)
	t := &tfidf{vocab: make(map[string]int32, len(words)), words: words, idf: make([]float64, len(words))}
	for i, w := range words {
		t.vocab[w] = int32(i)
		t.idf[i] = math.Log((1+n)/(1+float64(df[w]))) + 1
	}
	return t
}

// transform returns the L2-normalised TF-IDF row of a tokenized document,
// with sublinear term frequencies:
//
//	x(w) = (1 + ln tf(w)) · idf(w),  then x /= ‖x‖₂
//
// Words outside the vocabulary are ignored; a document with none is an
// empty row.
func (t *tfidf) transform(doc []string) sparseRow {
	tf := map[int32]int{}
	for _, w := range doc {
		if j, ok := t.vocab[w]; ok {
			tf[j]++
		}
	}
	r := sparseRow{idx: make([]int32, 0, len(tf)), val: make([]float64, 0, len(tf))}
	for j := range tf {
		r.idx = append(r.idx, j)
	}
	slices.Sort(r.idx)
	var ss float64
	for _, j := range r.idx {
		v := (1 + math.Log(float64(tf[j]))) * t.idf[j]
		r.val = append(r.val, v)
		ss += v * v
	}
	if ss > 0 {
		norm := math.Sqrt(ss)
		for i := range r.val {
			r.val[i] /= norm
		}
	}
	return r
}
