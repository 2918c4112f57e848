package figure

import (
	"strings"
	"unicode/utf8"

	"github.com/telltale-ml/telltale/metrics"
)

// printable returns s as text a chart may show and XML may hold: a C0
// control character (which XML 1.0 forbids, tab and newline included:
// they would break the line of a label anyway) becomes its visible symbol
// from Unicode's Control Pictures block (U+0001 → ␁), DEL becomes ␡, a C1
// control or a non-character (U+FFFE, U+FFFF) and each byte of invalid
// UTF-8 become U+FFFD. Column names come from data, so every string of a
// view goes through it.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff || r == utf8.RuneError {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20:
			b.WriteRune(0x2400 + r)
		case r == 0x7f:
			b.WriteRune(0x2421)
		case r >= 0x80 && r <= 0x9f, r == 0xfffe, r == 0xffff:
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func printables(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = printable(s)
	}
	return out
}

// printableView returns a copy of v whose strings are printable; the
// numbers are shared.
func printableView(v metrics.View) metrics.View {
	switch v := v.(type) {
	case *metrics.HistogramView:
		c := *v
		c.Title, c.XLabel, c.YLabel = printable(v.Title), printable(v.XLabel), printable(v.YLabel)
		return &c
	case *metrics.Bars:
		c := *v
		c.Title, c.YLabel, c.Categories = printable(v.Title), printable(v.YLabel), printables(v.Categories)
		c.Series = make([]metrics.Series, len(v.Series))
		for i, s := range v.Series {
			s.Name = printable(s.Name)
			c.Series[i] = s
		}
		return &c
	case *metrics.Lines:
		c := *v
		c.Title, c.XLabel, c.YLabel = printable(v.Title), printable(v.XLabel), printable(v.YLabel)
		c.Series = make([]metrics.LineSeries, len(v.Series))
		for i, s := range v.Series {
			s.Name = printable(s.Name)
			c.Series[i] = s
		}
		return &c
	case *metrics.Heatmap:
		c := *v
		c.Title, c.XLabel, c.YLabel = printable(v.Title), printable(v.XLabel), printable(v.YLabel)
		c.XLabels, c.YLabels = printables(v.XLabels), printables(v.YLabels)
		return &c
	}
	return v
}
