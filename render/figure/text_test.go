package figure

import "testing"

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"plain name":     "plain name",
		"a\x01b":         "a␁b",
		"\x00\t\n\r":     "␀␉␊␍",
		"\x1b[31m":       "␛[31m",
		"del\x7f":        "del␡",
		"c1\u0085":       "c1\ufffd",
		"bad\xffutf":     "bad\ufffdutf",
		"nc\ufffe\uffff": "nc\ufffd\ufffd",
		"<&>\"'é✓":       "<&>\"'é✓", // markup is the SVG writer's to escape
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
