package descriptors

import (
	"context"
	"unicode"

	"github.com/telltale-ml/telltale/dataset"
)

// TextLength is the length of each text in characters (Unicode code
// points, Python's len): Evidently's TextLength. A missing text is 0.
type TextLength struct{ Base }

// Name implements Descriptor.
func (*TextLength) Name() string { return "TextLength" }

// Output implements Descriptor.
func (d *TextLength) Output() string { return d.output("Text Length for " + d.Column) }

// Compute implements Descriptor.
func (d *TextLength) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return numeric(ctx, f, d, 0, true, func(s string) float64 { return float64(runeCount(s)) })
}

// WordCount is the number of words of each text, as Evidently counts them:
// every character but the ASCII letters and the space is dropped
// (re.sub(r"[^a-zA-Z ]+", "", text)), then the rest is split on spaces.
// Digits and other scripts do not count; "don't" is one word, and so are
// two words joined by a line break. A missing text is 0.
type WordCount struct{ Base }

// Name implements Descriptor.
func (*WordCount) Name() string { return "WordCount" }

// Output implements Descriptor.
func (d *WordCount) Output() string { return d.output("Word Count for " + d.Column) }

// Compute implements Descriptor.
func (d *WordCount) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return numeric(ctx, f, d, 0, true, func(s string) float64 { return float64(wordCount(s)) })
}

// wordCount counts the runs of ASCII letters separated by spaces, ignoring
// every other character.
func wordCount(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			if !in {
				n++
				in = true
			}
		case c == ' ':
			in = false
		}
	}
	return n
}

// SentenceCount is the number of sentences of each text, as Evidently
// counts them: the pieces of re.split(r"(?<!\w\.\w.)(?<![A-Z][a-z]\.)(?<=\.|\?)\s", text),
// at least 1. A sentence ends at a whitespace character after "." or "?",
// except after an abbreviation such as "e.g." or "Mr."; "!" ends none. An
// empty text is 1 sentence; a missing text is 0.
type SentenceCount struct{ Base }

// Name implements Descriptor.
func (*SentenceCount) Name() string { return "SentenceCount" }

// Output implements Descriptor.
func (d *SentenceCount) Output() string { return d.output("Sentence Count for " + d.Column) }

// Compute implements Descriptor.
func (d *SentenceCount) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return numeric(ctx, f, d, 0, true, func(s string) float64 { return float64(sentenceCount(s)) })
}

// sentenceCount counts the matches of Evidently's split pattern, plus one.
// It keeps the last four characters to test the look-behinds.
func sentenceCount(s string) int {
	var prev [4]rune // prev[3] is the character just before, prev[0] four before
	seen := 0        // characters seen, to know how many of prev are set
	n := 1
	for _, r := range s {
		if isSpace(r) && seen >= 1 && (prev[3] == '.' || prev[3] == '?') {
			abbrev := seen >= 4 && isWordRune(prev[0]) && prev[1] == '.' && isWordRune(prev[2]) && prev[3] != '\n'
			title := seen >= 3 && prev[1] >= 'A' && prev[1] <= 'Z' && prev[2] >= 'a' && prev[2] <= 'z' && prev[3] == '.'
			if !abbrev && !title {
				n++
			}
		}
		prev[0], prev[1], prev[2], prev[3] = prev[1], prev[2], prev[3], r
		seen++
	}
	return n
}

// NonLetterCharacterPercentage is the percentage of the characters of
// each text that are neither letters (Python's str.isalpha: Unicode
// categories L*) nor the space: 100·non-letters/length. Digits,
// punctuation, tabs and line breaks count as non-letters. A missing text
// is 0, and so is an empty one (where Evidently divides by zero).
type NonLetterCharacterPercentage struct{ Base }

// Name implements Descriptor.
func (*NonLetterCharacterPercentage) Name() string { return "NonLetterCharacterPercentage" }

// Output implements Descriptor.
func (d *NonLetterCharacterPercentage) Output() string {
	return d.output("Non Letter Character % for " + d.Column)
}

// Compute implements Descriptor.
func (d *NonLetterCharacterPercentage) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return numeric(ctx, f, d, 0, false, nonLetterPercentage)
}

func nonLetterPercentage(s string) float64 {
	n, non := 0, 0
	for _, r := range s {
		n++
		if r != ' ' && !unicode.IsLetter(r) {
			non++
		}
	}
	if n == 0 {
		return 0
	}
	return 100 * float64(non) / float64(n)
}
