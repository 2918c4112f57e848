package descriptors

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/dataset"
)

// fold returns s, or when the comparison is not case sensitive its
// Python str.casefold: full Unicode case folding ("Straße" is "strasse"),
// from casefoldTable. Text with nothing to fold is returned as is.
func fold(s string, caseSensitive bool) string {
	if caseSensitive {
		return s
	}
	var b []byte
	for i, r := range s {
		f, ok := casefoldRune(r)
		if b == nil {
			if !ok {
				continue
			}
			b = append(make([]byte, 0, len(s)+8), s[:i]...)
		}
		if ok {
			b = append(b, f...)
		} else {
			b = utf8.AppendRune(b, r)
		}
	}
	if b == nil {
		return s
	}
	return string(b)
}

// casefoldRune returns the folding of r and whether casefold changes it.
func casefoldRune(r rune) (string, bool) {
	if r < 0x80 {
		if r >= 'A' && r <= 'Z' {
			return asciiLower[r-'A' : r-'A'+1], true
		}
		return "", false
	}
	i := sort.Search(len(casefoldTable), func(i int) bool { return casefoldTable[i].r >= r })
	if i < len(casefoldTable) && casefoldTable[i].r == r {
		return casefoldTable[i].fold, true
	}
	return "", false
}

const asciiLower = "abcdefghijklmnopqrstuvwxyz"

// Contains tells whether a text holds any (Mode "any", the default) or all
// (Mode "all") of Items: Evidently's Contains, values True and False.
//
// As in Evidently, mode "any" searches for the regular expression
// Items[0]|Items[1]|... (pandas' str.contains with regex=True), so an item
// such as "a.b" or "(c)" is a pattern, not a literal (the syntax is Go's
// RE2, which agrees with Python's for the usual patterns); a missing text
// is missing. Mode "all" looks for each item as a literal substring; a
// missing text is False (True for an empty list). CaseSensitive false
// compares case-folded text (Python's str.casefold).
type Contains struct {
	Base
	Items         []string `json:"items"`
	Mode          string   `json:"mode"`
	CaseSensitive bool     `json:"case_sensitive"`
}

// Name implements Descriptor.
func (*Contains) Name() string { return "Contains" }

// Output implements Descriptor.
func (d *Contains) Output() string {
	return d.output(fmt.Sprintf("Text Contains of %s [%s] for %s", d.Mode, strings.Join(d.Items, ", "), d.Column))
}

// Compute implements Descriptor.
func (d *Contains) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return containsColumn(ctx, f, d, d.Items, d.Mode, d.CaseSensitive, false)
}

// DoesNotContain is the negation of Contains: Evidently's DoesNotContain,
// whose default Mode is "all" (True when the text misses at least one
// item; "any": True when it holds none). A missing text is True in mode
// "all" (False for an empty list) and missing in mode "any", where
// Evidently fails. Its default column name says "Does Not Contain", where
// Evidently reuses Contains' "Text Contains of ...".
type DoesNotContain struct {
	Base
	Items         []string `json:"items"`
	Mode          string   `json:"mode"`
	CaseSensitive bool     `json:"case_sensitive"`
}

// Name implements Descriptor.
func (*DoesNotContain) Name() string { return "DoesNotContain" }

// Output implements Descriptor.
func (d *DoesNotContain) Output() string {
	return d.output(fmt.Sprintf("Text Does Not Contain of %s [%s] for %s", d.Mode, strings.Join(d.Items, ", "), d.Column))
}

// Compute implements Descriptor.
func (d *DoesNotContain) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	return containsColumn(ctx, f, d, d.Items, d.Mode, d.CaseSensitive, true)
}

func containsColumn(ctx context.Context, f *dataset.Frame, d Descriptor, items []string, mode string, caseSensitive, negate bool) (dataset.Column, error) {
	switch mode {
	case "any":
		pattern := strings.Join(items, "|")
		if !caseSensitive {
			pattern = "(?i)(?:" + pattern + ")"
		}
		re, err := regexp.Compile(pattern)
		if err != nil {
			return nil, fmt.Errorf("descriptors: %s: items %s make the pattern %q (mode \"any\" searches for a regular expression, as Evidently does): %v",
				d.Name(), pyList(items), pattern, err)
		}
		return categorical(ctx, f, d, boolLevels, missingVerdict, func(s string) verdict {
			return verdictOf(re.MatchString(s) != negate)
		})
	case "all":
		folded := make([]string, len(items))
		for i, it := range items {
			folded[i] = fold(it, caseSensitive)
		}
		onMissing := verdictOf((len(items) == 0) != negate)
		return categorical(ctx, f, d, boolLevels, onMissing, func(s string) verdict {
			s = fold(s, caseSensitive)
			all := true
			for _, it := range folded {
				if !strings.Contains(s, it) {
					all = false
					break
				}
			}
			return verdictOf(all != negate)
		})
	}
	return nil, fmt.Errorf("descriptors: %s: mode must be \"any\" or \"all\", got %q", d.Name(), mode)
}

// BeginsWith tells whether a text starts with Prefix: Evidently's
// BeginsWith (pandas' str.startswith), values True and False; a missing
// text is missing.
type BeginsWith struct {
	Base
	Prefix        string `json:"prefix"`
	CaseSensitive bool   `json:"case_sensitive"`
}

// Name implements Descriptor.
func (*BeginsWith) Name() string { return "BeginsWith" }

// Output implements Descriptor.
func (d *BeginsWith) Output() string {
	return d.output(fmt.Sprintf("Text Begins with [%s] for %s", d.Prefix, d.Column))
}

// Compute implements Descriptor.
func (d *BeginsWith) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	p := fold(d.Prefix, d.CaseSensitive)
	return categorical(ctx, f, d, boolLevels, missingVerdict, func(s string) verdict {
		return verdictOf(strings.HasPrefix(fold(s, d.CaseSensitive), p))
	})
}

// EndsWith tells whether a text ends with Suffix: Evidently's EndsWith,
// values True and False; a missing text is missing.
type EndsWith struct {
	Base
	Suffix        string `json:"suffix"`
	CaseSensitive bool   `json:"case_sensitive"`
}

// Name implements Descriptor.
func (*EndsWith) Name() string { return "EndsWith" }

// Output implements Descriptor.
func (d *EndsWith) Output() string {
	return d.output(fmt.Sprintf("Text Ends with [%s] for %s", d.Suffix, d.Column))
}

// Compute implements Descriptor.
func (d *EndsWith) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	suf := fold(d.Suffix, d.CaseSensitive)
	return categorical(ctx, f, d, boolLevels, missingVerdict, func(s string) verdict {
		return verdictOf(strings.HasSuffix(fold(s, d.CaseSensitive), suf))
	})
}

// RegExp is 1 when a whole text matches the regular expression RegExp and
// 0 otherwise: Evidently's RegExp (pandas'
// astype(str).str.fullmatch(reg_exp).astype(int)). As there, a missing
// text is matched as the text "nan". The syntax is Go's (RE2), which
// agrees with Python's for the usual patterns but has no backreferences
// or lookarounds.
type RegExp struct {
	Base
	RegExp string `json:"reg_exp"`
}

// Name implements Descriptor.
func (*RegExp) Name() string { return "RegExp" }

// Output implements Descriptor.
func (d *RegExp) Output() string {
	return d.output(fmt.Sprintf("RegExp '%s' Match for column %s", d.RegExp, d.Column))
}

// Compute implements Descriptor.
func (d *RegExp) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	re, err := regexp.Compile(`\A(?:` + d.RegExp + `)\z`)
	if err != nil {
		return nil, fmt.Errorf("descriptors: RegExp: reg_exp %q: %v", d.RegExp, err)
	}
	return categorical(ctx, f, d, intLevels, verdictOf(re.MatchString("nan")), func(s string) verdict {
		return verdictOf(re.MatchString(s))
	})
}

// ExactMatch tells whether a text equals the value of WithColumn in the
// same row: Evidently's ExactMatch (pandas' ==), values True and False. A
// row where either is missing is False. Both columns must be categorical
// or text.
type ExactMatch struct {
	Base
	WithColumn string `json:"with_column"`
}

// Name implements Descriptor.
func (*ExactMatch) Name() string { return "ExactMatch" }

// Output implements Descriptor.
func (d *ExactMatch) Output() string {
	return d.output(fmt.Sprintf("Exact Match for %s %s.", d.Column, d.WithColumn))
}

// Compute implements Descriptor.
func (d *ExactMatch) Compute(ctx context.Context, f *dataset.Frame) (dataset.Column, error) {
	a, err := textColumn(f, d)
	if err != nil {
		return nil, err
	}
	b, err := textColumn(f, &ExactMatch{Base: Base{Column: d.WithColumn}})
	if err != nil {
		return nil, fmt.Errorf("descriptors: ExactMatch: with_column: %w", err)
	}
	// Map b's levels to a's codes once; rows then compare integers.
	index := make(map[string]int32, len(a.Levels()))
	for i, l := range a.Levels() {
		index[l] = int32(i)
	}
	bToA := make([]int32, len(b.Levels()))
	for i, l := range b.Levels() {
		if k, ok := index[l]; ok {
			bToA[i] = k
		} else {
			bToA[i] = -2
		}
	}
	ac, bc := a.Codes(), b.Codes()
	out := make([]int32, len(ac))
	for i := range ac {
		if ac[i] >= 0 && bc[i] >= 0 && bToA[bc[i]] == ac[i] {
			out[i] = 1
		}
		if i%(checkEvery*64) == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return twoLevels(d.Output(), out, boolLevels)
}

// twoLevels makes a categorical column of the verdicts in codes (0, 1 or
// -1 for missing), keeping only the levels that occur.
func twoLevels(name string, codes []int32, levels [2]string) (dataset.Column, error) {
	var used [2]bool
	for _, k := range codes {
		if k >= 0 {
			used[k] = true
		}
	}
	if used[0] && used[1] {
		return dataset.NewCodedColumn(name, dataset.Categorical, codes, levels[:])
	}
	var kept []string
	for v, u := range used {
		if u {
			kept = append(kept, levels[v])
		}
	}
	for i, k := range codes {
		if k > 0 {
			codes[i] = 0
		}
	}
	return dataset.NewCodedColumn(name, dataset.Categorical, codes, kept)
}
