package stattest

import "math/rand/v2"

// FitDomainNoShuffle fits the domain classifier on train (labels ±1)
// without shuffling, as SGDClassifier(shuffle=False), and returns the
// vocabulary's weights, the intercept, the epochs run and the
// probabilities of test.
func FitDomainNoShuffle(train []string, y []float64, test []string) (coef map[string]float64, intercept float64, epochs int, proba []float64) {
	stop := stopWords()
	docs := make([][]string, len(train))
	for i, s := range train {
		docs[i] = tokenize(nil, s, stop)
	}
	f := fitDomain(docs, y, nil)
	coef = map[string]float64{}
	for j, w := range f.vec.words {
		coef[w] = f.model.w[j]
	}
	for _, s := range test {
		proba = append(proba, f.proba(tokenize(nil, s, stop)))
	}
	return coef, f.model.intercept, f.model.epochs, proba
}

// TFIDF returns the TF-IDF rows of test (word → value) with the
// vocabulary fitted on train.
func TFIDF(train, test []string) []map[string]float64 {
	stop := stopWords()
	docs := make([][]string, len(train))
	for i, s := range train {
		docs[i] = tokenize(nil, s, stop)
	}
	vec := fitTfidf(docs)
	var out []map[string]float64
	for _, s := range test {
		r := vec.transform(tokenize(nil, s, stop))
		m := map[string]float64{}
		for k, j := range r.idx {
			m[vec.words[j]] = r.val[k]
		}
		out = append(out, m)
	}
	return out
}

// RandomAUCs exposes the null distribution of random-classifier AUCs.
func RandomAUCs(nPos, nNeg, iters int, seed uint64) []float64 {
	return randomAUCs(nPos, nNeg, iters, rand.New(rand.NewPCG(seed, 1)))
}
