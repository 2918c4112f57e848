package descriptors

// nounLemmatizer is NLTK's WordNetLemmatizer().lemmatize(word) (pos "n",
// the default Evidently uses) over WordNet 3.0's noun index and exception
// list:
//
//	lemmas = wn._morphy(word, "n"); return min(lemmas, key=len) if lemmas else word
//
// _morphy (NLTK 3.8): when the word is an irregular form of noun.exc, the
// candidates are the word and its bases; otherwise the word and the forms
// the detachment rules give (s→"", ses→s, ves→f, xes→x, zes→z, ches→ch,
// shes→sh, men→man, ies→y). The lemmas are the candidates in the noun
// index, in order, each once; with none, the rules apply again to the
// forms until some are in the index or no rule applies. The shortest lemma
// wins, the first of equal length.
type nounLemmatizer struct {
	lx *lexicons
}

var nounRules = [...][2]string{
	{"s", ""}, {"ses", "s"}, {"ves", "f"}, {"xes", "x"}, {"zes", "z"},
	{"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"},
}

// lemmatize returns the lemma of the lower-case word w.
func (l nounLemmatizer) lemmatize(w string) string {
	best := ""
	found := false
	consider := func(form string) {
		if _, ok := l.lx.nouns[form]; ok && (!found || len(form) < len(best)) {
			best, found = form, true
		}
	}
	if bases, ok := l.lx.nounExc[w]; ok {
		consider(w)
		for _, b := range bases {
			consider(b)
		}
		if found {
			return best
		}
		return w
	}
	consider(w)
	forms := applyNounRules([]string{w})
	for _, f := range forms {
		consider(f)
	}
	for !found && len(forms) > 0 {
		forms = applyNounRules(forms)
		for _, f := range forms {
			consider(f)
		}
	}
	if found {
		return best
	}
	return w
}

// applyNounRules returns the forms each detachment rule makes of each
// form, in NLTK's order (form by form, rule by rule).
func applyNounRules(forms []string) []string {
	var out []string
	for _, f := range forms {
		for _, r := range nounRules {
			if len(f) >= len(r[0]) && f[len(f)-len(r[0]):] == r[0] {
				out = append(out, f[:len(f)-len(r[0])]+r[1])
			}
		}
	}
	return out
}
