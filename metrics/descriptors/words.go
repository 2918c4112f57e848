package descriptors

import (
	"context"
	"fmt"
	"strings"

	"github.com/telltale-ml/telltale/dataset"
)

// wordMatcher finds listed words in texts as Evidently's word descriptors
// do: words split as OOV splits them, lower-cased, lemmatized as nouns
// when lemmatize is set, then compared exactly with the list (whose words
// are not lower-cased: "Apple" never matches).
type wordMatcher struct {
	index     map[string]int // listed word -> its position
	lemmatize bool
	lem       nounLemmatizer
	lemmas    map[string]string // cache: lower-case word -> lemma
	buf       []byte
	found     []bool
}

func newWordMatcher(words []string, lemmatize bool) (*wordMatcher, error) {
	m := &wordMatcher{index: map[string]int{}, lemmatize: lemmatize, lemmas: map[string]string{}}
	for _, w := range words {
		if _, dup := m.index[w]; !dup {
			m.index[w] = len(m.index)
		}
	}
	m.found = make([]bool, len(m.index))
	if lemmatize {
		lx, err := loadLexicons()
		if err != nil {
			return nil, err
		}
		m.lem = nounLemmatizer{lx}
	}
	return m, nil
}

// scan reports how many distinct listed words s holds; with stopAtOne it
// stops at the first.
func (m *wordMatcher) scan(s string, stopAtOne bool) int {
	clear(m.found)
	n := 0
	m.buf = asciiWords(s, true, m.buf, func(w []byte) bool {
		lowerASCII(w)
		var i int
		var ok bool
		if m.lemmatize {
			l, cached := m.lemmas[string(w)]
			if !cached {
				word := string(w)
				l = m.lem.lemmatize(word)
				m.lemmas[word] = l
			}
			i, ok = m.index[l]
		} else {
			i, ok = m.index[string(w)] // no allocation for a map look-up
		}
		if ok && !m.found[i] {
			m.found[i] = true
			n++
			if stopAtOne {
				return false
			}
		}
		return true
	})
	return n
}

// TriggerWordsPresence is 1 when a text holds one of WordsList (after
// lemmatization, unless Lemmatize is false) and 0 otherwise: Evidently's
// TriggerWordsPresence, whose values are the integers 0 and 1. A missing
// text is 0.
type TriggerWordsPresence struct {
	Base
	WordsList []string `json:"words_list"`
	Lemmatize bool     `json:"lemmatize"`
}

// Name implements Descriptor.
func (*TriggerWordsPresence) Name() string { return "TriggerWordsPresence" }

// Output implements Descriptor.
func (d *TriggerWordsPresence) Output() string {
	return d.output(fmt.Sprintf("TriggerWordsPresent [words: %s, lemmatize: %s] for %s", pyList(d.WordsList), pyBool(d.Lemmatize), d.Column))
}

// Compute implements Descriptor.
func (d *TriggerWordsPresence) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	m, err := newWordMatcher(d.WordsList, d.Lemmatize)
	if err != nil {
		return nil, err
	}
	return categorical(ctx, f, d, intLevels, no, func(s string) verdict {
		return verdictOf(m.scan(s, true) > 0)
	})
}

// IncludesWords tells whether a text holds any (Mode "any") or all (Mode
// "all") of WordsList, words compared as TriggerWordsPresence compares
// them: Evidently's IncludesWords, whose values are True and False. An
// empty list is held "all" and never "any". A missing text is False.
type IncludesWords struct {
	Base
	WordsList []string `json:"words_list"`
	Mode      string   `json:"mode"`
	Lemmatize bool     `json:"lemmatize"`
}

// Name implements Descriptor.
func (*IncludesWords) Name() string { return "IncludesWords" }

// Output implements Descriptor.
func (d *IncludesWords) Output() string {
	return d.output(fmt.Sprintf("Text Includes includes_%s words [%s], lemmatize: %s] for %s", d.Mode, pyList(d.WordsList), pyBool(d.Lemmatize), d.Column))
}

// Compute implements Descriptor.
func (d *IncludesWords) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return wordsPresence(ctx, f, d, d.WordsList, d.Mode, d.Lemmatize, false)
}

// ExcludesWords tells whether a text holds none of WordsList (Mode "all",
// the default: it excludes all of them) or misses at least one of them
// (Mode "any"): Evidently's ExcludesWords, the negation of IncludesWords
// with the other mode. A missing text is False, as in Evidently.
type ExcludesWords struct {
	Base
	WordsList []string `json:"words_list"`
	Mode      string   `json:"mode"`
	Lemmatize bool     `json:"lemmatize"`
}

// Name implements Descriptor.
func (*ExcludesWords) Name() string { return "ExcludesWords" }

// Output implements Descriptor.
func (d *ExcludesWords) Output() string {
	return d.output(fmt.Sprintf("Text Excludes excludes_%s words [%s], lemmatize: %s] for %s", d.Mode, pyList(d.WordsList), pyBool(d.Lemmatize), d.Column))
}

// Compute implements Descriptor.
func (d *ExcludesWords) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return wordsPresence(ctx, f, d, d.WordsList, d.Mode, d.Lemmatize, true)
}

// wordsPresence is Evidently's _listed_words_present: includes_any (some
// listed word present), includes_all (every one), excludes_all (none),
// excludes_any (not every one).
func wordsPresence(ctx context.Context, f *dataset.Frame, d Descriptor, words []string, mode string, lemmatize, excludes bool) (dataset.Column, error) {
	if mode != "any" && mode != "all" {
		return nil, fmt.Errorf("descriptors: %s: mode must be \"any\" or \"all\", got %q", d.Name(), mode)
	}
	m, err := newWordMatcher(words, lemmatize)
	if err != nil {
		return nil, err
	}
	// includes_all and excludes_any need every word; the others one.
	needAll := mode == "all" && !excludes || mode == "any" && excludes
	return categorical(ctx, f, d, boolLevels, no, func(s string) verdict {
		var held bool
		if needAll {
			held = m.scan(s, false) == len(m.found)
		} else {
			held = m.scan(s, true) > 0
		}
		return verdictOf(held != excludes)
	})
}

func verdictOf(b bool) verdict {
	if b {
		return yes
	}
	return no
}

// pyBool is Python's str of a bool.
func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// pyList is Python's repr of a list of strings: ['a', 'b'].
func pyList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = pyRepr(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// pyRepr is Python's repr of a str for the usual cases: single quotes,
// or double quotes when the text holds a single quote and no double one;
// backslashes, the quote and control characters escaped.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.Contains(s, "'") && !strings.Contains(s, `"`) {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == '\\' || r == rune(q):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}
