package descriptors

import (
	"unicode"
	"unicode/utf8"
)

// Python's character classes, which Evidently's descriptors use through
// str methods and the re module.

// isSpace reports whether r is whitespace as Python's str.isspace and the
// re module's \s see it: Unicode White_Space, plus the separators U+001C
// to U+001F, which Python counts and Go's unicode.IsSpace does not.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
}

// isWordRune reports whether r matches the re module's \w on a str
// pattern: a letter or a number (str.isalnum), or the underscore.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// isUpper reports whether s is all upper case as Python's str.isupper
// sees it: at least one cased character, and no lower-case or title-case
// one.
func isUpper(s string) bool {
	cased := false
	for _, r := range s {
		switch {
		case unicode.IsLower(r) || unicode.IsTitle(r) || unicode.Is(unicode.Other_Lowercase, r):
			return false
		case unicode.IsUpper(r) || unicode.Is(unicode.Other_Uppercase, r):
			cased = true
		}
	}
	return cased
}

// pyFields calls fn with each whitespace-separated field of s, as
// Python's str.split() with no argument splits.
func pyFields(s string, fn func(string) bool) {
	start := -1
	for i, r := range s {
		if isSpace(r) {
			if start >= 0 {
				if !fn(s[start:i]) {
					return
				}
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		fn(s[start:])
	}
}

// asciiWords calls fn with each word of s as Evidently splits text into
// words: re.sub("[^A-Za-z0-9 ]+", "", s).split() (with digits) or
// re.sub("[^a-zA-Z ]+", "", s).split() (without). Every other character is
// dropped, so it joins the letters on either side ("don't" is "dont",
// "e-mail" is "email", a line break joins two words); only the space
// separates. fn gets the word in buf, which it must not keep; it returns
// false to stop.
func asciiWords(s string, digits bool, buf []byte, fn func([]byte) bool) []byte {
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || digits && c >= '0' && c <= '9':
			buf = append(buf, c)
		case c == ' ':
			if len(buf) > 0 {
				if !fn(buf) {
					return buf
				}
				buf = buf[:0]
			}
		}
	}
	if len(buf) > 0 {
		fn(buf)
	}
	return buf
}

// lowerASCII lower-cases the ASCII letters of b in place.
func lowerASCII(b []byte) {
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// runeCount is Python's len of a str: its number of code points.
func runeCount(s string) int { return utf8.RuneCountInString(s) }
