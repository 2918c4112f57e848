package tracking

import (
	"regexp"
	"testing"
)

// The patterns of mlflow/utils/validation.py the loops of validate.go
// stand for (Go's regexp: "$" is the end of the text).
var (
	mlflowKeyRE   = regexp.MustCompile(`^[/\p{L}\p{N}_.\- :]*$`)
	mlflowRunIDRE = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,255}$`)
	mlflowExpIDRE = regexp.MustCompile(`^[a-zA-Z0-9][\w\-]{0,63}$`)
)

func checkValidatorsMatchPatterns(t *testing.T, s string) {
	t.Helper()
	if got, want := keyChars(s), mlflowKeyRE.MatchString(s); got != want {
		t.Errorf("keyChars(%q) = %v, the pattern says %v", s, got, want)
	}
	if got, want := isID(s, 256), mlflowRunIDRE.MatchString(s); got != want {
		t.Errorf("isID(%q, 256) = %v, the pattern says %v", s, got, want)
	}
	if got, want := isID(s, 64), mlflowExpIDRE.MatchString(s); got != want {
		t.Errorf("isID(%q, 64) = %v, the pattern says %v", s, got, want)
	}
}

func TestValidatorsMatchMLflowPatterns(t *testing.T) {
	long := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = "a0_-Z"[i%5]
		}
		return string(b)
	}
	for _, s := range []string{
		"", "a", "_a", "-a", "0", "Z9_-", "a b", "a/b", "a.b", "a:b", "a\nb", "a\n", "\n",
		"é", "日本", "٣", "Ⅻ", "a\u00a0b", "a\tb", "a*b", "\xff", "a\xffb", "\u200b",
		long(64), long(65), long(256), long(257), "a" + long(255) + "\n",
	} {
		checkValidatorsMatchPatterns(t, s)
	}
}

func FuzzValidatorsMatchMLflowPatterns(f *testing.F) {
	for _, s := range []string{"run_1", "-x", "é/ü.v", "a\n", "\xffz"} {
		f.Add(s)
	}
	f.Fuzz(checkValidatorsMatchPatterns)
}
