package descriptors

import (
	"math"
	"strconv"
	"strings"
)

// vader is the VADER sentiment model (Hutto & Gilbert, "VADER: A
// Parsimonious Rule-based Model for Sentiment Analysis of Social Media
// Text", ICWSM 2014) as NLTK 3.8's nltk.sentiment.vader implements it,
// which is what Evidently's Sentiment calls: polarity_scores(text)
// ["compound"]. The rules, in the paper's terms:
//
//   - tokens: the text split on whitespace, tokens of one character
//     dropped, one leading or trailing punctuation mark stripped when
//     what remains is a word of the text;
//   - each token found (lower-cased) in the lexicon has its mean valence;
//     ALL-CAPS emphasis adds 0.733 in the valence's direction when some but
//     not all tokens are upper case;
//   - up to three preceding tokens not in the lexicon scale it: boosters
//     (±0.293, ×0.95 two back, ×0.9 three back, ±0.733 more in caps),
//     negations (×−0.74; "never so/this" ×1.5 or ×1.25), idioms ("the
//     bomb" is 3, "kind of" lowers), "least" (×−0.74 unless "at least" or
//     "very least");
//   - "but" halves the valence of what comes before the first "but" and
//     multiplies what follows by 1.5;
//   - the sum gains 0.292 per "!" (at most 4) and 0.18 per "?" when there
//     are 2 or 3 (0.96 for more), in its own direction, and is normalised
//     as x/√(x²+15), rounded to 4 decimals.
//
// NLTK's quirks are kept, since Evidently's numbers come from them: a
// token that occurs twice is scored with the context of its first
// occurrence (list.index), and "kind" followed by "of" is neutral.
type vader struct {
	lex              map[string]float64
	negate           map[string]struct{}
	boosters, idioms map[string]float64
	// scratch, reused from text to text
	words, lower []string
	first        map[string]int
	wordsOnly    map[string]struct{}
	sentiments   []float64
	key          []byte
}

const (
	vaderBIncr   = 0.293
	vaderBDecr   = -0.293
	vaderCIncr   = 0.733
	vaderNScalar = -0.74
)

// vaderNegate returns NLTK's VaderConstants.NEGATE.
func vaderNegate() map[string]struct{} {
	return setOf("aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt",
		"ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt",
		"havent", "isnt", "mightnt", "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't",
		"mightn't", "mustn't", "neednt", "needn't", "never", "none", "nope", "nor", "not", "nothing",
		"nowhere", "oughtnt", "shant", "shouldnt", "uhuh", "wasnt", "werent", "oughtn't", "shan't",
		"shouldn't", "uh-uh", "wasn't", "weren't", "without", "wont", "wouldnt", "won't", "wouldn't",
		"rarely", "seldom", "despite")
}

// vaderBoosters returns NLTK's VaderConstants.BOOSTER_DICT.
func vaderBoosters() map[string]float64 {
	m := map[string]float64{}
	for _, w := range strings.Fields("absolutely amazingly awfully completely considerably decidedly deeply effing " +
		"enormously entirely especially exceptionally extremely fabulously flipping flippin fricking frickin " +
		"frigging friggin fully fucking greatly hella highly hugely incredibly intensely majorly more most " +
		"particularly purely quite really remarkably so substantially thoroughly totally tremendously uber " +
		"unbelievably unusually utterly very") {
		m[w] = vaderBIncr
	}
	for _, w := range []string{"almost", "barely", "hardly", "just enough", "kind of", "kinda", "kindof", "kind-of",
		"less", "little", "marginally", "occasionally", "partly", "scarcely", "slightly", "somewhat", "sort of",
		"sorta", "sortof", "sort-of"} {
		m[w] = vaderBDecr
	}
	return m
}

// vaderIdioms returns NLTK's VaderConstants.SPECIAL_CASE_IDIOMS.
func vaderIdioms() map[string]float64 {
	return map[string]float64{
		"the shit": 3, "the bomb": 3, "bad ass": 1.5, "yeah right": -2, "cut the mustard": 2,
		"kiss of death": -1.5, "hand to mouth": -2,
	}
}

// vaderPunct is NLTK's PUNC_LIST, the marks stripped from a token's ends.
var vaderPunct = []string{".", "!", "?", ",", ";", ":", "-", "'", "\"", "!!", "!!!", "??", "???", "?!?", "!?!", "?!?!", "!?!?"}

// asciiPunct is Python's string.punctuation.
const asciiPunct = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

func setOf(words ...string) map[string]struct{} {
	m := make(map[string]struct{}, len(words))
	for _, w := range words {
		m[w] = struct{}{}
	}
	return m
}

// newVader returns a scorer over the lexicon lex. A scorer keeps scratch
// space: one goroutine uses it at a time.
func newVader(lex map[string]float64) *vader {
	return &vader{lex: lex, negate: vaderNegate(), boosters: vaderBoosters(), idioms: vaderIdioms(),
		first: map[string]int{}, wordsOnly: map[string]struct{}{}}
}

// compound returns polarity_scores(text)["compound"].
func (v *vader) compound(text string) float64 {
	boosters := v.boosters
	v.tokens(text)
	words, lower := v.words, v.lower
	n := len(words)
	if n == 0 {
		return 0
	}
	capDiff := false
	upper := 0
	for _, w := range words {
		if isUpper(w) {
			upper++
		}
	}
	if d := n - upper; d > 0 && d < n {
		capDiff = true
	}
	clear(v.first)
	for k := n - 1; k >= 0; k-- {
		v.first[words[k]] = k
	}
	sent := v.sentiments[:0]
	for _, item := range words {
		i := v.first[item] // NLTK: words_and_emoticons.index(item)
		_, boost := boosters[lower[i]]
		if boost || i < n-1 && lower[i] == "kind" && lower[i+1] == "of" {
			sent = append(sent, 0)
			continue
		}
		sent = append(sent, v.valence(i, capDiff))
	}
	// "but": the first one splits the text.
	for bi, w := range lower {
		if w == "but" {
			for k := range sent {
				if k < bi {
					sent[k] *= 0.5
				} else if k > bi {
					sent[k] *= 1.5
				}
			}
			break
		}
	}
	v.sentiments = sent
	sum := 0.0
	for _, s := range sent {
		sum += s
	}
	ep := min(strings.Count(text, "!"), 4)
	amp := float64(ep) * 0.292
	if qm := strings.Count(text, "?"); qm > 1 {
		if qm <= 3 {
			amp += float64(qm) * 0.18
		} else {
			amp += 0.96
		}
	}
	if sum > 0 {
		sum += amp
	} else if sum < 0 {
		sum -= amp
	}
	return round4(sum / math.Sqrt(sum*sum+15))
}

// valence is NLTK's sentiment_valence for the token at i.
func (v *vader) valence(i int, capDiff bool) float64 {
	boosters := v.boosters
	words, lower := v.words, v.lower
	val, ok := v.lex[lower[i]]
	if !ok {
		return 0
	}
	if isUpper(words[i]) && capDiff {
		if val > 0 {
			val += vaderCIncr
		} else {
			val -= vaderCIncr
		}
	}
	for start := 0; start < 3; start++ {
		if i <= start {
			continue
		}
		prev := i - (start + 1)
		if _, in := v.lex[lower[prev]]; in {
			continue
		}
		s := 0.0
		if b, ok := boosters[lower[prev]]; ok {
			s = b
			if val < 0 {
				s *= -1
			}
			if isUpper(words[prev]) && capDiff {
				if val > 0 {
					s += vaderCIncr
				} else {
					s -= vaderCIncr
				}
			}
		}
		if start == 1 && s != 0 {
			s *= 0.95
		}
		if start == 2 && s != 0 {
			s *= 0.9
		}
		val += s
		val = v.neverCheck(val, start, i)
		if start == 2 {
			val = v.idiomsCheck(val, i)
		}
	}
	// "least"
	if i > 1 && lower[i-1] == "least" && !v.inLex(lower[i-1]) {
		if lower[i-2] != "at" && lower[i-2] != "very" {
			val *= vaderNScalar
		}
	} else if i > 0 && lower[i-1] == "least" && !v.inLex(lower[i-1]) {
		val *= vaderNScalar
	}
	return val
}

func (v *vader) inLex(w string) bool { _, ok := v.lex[w]; return ok }

// negated is NLTK's negated([word]).
func (v *vader) negated(lower string) bool {
	_, ok := v.negate[lower]
	return ok || strings.Contains(lower, "n't")
}

func (v *vader) neverCheck(val float64, start, i int) float64 {
	w := v.words
	switch start {
	case 0:
		if v.negated(v.lower[i-1]) {
			val *= vaderNScalar
		}
	case 1:
		if w[i-2] == "never" && (w[i-1] == "so" || w[i-1] == "this") {
			val *= 1.5
		} else if v.negated(v.lower[i-2]) {
			val *= vaderNScalar
		}
	case 2:
		if w[i-3] == "never" && (w[i-2] == "so" || w[i-2] == "this") || w[i-1] == "so" || w[i-1] == "this" {
			val *= 1.25
		} else if v.negated(v.lower[i-3]) {
			val *= vaderNScalar
		}
	}
	return val
}

func (v *vader) idiomsCheck(val float64, i int) float64 {
	w := v.words
	// NLTK joins the tokens with spaces and looks the phrase up; the key
	// is built in a reused buffer, so the look-ups do not allocate.
	for _, seq := range [...][3]int{{i - 1, i, -1}, {i - 2, i - 1, i}, {i - 2, i - 1, -1}, {i - 3, i - 2, i - 1}, {i - 3, i - 2, -1}} {
		if x, ok := v.idioms[string(v.phrase(seq))]; ok {
			val = x
			break
		}
	}
	if len(w)-1 > i {
		if x, ok := v.idioms[string(v.phrase([3]int{i, i + 1, -1}))]; ok {
			val = x
		}
	}
	if len(w)-1 > i+1 {
		if x, ok := v.idioms[string(v.phrase([3]int{i, i + 1, i + 2}))]; ok {
			val = x
		}
	}
	_, a := v.boosters[string(v.phrase([3]int{i - 3, i - 2, -1}))]
	_, b := v.boosters[string(v.phrase([3]int{i - 2, i - 1, -1}))]
	if a || b {
		val += vaderBDecr
	}
	return val
}

// phrase joins the tokens at the indices (-1 ends the list) with spaces,
// in v's scratch buffer.
func (v *vader) phrase(idx [3]int) []byte {
	v.key = v.key[:0]
	for k, j := range idx {
		if j < 0 {
			break
		}
		if k > 0 {
			v.key = append(v.key, ' ')
		}
		v.key = append(v.key, v.words[j]...)
	}
	return v.key
}

// tokens sets v.words to NLTK's SentiText._words_and_emoticons(text) and
// v.lower to their lower-case forms.
func (v *vader) tokens(text string) {
	v.words, v.lower = v.words[:0], v.lower[:0]
	stripped := false // whether the words without punctuation are known
	pyFields(text, func(we string) bool {
		if runeCount(we) <= 1 {
			return true
		}
		// Only a token with a punctuation mark at an end can lose it.
		if isPunctByte(we[0]) || isPunctByte(we[len(we)-1]) {
			if !stripped {
				v.loadWordsOnly(text)
				stripped = true
			}
			we = v.strip(we)
		}
		v.words = append(v.words, we)
		return true
	})
	for _, w := range v.words {
		v.lower = append(v.lower, strings.ToLower(w))
	}
}

// loadWordsOnly sets v.wordsOnly to the words of the text without its
// ASCII punctuation, longer than one character.
func (v *vader) loadWordsOnly(text string) {
	clear(v.wordsOnly)
	noPunct := strings.Map(func(r rune) rune {
		if r < 0x80 && isPunctByte(byte(r)) {
			return -1
		}
		return r
	}, text)
	pyFields(noPunct, func(w string) bool {
		if runeCount(w) > 1 {
			v.wordsOnly[w] = struct{}{}
		}
		return true
	})
}

// isPunctByte reports whether c is in Python's string.punctuation
// (asciiPunct): the printable ASCII bytes that are neither letters,
// digits nor the space, 0x21-0x2f, 0x3a-0x40, 0x5b-0x60 and 0x7b-0x7e.
func isPunctByte(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// strip removes one mark of vaderPunct from the end (or else the start)
// of a token when what remains is one of the text's words.
func (v *vader) strip(we string) string {
	for _, p := range vaderPunct {
		if w, ok := strings.CutSuffix(we, p); ok {
			if _, in := v.wordsOnly[w]; in {
				return w
			}
		}
	}
	for _, p := range vaderPunct {
		if w, ok := strings.CutPrefix(we, p); ok {
			if _, in := v.wordsOnly[w]; in {
				return w
			}
		}
	}
	return we
}

// round4 is Python's round(x, 4): the nearest number of 4 decimals, ties
// to even on the exact binary value (strconv rounds exactly).
func round4(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 4, 64), 64)
	return r
}
